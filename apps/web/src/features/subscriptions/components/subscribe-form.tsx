import { type FormEvent, useId } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { type NewSubscription, useSubscribe } from "../api/subscribe";
import { OptionsDisclosure, useAllowedEvents, useChoicesReader } from "./choice-fields";

/** What the form follows: a network, an organisation or an economy. */
export type FollowedSubject =
  | { kind: "network"; asn: number }
  | { kind: "organisation"; id: string }
  | { kind: "economy"; cc: string };

const subjectFields = (s: FollowedSubject) =>
  s.kind === "network" ? { asn: s.asn } : s.kind === "organisation" ? { organisation: s.id } : { cc: s.cc };

/**
 * "Follow by e-mail" at the foot of a network's, an organisation's or an economy's page: an
 * address, and under "Options" the events (all that apply, by default), the delivery and the
 * language (the page's, by default).
 */
export function SubscribeForm({ subject, label }: { subject: FollowedSubject; label: string }) {
  const t = useT();
  const heading = useId();
  const add = useSubscribe();
  const allowed = useAllowedEvents(subject.kind);
  const choices = useChoicesReader(allowed);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const chosen = choices.read(form);
    if (!chosen) return;
    const body: NewSubscription = { email: String(form.get("email")), ...subjectFields(subject), ...chosen };
    add.mutate(body);
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={heading}>
      <h2 id={heading}>{t("subscribe.heading")}</h2>
      <p>{t(subject.kind === "economy" ? "subscribe.ledeEconomy" : "subscribe.lede", { subject: label })}</p>
      <label>
        {t("subscribe.email")}
        <input name="email" type="email" autoComplete="email" maxLength={320} required />
      </label>
      <OptionsDisclosure allowed={allowed} kind={subject.kind} />
      {choices.error}
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t("subscribe.submit")}
      </button>
      {add.isSuccess && (
        <p className="notice" role="status">
          {t("subscribe.sent", { email: add.variables.email })}
        </p>
      )}
    </form>
  );
}
