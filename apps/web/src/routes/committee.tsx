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
import { useAwardCycles } from "../features/review/api/award-cycles";
import { useReleaseCycle } from "../features/review/api/chair";
import { ChairTable } from "../features/review/components/chair-table";
import { ConflictForm } from "../features/review/components/conflict-form";
import { Discussion } from "../features/review/components/discussion";
import { NominationsPanel } from "../features/review/components/nominations-panel";
import { ScoresPanel } from "../features/review/components/scores-panel";
import { committeeEntryPath } from "../lib/navigation";
import { type SignedInAccount, useSession } from "../lib/session";

function EntriesList({ cycle }: { cycle: Cycle }) {
  const entries = useCycleEntries(cycle.id);
  if (entries.isPending) return <Loading label="Loading entries…" />;
  if (entries.isError) return <LoadError error={entries.error} onRetry={() => entries.refetch()} />;
  if (entries.data.data.length === 0)
    return <p className="muted">No entries for you to review in this cycle.</p>;
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
  const cycles = useCycles();
  const [chosen, setChosen] = useState<number | null>(null);
  const release = useReleaseCycle();
  if (cycles.isPending) return <Loading label="Loading cycles…" />;
  if (cycles.isError) return <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />;
  const list = cycles.data.data;
  const cycle = list.find((c) => c.id === chosen) ?? list.at(-1);
  if (!cycle) return <p className="muted">No Challenge cycle yet. An administrator creates one.</p>;
  return (
    <section aria-labelledby="challenge-heading">
      <h2 id="challenge-heading">IPv6 Challenge</h2>
      {list.length > 1 && (
        <label className="filter">
          Cycle{" "}
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
      <h3>Entries you review</h3>
      <p className="muted">
        Entries you have a conflict with (same organisation, declared, or same country where the cycle says
        so) are not listed.
      </p>
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
                Release the results of {cycle.name}
              </button>
            </p>
          )}
          <FormError error={release.error} />
        </>
      )}
    </section>
  );
}

function JimBoundWorkspace({ account }: { account: SignedInAccount }) {
  const cycles = useAwardCycles();
  const [chosen, setChosen] = useState<number | null>(null);
  if (cycles.isPending) return <Loading label="Loading award cycles…" />;
  if (cycles.isError) return <LoadError error={cycles.error} onRetry={() => cycles.refetch()} />;
  const cycle = cycles.data.data.find((c) => c.id === chosen) ?? cycles.data.data[0];
  if (!cycle) return <p className="muted">No Jim Bound award cycle is stored.</p>;
  return (
    <section aria-labelledby="jb-heading">
      <h2 id="jb-heading">Jim Bound prize decisions</h2>
      <label className="filter">
        Award cycle{" "}
        <select value={cycle.id} onChange={(e) => setChosen(Number(e.target.value))}>
          {cycles.data.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} (evaluated {c.evaluationDate})
            </option>
          ))}
        </select>
      </label>
      <NominationsPanel awardCycleId={cycle.id} isChair={account.isChair} />
    </section>
  );
}

export function CommitteePage() {
  const session = useSession();
  if (session.isPending) return <Loading label="Loading…" />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "committee")
    return <SignInRequired account={account} audience="the Evaluation Committee" />;
  return (
    <>
      <h1>Committee workspace</h1>
      <p className="lede">
        Signed in as {account.displayName}
        {account.isChair ? " (chair)" : ""}. Scores stay private to the committee until the chair releases a
        cycle.
      </p>
      <ChallengeWorkspace account={account} />
      <JimBoundWorkspace account={account} />
    </>
  );
}

export function CommitteeEntryPage({ entryId }: { entryId: number }) {
  const session = useSession();
  const entry = useEntry(entryId);
  const checks = useChecks(entryId);
  const cycles = useCycles();
  if (session.isPending) return <Loading label="Loading…" />;
  const account = session.data?.account ?? null;
  if (account?.role !== "committee")
    return <SignInRequired account={account} audience="the Evaluation Committee" />;
  if (entry.isPending || cycles.isPending) return <Loading label="Loading the entry…" />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => entry.refetch()} />;
  const cycle = cycles.data?.data.find((c) => c.id === entry.data.data.cycleId);
  return (
    <>
      <p>
        <PageLink to="/committee">← Committee workspace</PageLink>
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
        <h2 id="evidence-heading">Check history</h2>
        {checks.isPending ? (
          <Loading label="Loading checks…" />
        ) : checks.isError ? (
          <LoadError error={checks.error} onRetry={() => checks.refetch()} />
        ) : (
          <ChecksTimeline rows={checks.data.data} />
        )}
      </section>
    </>
  );
}
