/**
 * The manage page's body: what the subscription follows and where it goes, its choices to change,
 * and the way out. A cancelled subscription is shown, not changed: following again starts over.
 */
import { type FormEvent, useId } from "react";
import { PageLink } from "../../../components/page-link";
import { FormError } from "../../../components/status";
import { type MessageKey, useT } from "../../../lib/i18n";
import { countryPath, organisationPath, providerPath } from "../../../lib/navigation";
import {
  type ManagedSubscription,
  useChangeManagedSubscription,
  useUnsubscribeManaged,
} from "../api/manage-subscription";
import { ChoiceFields, useChoicesReader } from "./choice-fields";

type Subject = ManagedSubscription["subject"];

export const subjectPagePath = (s: Subject) =>
  s.kind === "network"
    ? providerPath(Number(s.id))
    : s.kind === "organisation"
      ? organisationPath(s.id)
      : countryPath(s.id);

export function ManageForm({ token, subscription }: { token: string; subscription: ManagedSubscription }) {
  const t = useT();
  const change = useChangeManagedSubscription(token);
  const stop = useUnsubscribeManaged(token);
  const s = subscription;
  const choices = useChoicesReader(s.allowedEvents);
  const legend = useId();
  const subject = (
    <PageLink to={subjectPagePath(s.subject)}>
      {t(`subscriptions.subject.${s.subject.kind}` as MessageKey, { id: s.subject.id })}
    </PageLink>
  );
  const about = <p>{t.rich("manage.about", { subject, email: <strong>{s.email}</strong> })}</p>;
  if (s.status === "unsubscribed")
    return (
      <>
        {about}
        <p className="notice" role="status">
          {t.rich("manage.unsubscribed", { subject: subject })}
        </p>
      </>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const chosen = choices.read(new FormData(e.currentTarget));
    if (chosen) change.mutate(chosen);
  };
  return (
    <>
      {about}
      {s.status === "pending" && <p className="muted">{t("manage.pending")}</p>}
      <form className="form" onSubmit={submit} aria-labelledby={legend}>
        <h2 id={legend}>{t("manage.choices")}</h2>
        <ChoiceFields
          allowed={s.allowedEvents}
          events={s.events}
          delivery={s.delivery}
          language={s.language}
        />
        {choices.error}
        <FormError error={change.error} />
        <button type="submit" disabled={change.isPending}>
          {t("manage.save")}
        </button>
        {change.isSuccess && !change.isPending && (
          <p className="notice" role="status">
            {t("manage.saved")}
          </p>
        )}
      </form>
      <h2>{t("manage.stopHeading")}</h2>
      <FormError error={stop.error} />
      <button
        type="button"
        className="danger"
        disabled={stop.isPending}
        onClick={() => stop.mutate(undefined)}
      >
        {t("subscriptions.unsubscribe")}
      </button>
    </>
  );
}
