import { SignInRequired } from "../components/sign-in-required";
import { LoadError, Loading } from "../components/status";
import { useMyDisputes } from "../features/disputes/api/disputes";
import { DisputeCard } from "../features/disputes/components/dispute-card";
import { DisputeForm } from "../features/disputes/components/dispute-form";
import { useAwardCycles } from "../features/review/api/award-cycles";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { useSession } from "../lib/session";

function MyDisputesList() {
  const t = useT();
  const mine = useMyDisputes();
  if (mine.isPending) return <Loading label={t("disputes.loading")} />;
  if (mine.isError) return <LoadError error={mine.error} onRetry={() => mine.refetch()} />;
  return (
    <section className="panel" aria-labelledby="my-disputes-heading">
      <h2 id="my-disputes-heading">{t("disputes.mineHeading")}</h2>
      {mine.data.data.length === 0 ? (
        <p className="muted">{t("disputes.none")}</p>
      ) : (
        mine.data.data.map((d) => <DisputeCard key={d.id} dispute={d} showCycle />)
      )}
    </section>
  );
}

/** An ISP's disputes of its Jim Bound standings: file one, follow each to the chair's resolution. */
export function MyDisputesPage() {
  const t = useT();
  useDocumentTitle(t("nav.myDisputes"));
  const session = useSession();
  const cycles = useAwardCycles();
  if (session.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "isp") return <SignInRequired account={account} audience={t("audience.isp")} />;
  return (
    <>
      <h1>{t("nav.myDisputes")}</h1>
      <p className="lede">{t("disputes.lede")}</p>
      {cycles.isPending ? (
        <Loading label={t("committee.loadingAwardCycles")} />
      ) : cycles.isError ? (
        <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />
      ) : (
        // A released cycle's standings are final: only unreleased cycles take disputes.
        <DisputeForm cycles={cycles.data.data.filter((c) => c.releasedAt === null)} />
      )}
      <MyDisputesList />
    </>
  );
}
