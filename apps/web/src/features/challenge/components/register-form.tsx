import { type FormEvent, useState } from "react";
import { FormError } from "../../../components/status";
import type { Cycle } from "../api/cycles";
import { useRegisterEntry } from "../api/entry";

type Kind = "web" | "mail" | "dns" | "other";
const KINDS: Array<[Kind, string]> = [
  ["web", "Web site (host name or URL)"],
  ["mail", "Mail domain (its MX hosts are checked)"],
  ["dns", "DNS zone (its name servers are checked)"],
  ["other", "Other service (host or host:port)"],
];

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
      <h2 id="register-heading">Register for {cycle.name}</h2>
      <label>
        Organisation
        <select value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
          {organisations.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Entry name (optional)
        <input name="name" maxLength={200} placeholder="defaults to the organisation's name" />
      </label>
      <label>
        Networks (AS numbers held by the organisation)
        <input name="asns" required defaultValue={asns.join(", ")} placeholder="64496, 64497" />
      </label>
      <fieldset>
        <legend>Contact</legend>
        <label>
          Name
          <input name="contact-name" required maxLength={200} />
        </label>
        <label>
          E-mail
          <input name="contact-email" type="email" required maxLength={320} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Services to deploy over IPv6</legend>
        {services.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
          <div className="service-row" key={i}>
            <select
              aria-label={`Service ${i + 1} kind`}
              value={s.kind}
              onChange={(e) =>
                setServices(services.map((x, j) => (j === i ? { ...x, kind: e.target.value as Kind } : x)))
              }
            >
              {KINDS.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            <input
              aria-label={`Service ${i + 1} host`}
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
          Add a service
        </button>
      </fieldset>
      <FormError error={register.error} />
      <button type="submit" disabled={register.isPending}>
        {register.isPending ? "Registering…" : "Register the entry"}
      </button>
    </form>
  );
}
