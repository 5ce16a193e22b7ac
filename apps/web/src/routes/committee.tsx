import { useState } from "react";
import { PageLink } from "../components/page-link";
import { SignInRequired } from "../components/sign-in-required";
import { FormError, LoadError, Loading } from "../components/status";
import { useChecks } from "../features/challenge/api/checks";
import { useCycleEntries } from "../features/challenge/api/cycle-entries";
import { type Cycle, useCycles } from "../features/challenge/api/cycles";
import { useEntry } from "../features/challenge/api/entry";
import { ChecksTimeline } from "../features/challenge/components/checks-timeline";
import { CycleCalendar } from "../features/challenge/components/cycle-calendar";
import { EntryDetails } from "../features/challenge/components/entry-details";
import { DisputesBeside, OtherDisputes } from "../features/disputes/components/cycle-disputes";
import { useAwardCycles } from "../features/review/api/award-cycles";
import { useReleaseCycle } from "../features/review/api/chair";
import { useNominations } from "../features/review/api/nominations";
import { ChairTable } from "../features/review/components/chair-table";
import { ConflictForm } from "../features/review/components/conflict-form";
import { Discussion } from "../features/review/components/discussion";
import { NominationsPanel } from "../features/review/components/nominations-panel";
import { ScoresPanel } from "../features/review/components/scores-panel";
import { formatDay } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { committeeEntryPath } from "../lib/navigation";
import { type SignedInAccount, useSession } from "../lib/session";

function EntriesList({ cycle }: { cycle: Cycle }) {
  const t = useT();
  const entries = useCycleEntries(cycle.id);
  if (entries.isPending) return <Loading label={t("committee.loadingEntries")} />;
  if (entries.isError) return <LoadError error={entries.error} onRetry={() => entries.refetch()} />;
  if (entries.data.data.length === 0) return <p className="muted">{t("committee.noEntries")}</p>;
  return (
    <ul className="entry-list">
      {entries.data.data.map((e) => (
        <li key={e.id}>
          <PageLink to={committeeEntryPath(e.id)}>{e.name}</PageLink> <span className="cc">{e.cc}</span>{" "}
          <span className="muted">{e.organisationId}</span>
        </li>
      ))}
    </ul>
  );
}

function ChallengeWorkspace({ account }: { account: SignedInAccount }) {
  const t = useT();
  const cycles = useCycles();
  const [chosen, setChosen] = useState<number | null>(null);
  const release = useReleaseCycle();
  if (cycles.isPending) return <Loading label={t("committee.loadingCycles")} />;
  if (cycles.isError) return <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />;
  const list = cycles.data.data;
  const cycle = list.find((c) => c.id === chosen) ?? list.at(-1);
  if (!cycle) return <p className="muted">{t("committee.noCycle")}</p>;
  return (
    <section aria-labelledby="challenge-heading">
      <h2 id="challenge-heading">{t("common.challenge")}</h2>
      {list.length > 1 && (
        <label className="filter">
          {t("committee.cycle")}{" "}
          <select value={cycle.id} onChange={(e) => setChosen(Number(e.target.value))}>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <CycleCalendar cycle={cycle} />
      <h3>{t("committee.entriesHeading")}</h3>
      <p className="muted">{t("committee.conflictNote")}</p>
      <EntriesList cycle={cycle} />
      {account.isChair && (
        <>
          <ChairTable cycleId={cycle.id} released={cycle.releasedAt !== null} />
          {!cycle.releasedAt && (
            <p>
              <button
                type="button"
                className="secondary"
                onClick={() => release.mutate(cycle.id)}
                disabled={release.isPending}
              >
                {t("committee.release", { name: cycle.name })}
              </button>
            </p>
          )}
          <FormError error={release.error} />
        </>
      )}
    </section>
  );
}

/** Disputes whose subject has no nomination in the cycle (the rest sit beside their nomination). */
function CycleDisputesRest({ awardCycleId, isChair }: { awardCycleId: number; isChair: boolean }) {
  const nominations = useNominations(awardCycleId);
  if (!nominations.isSuccess) return null;
  return (
    <OtherDisputes
      awardCycleId={awardCycleId}
      nominated={nominations.data.data.nominations}
      isChair={isChair}
    />
  );
}

function JimBoundWorkspace({ account }: { account: SignedInAccount }) {
  const t = useT();
  const cycles = useAwardCycles();
  const [chosen, setChosen] = useState<number | null>(null);
  if (cycles.isPending) return <Loading label={t("committee.loadingAwardCycles")} />;
  if (cycles.isError) return <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />;
  const cycle = cycles.data.data.find((c) => c.id === chosen) ?? cycles.data.data[0];
  if (!cycle) return <p className="muted">{t("committee.noAwardCycle")}</p>;
  return (
    <section aria-labelledby="jb-heading">
      <h2 id="jb-heading">{t("committee.jimBoundHeading")}</h2>
      <label className="filter">
        {t("committee.awardCycle")}{" "}
        <select value={cycle.id} onChange={(e) => setChosen(Number(e.target.value))}>
          {cycles.data.data.map((c) => (
            <option key={c.id} value={c.id}>
              {t("committee.evaluated", { name: c.name, date: formatDay(c.evaluationDate) })}
            </option>
          ))}
        </select>
      </label>
      <NominationsPanel
        awardCycleId={cycle.id}
        isChair={account.isChair}
        beside={(n) => <DisputesBeside awardCycleId={cycle.id} subject={n} isChair={account.isChair} />}
      />
      <CycleDisputesRest awardCycleId={cycle.id} isChair={account.isChair} />
    </section>
  );
}

export function CommitteePage() {
  const t = useT();
  useDocumentTitle(t("committee.title"));
  const session = useSession();
  if (session.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "committee")
    return <SignInRequired account={account} audience={t("audience.committee")} />;
  return (
    <>
      <h1>{t("committee.title")}</h1>
      <p className="lede">
        {account.isChair
          ? t("committee.signedInChair", { name: account.displayName })
          : t("committee.signedIn", { name: account.displayName })}{" "}
        {t("committee.private")}
      </p>
      <ChallengeWorkspace account={account} />
      <JimBoundWorkspace account={account} />
    </>
  );
}

export function CommitteeEntryPage({ entryId }: { entryId: number }) {
  const t = useT();
  const session = useSession();
  const entry = useEntry(entryId);
  const checks = useChecks(entryId);
  const cycles = useCycles();
  useDocumentTitle(entry.data?.data.name ?? t("committee.title"));
  if (session.isPending) return <Loading label={t("state.loading")} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "committee")
    return <SignInRequired account={account} audience={t("audience.committee")} />;
  if (entry.isPending || cycles.isPending) return <Loading label={t("committee.loadingEntry")} />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => entry.refetch()} />;
  const cycle = cycles.data?.data.find((c) => c.id === entry.data.data.cycleId);
  return (
    <>
      <p>
        <PageLink to="/committee">{t("committee.back")}</PageLink>
      </p>
      <h1>{entry.data.data.name}</h1>
      <section className="panel">
        <EntryDetails entry={entry.data.data} />
        <ConflictForm entryId={entryId} />
      </section>
      <section className="panel">
        <ScoresPanel entryId={entryId} open={!cycle?.releasedAt} />
      </section>
      <section className="panel">
        <Discussion entryId={entryId} />
      </section>
      <section className="panel" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{t("committee.checkHistory")}</h2>
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
