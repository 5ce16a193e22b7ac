/**
 * The pages an alert e-mail links to: confirming a subscription (double opt-in), managing it and
 * stopping it. The token travels in the fragment, so it never reaches a server log; the
 * unsubscribe page also takes it from the query, as the one-click URL carries it. Each changes
 * something only on a click: mail scanners that open links must not confirm or cancel anything.
 */
import { useId } from "react";
import { FormError, LoadError, Loading } from "../components/status";
import { useConfirmSubscription } from "../features/subscriptions/api/confirm-subscription";
import { useManagedSubscription } from "../features/subscriptions/api/manage-subscription";
import { useUnsubscribe } from "../features/subscriptions/api/unsubscribe";
import { ManageForm } from "../features/subscriptions/components/manage-form";
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

/** A page that, on a click, sends its link's token to the API and says what happened to which subject. */
function TokenActionPage(props: {
  title: MessageKey;
  body: MessageKey;
  button: MessageKey;
  done: MessageKey;
  mutation: ReturnType<typeof useConfirmSubscription> | ReturnType<typeof useUnsubscribe>;
}) {
  const t = useT();
  useDocumentTitle(t(props.title));
  const token = useToken();
  const { mutation } = props;
  const label = useSubjectLabel();
  const heading = useId();
  if (!token) return <Incomplete />;
  return (
    <section className="panel narrow" aria-labelledby={heading}>
      <h1 id={heading}>{t(props.title)}</h1>
      {mutation.isSuccess ? (
        <p className="notice" role="status">
          {t(props.done, { subject: label(mutation.data.data.subject) })}
        </p>
      ) : (
        <>
          <p>{t(props.body)}</p>
          <FormError error={mutation.error} />
          <button type="button" disabled={mutation.isPending} onClick={() => mutation.mutate(token)}>
            {t(props.button)}
          </button>
        </>
      )}
    </section>
  );
}

export function ConfirmSubscriptionPage() {
  const mutation = useConfirmSubscription();
  return (
    <TokenActionPage
      title="subscriptions.confirmTitle"
      body="subscriptions.confirmBody"
      button="subscriptions.confirm"
      done="subscriptions.confirmed"
      mutation={mutation}
    />
  );
}

export function UnsubscribePage() {
  const mutation = useUnsubscribe();
  return (
    <TokenActionPage
      title="subscriptions.unsubscribeTitle"
      body="subscriptions.unsubscribeBody"
      button="subscriptions.unsubscribe"
      done="subscriptions.unsubscribed"
      mutation={mutation}
    />
  );
}

/** `/subscriptions/manage#token=…`: the subscription a message's token names, to change or stop. */
export function ManageSubscriptionPage() {
  const t = useT();
  useDocumentTitle(t("manage.title"));
  const token = useToken();
  const heading = useId();
  const subscription = useManagedSubscription(token);
  if (!token) return <Incomplete />;
  return (
    <section className="panel narrow" aria-labelledby={heading}>
      <h1 id={heading}>{t("manage.title")}</h1>
      {subscription.isPending ? (
        <Loading label={t("manage.loading")} />
      ) : subscription.isError ? (
        <LoadError error={subscription.error} onRetry={() => subscription.refetch()} />
      ) : (
        <ManageForm token={token} subscription={subscription.data.data} />
      )}
    </section>
  );
}
