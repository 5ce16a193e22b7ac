import { SignInRequired } from "../components/sign-in-required";
import { LoadError, Loading } from "../components/status";
import { useWebhooks } from "../features/webhooks/api/webhooks";
import { NewWebhookForm } from "../features/webhooks/components/new-webhook-form";
import { WebhookCard } from "../features/webhooks/components/webhook-card";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { useSession } from "../lib/session";

function WebhookList({ role }: { role: "isp" | "admin" }) {
  const t = useT();
  const list = useWebhooks();
  if (list.isPending) return <Loading label={t("webhooks.loading")} />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <section className="panel" aria-labelledby="webhook-list-heading">
      <h2 id="webhook-list-heading">
        {t(role === "admin" ? "webhooks.listHeading.admin" : "webhooks.listHeading.isp")}
      </h2>
      {list.data.data.length === 0 ? (
        <p className="muted">{t("webhooks.none")}</p>
      ) : (
        list.data.data.map((e) => <WebhookCard key={e.id} endpoint={e} role={role} />)
      )}
    </section>
  );
}

/** Webhook endpoints of an ISP account or an admin: add one (secret shown once), manage, read the log. */
export function WebhooksPage() {
  const t = useT();
  useDocumentTitle(t("nav.webhooks"));
  const session = useSession();
  if (session.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "isp" && account?.role !== "admin")
    return <SignInRequired account={account} audience={t("audience.webhooks")} />;
  return (
    <>
      <h1>{t("nav.webhooks")}</h1>
      <p className="lede">{t("webhooks.lede")}</p>
      <NewWebhookForm role={account.role} />
      <WebhookList role={account.role} />
    </>
  );
}
