import { SignInRequired } from "../components/sign-in-required";
import { LoadError, Loading } from "../components/status";
import { AuditPanel } from "../features/admin/components/audit-panel";
import { CycleForm } from "../features/admin/components/cycle-form";
import { UsersPanel } from "../features/admin/components/users-panel";
import { useSession } from "../lib/session";

export function AdminPage() {
  const session = useSession();
  if (session.isPending) return <Loading label="Loading…" />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "admin") return <SignInRequired account={account} audience="administrators" />;
  return (
    <>
      <h1>Administration</h1>
      <UsersPanel />
      <CycleForm />
      <AuditPanel />
    </>
  );
}
