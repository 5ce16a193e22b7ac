/**
 * The pages an alert e-mail links to: confirming a subscription (double opt-in) and stopping
 * it. The token travels in the fragment, so it never reaches a server log; the unsubscribe page
 * also takes it from the query, as the one-click URL carries it. Each acts only on a click:
 * mail scanners that open links must not confirm or cancel anything.
 */
import { FormError } from "../components/status";
import { useConfirmSubscription } from "../features/subscriptions/api/confirm-subscription";
import { useUnsubscribe } from "../features/subscriptions/api/unsubscribe";
import { useDocumentTitle } from "../lib/document-title";
import { type MessageKey, useT } from "../lib/i18n";
import { useHash } from "../lib/navigation";

function useToken(): string {
  const hash = useHash();
  return (
    new URLSearchParams(hash).get("token") ?? new URLSearchParams(window.location.search).get("token") ?? ""
  );
}

interface Subject {
  kind: "network" | "organisation" | "economy";
  id: string;
}

function useSubjectLabel() {
  const t = useT();
  return (subject: Subject) => t(`subscriptions.subject.${subject.kind}` as MessageKey, { id: subject.id });
}

function Incomplete() {
  const t = useT();
  return (
    <section className="panel narrow">
      <h1>{t("subscriptions.incomplete")}</h1>
      <p>{t.rich("subscriptions.incompleteBody", { token: <code>#token=…</code> })}</p>
    </section>
  );
}

export function ConfirmSubscriptionPage() {
  const t = useT();
  useDocumentTitle(t("subscriptions.confirmTitle"));
  const token = useToken();
  const confirm = useConfirmSubscription();
  const label = useSubjectLabel();
  if (!token) return <Incomplete />;
  return (
    <section className="panel narrow" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">{t("subscriptions.confirmTitle")}</h1>
      {confirm.isSuccess ? (
        <p className="notice" role="status">
          {t("subscriptions.confirmed", { subject: label(confirm.data.data.subject) })}
        </p>
      ) : (
        <>
          <p>{t("subscriptions.confirmBody")}</p>
          <FormError error={confirm.error} />
          <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate(token)}>
            {t("subscriptions.confirm")}
          </button>
        </>
      )}
    </section>
  );
}

export function UnsubscribePage() {
  const t = useT();
  useDocumentTitle(t("subscriptions.unsubscribeTitle"));
  const token = useToken();
  const stop = useUnsubscribe();
  const label = useSubjectLabel();
  if (!token) return <Incomplete />;
  return (
    <section className="panel narrow" aria-labelledby="unsubscribe-heading">
      <h1 id="unsubscribe-heading">{t("subscriptions.unsubscribeTitle")}</h1>
      {stop.isSuccess ? (
        <p className="notice" role="status">
          {t("subscriptions.unsubscribed", { subject: label(stop.data.data.subject) })}
        </p>
      ) : (
        <>
          <p>{t("subscriptions.unsubscribeBody")}</p>
          <FormError error={stop.error} />
          <button type="button" disabled={stop.isPending} onClick={() => stop.mutate(token)}>
            {t("subscriptions.unsubscribe")}
          </button>
        </>
      )}
    </section>
  );
}
