import { PageLink } from "../components/page-link";
import { SignInRequired } from "../components/sign-in-required";
import { FormError, LoadError, Loading } from "../components/status";
import { useChecks, useRunChecks } from "../features/challenge/api/checks";
import { useCycleEntries } from "../features/challenge/api/cycle-entries";
import { type Cycle, useCycles } from "../features/challenge/api/cycles";
import { useEntry } from "../features/challenge/api/entry";
import { ChecksTimeline } from "../features/challenge/components/checks-timeline";
import { CycleCalendar } from "../features/challenge/components/cycle-calendar";
import { EntryDetails } from "../features/challenge/components/entry-details";
import { RegisterForm } from "../features/challenge/components/register-form";
import { ReportUpload } from "../features/challenge/components/report-upload";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { challengeResultsPath } from "../lib/navigation";
import { type SignedInAccount, useSession } from "../lib/session";

function EntryPanel({ entryId, cycle }: { entryId: number; cycle: Cycle }) {
  const t = useT();
  const entry = useEntry(entryId);
  const checks = useChecks(entryId);
  const run = useRunChecks(entryId);
  if (entry.isPending) return <Loading label={t("myEntry.loading")} />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => entry.refetch()} />;
  const windowOpen = Date.now() < Date.parse(cycle.windowEndsAt);
  return (
    <>
      <section className="panel" aria-labelledby={`entry-${entryId}`}>
        <h2 id={`entry-${entryId}`}>{entry.data.data.name}</h2>
        <EntryDetails entry={entry.data.data} />
        <ReportUpload
          entryId={entryId}
          deadline={cycle.reportDeadlineAt}
          open={Date.now() <= Date.parse(cycle.reportDeadlineAt)}
        />
      </section>
      <section className="panel" aria-labelledby={`checks-${entryId}`}>
        <h2 id={`checks-${entryId}`}>{t("myEntry.checksHeading")}</h2>
        <p className="lede">{t("myEntry.checksLede")}</p>
        {windowOpen && (
          <p>
            <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
              {run.isPending ? t("myEntry.checking") : t("myEntry.checkNow")}
            </button>
            {run.isSuccess && <span role="status"> {t.plural("myEntry.stored", run.data.data.results)}</span>}
          </p>
        )}
        <FormError error={run.error} />
        {checks.isPending ? (
          <Loading label={t("checks.loading")} />
        ) : checks.isError ? (
          <LoadError error={checks.error} onRetry={() => checks.refetch()} />
        ) : (
          <ChecksTimeline rows={checks.data.data} />
        )}
      </section>
    </>
  );
}

function CycleSection({ cycle, account }: { cycle: Cycle; account: SignedInAccount }) {
  const t = useT();
  const entries = useCycleEntries(cycle.id);
  return (
    <section className="cycle" aria-labelledby={`cycle-${cycle.id}`}>
      <h1 id={`cycle-${cycle.id}`}>{cycle.name}</h1>
      <CycleCalendar cycle={cycle} />
      {cycle.releasedAt && (
        <p>
          {t.rich("myEntry.resultsOut", {
            link: <PageLink to={challengeResultsPath(cycle.id)}>{t("myEntry.seeResults")}</PageLink>,
          })}
        </p>
      )}
      {entries.isPending ? (
        <Loading label={t("myEntry.loading")} />
      ) : entries.isError ? (
        <LoadError error={entries.error} onRetry={() => entries.refetch()} />
      ) : entries.data.data.length > 0 ? (
        entries.data.data.map((e) => <EntryPanel key={e.id} entryId={e.id} cycle={cycle} />)
      ) : cycle.phase === "registration" ? (
        <RegisterForm cycle={cycle} organisations={account.organisations} asns={account.asns} />
      ) : (
        <p className="muted">{t("myEntry.noEntry")}</p>
      )}
    </section>
  );
}

export function MyEntryPage() {
  const t = useT();
  useDocumentTitle(t("nav.myEntry"));
  const session = useSession();
  const cycles = useCycles();
  if (session.isPending || cycles.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data;
  if (account?.account.role !== "isp")
    return <SignInRequired account={account?.account ?? null} audience={t("audience.isp")} />;
  if (cycles.isError) return <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />;
  const list = [...cycles.data.data].reverse();
  if (list.length === 0)
    return (
      <section className="panel">
        <h1>{t("common.challenge")}</h1>
        <p className="muted">{t("myEntry.noCycle")}</p>
      </section>
    );
  return (
    <>
      {list.map((cycle) => (
        <CycleSection key={cycle.id} cycle={cycle} account={account.account} />
      ))}
    </>
  );
}
