import { SignInRequired } from "../components/sign-in-required";
import { LoadError, Loading } from "../components/status";
import { AuditPanel } from "../features/admin/components/audit-panel";
import { AwardCycleForm } from "../features/admin/components/award-cycle-form";
import { CycleForm } from "../features/admin/components/cycle-form";
import { MailPanel } from "../features/admin/components/mail-panel";
import { UsersPanel } from "../features/admin/components/users-panel";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { useSession } from "../lib/session";

export function AdminPage() {
  const t = useT();
  useDocumentTitle(t("nav.admin"));
  const session = useSession();
  if (session.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "admin") return <SignInRequired account={account} audience={t("audience.admin")} />;
  return (
    <>
      <h1>{t("nav.admin")}</h1>
      <MailPanel />
      <UsersPanel />
      <CycleForm />
      <AwardCycleForm />
      <AuditPanel />
    </>
  );
}
