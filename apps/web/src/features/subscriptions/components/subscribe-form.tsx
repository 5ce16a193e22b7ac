import { type FormEvent, useId } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { type NewSubscription, useSubscribe } from "../api/subscribe";

const DELIVERIES = ["immediate", "daily", "weekly"] as const;

/**
 * Subscribes an address to a network's alerts, in the page's language; the subject's every
 * event kind is followed (the API's default).
 */
export function SubscribeForm({ asn }: { asn: number }) {
  const t = useT();
  const heading = useId();
  const add = useSubscribe();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    add.mutate({
      email: String(form.get("email")),
      asn,
      delivery: String(form.get("delivery")) as NonNullable<NewSubscription["delivery"]>,
      language: t.locale,
    });
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={heading}>
      <h2 id={heading}>{t("subscribe.heading")}</h2>
      <p>{t("subscribe.lede", { subject: `AS${asn}` })}</p>
      <label>
        {t("subscribe.email")}
        <input name="email" type="email" autoComplete="email" maxLength={320} required />
      </label>
      <label>
        {t("subscribe.delivery")}
        <select name="delivery" defaultValue="immediate">
          {DELIVERIES.map((d) => (
            <option key={d} value={d}>
              {t(`subscribe.delivery.${d}`)}
            </option>
          ))}
        </select>
      </label>
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
