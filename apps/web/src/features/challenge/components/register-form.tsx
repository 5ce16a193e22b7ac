import { type FormEvent, useState } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import type { Cycle } from "../api/cycles";
import { useRegisterEntry } from "../api/entry";

type Kind = "web" | "mail" | "dns" | "other";
const KINDS: Kind[] = ["web", "mail", "dns", "other"];

/** Registration of the organisation's entry: networks, contacts and the services to check. */
export function RegisterForm({
  cycle,
  organisations,
  asns,
}: {
  cycle: Cycle;
  organisations: string[];
  asns: number[];
}) {
  const t = useT();
  const register = useRegisterEntry();
  const [organisationId, setOrganisationId] = useState(organisations[0] ?? "");
  const [services, setServices] = useState<Array<{ kind: Kind; host: string }>>([{ kind: "web", host: "" }]);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    register.mutate({
      cycleId: cycle.id,
      organisationId,
      name: text("name") || undefined,
      asns: text("asns")
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((a) => Number(a.replace(/^AS/i, ""))),
      contacts: [{ name: text("contact-name"), email: text("contact-email") }],
      services: services.filter((s) => s.host.trim() !== ""),
    });
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="register-heading">
      <h2 id="register-heading">{t("register.heading", { name: cycle.name })}</h2>
      <label>
        {t("common.organisation")}
        <select value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
          {organisations.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("register.entryName")}
        <input name="name" maxLength={200} placeholder={t("register.entryNamePlaceholder")} />
      </label>
      <label>
        {t("register.networks")}
        <input name="asns" required defaultValue={asns.join(", ")} placeholder="64496, 64497" />
      </label>
      <fieldset>
        <legend>{t("register.contact")}</legend>
        <label>
          {t("common.name")}
          <input name="contact-name" required maxLength={200} />
        </label>
        <label>
          {t("common.email")}
          <input name="contact-email" type="email" required maxLength={320} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t("register.services")}</legend>
        {services.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
          <div className="service-row" key={i}>
            <select
              aria-label={t("register.serviceKind", { n: i + 1 })}
              value={s.kind}
              onChange={(e) =>
                setServices(services.map((x, j) => (j === i ? { ...x, kind: e.target.value as Kind } : x)))
              }
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`register.kind.${k}`)}
                </option>
              ))}
            </select>
            <input
              aria-label={t("register.serviceHost", { n: i + 1 })}
              value={s.host}
              placeholder="www.example.net"
              onChange={(e) =>
                setServices(services.map((x, j) => (j === i ? { ...x, host: e.target.value } : x)))
              }
            />
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setServices([...services, { kind: "web", host: "" }])}
        >
          {t("register.addService")}
        </button>
      </fieldset>
      <FormError error={register.error} />
      <button type="submit" disabled={register.isPending}>
        {register.isPending ? t("register.registering") : t("register.submit")}
      </button>
    </form>
  );
}
