import { type FormEvent, useId, useState } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useSubscriptionChoices } from "../api/get-subscription-choices";
import { type NewSubscription, useSubscribe } from "../api/subscribe";
import { ChoiceFields, readChoices } from "./choice-fields";

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
  const choices = useSubscriptionChoices();
  const allowed = choices.data?.data.events[subject.kind] ?? [];
  const [noEvents, setNoEvents] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const chosen = readChoices(form);
    setNoEvents(allowed.length > 0 && chosen.events.length === 0);
    if (allowed.length > 0 && chosen.events.length === 0) return;
    const body: NewSubscription = {
      email: String(form.get("email")),
      ...subjectFields(subject),
      delivery: chosen.delivery,
      language: chosen.language,
      // Until the choices have loaded the options show no events: the API's default is all.
      ...(allowed.length > 0 ? { events: chosen.events } : {}),
    };
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
      <details className="options">
        <summary>{t("subscribe.options")}</summary>
        {/* Keyed by language: the default follows the page's until the form is sent. */}
        <div className="form" key={`${t.locale}-${allowed.length}`}>
          <ChoiceFields allowed={allowed} events={allowed} delivery="immediate" language={t.locale} />
        </div>
      </details>
      {noEvents && (
        <p className="form-error" role="alert">
          {t("subscribe.noEvents")}
        </p>
      )}
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
