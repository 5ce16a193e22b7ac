import { PageLink } from "../components/page-link";
import { LoadError, Loading } from "../components/status";
import { useChallengeResults, useJimBoundResults, useResultsIndex } from "../features/results/api/results";
import { formatDate } from "../lib/dates";
import { formatPercent } from "../lib/format";
import { challengeResultsPath, jimBoundResultsPath, organisationPath, providerPath } from "../lib/navigation";

export function ResultsIndexPage() {
  const index = useResultsIndex();
  if (index.isPending) return <Loading label="Loading results…" />;
  if (index.isError) return <LoadError error={index.error} onRetry={() => index.refetch()} />;
  const { challenge, jimBound } = index.data.data;
  return (
    <section aria-labelledby="results-heading">
      <h1 id="results-heading">Results</h1>
      <p className="lede">
        Published decisions of the FLIP6 Evaluation Committee. Results appear here only once released.
      </p>
      <h2>IPv6 Challenge</h2>
      {challenge.length === 0 ? (
        <p className="muted">No Challenge results released yet.</p>
      ) : (
        <ul>
          {challenge.map((c) => (
            <li key={c.id}>
              <PageLink to={challengeResultsPath(c.id)}>{c.name}</PageLink>{" "}
              <span className="muted">released {formatDate(c.releasedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Jim Bound prize</h2>
      {jimBound.length === 0 ? (
        <p className="muted">No Jim Bound results released yet.</p>
      ) : (
        <ul>
          {jimBound.map((c) => (
            <li key={c.id}>
              <PageLink to={jimBoundResultsPath(c.id)}>{c.name}</PageLink>{" "}
              <span className="muted">released {formatDate(c.releasedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const OUTCOME = { winner: "Winner", finalist: "Finalist" } as const;

export function ChallengeResultsPage({ id }: { id: number }) {
  const results = useChallengeResults(id);
  if (results.isPending) return <Loading label="Loading results…" />;
  if (results.isError) return <LoadError error={results.error} onRetry={() => results.refetch()} />;
  const { cycle, entries } = results.data.data;
  return (
    <section aria-labelledby="challenge-results-heading">
      <p>
        <PageLink to="/results">← All results</PageLink>
      </p>
      <h1 id="challenge-results-heading">{cycle.name}: results</h1>
      <p className="lede">
        Deployment window of {cycle.windowDays} days from {formatDate(cycle.windowStartsAt)}. Scores are the
        committee's means on the five FLIP6 criteria (1–5 each, total of 25).
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Mean total
              </th>
              <th scope="col" className="num">
                Reviews
              </th>
              <th scope="col" className="num">
                IPv6 checks passed
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.organisationId}>
                <th scope="row">
                  <PageLink to={organisationPath(e.organisationId)}>{e.name}</PageLink>{" "}
                  <span className="cc">{e.cc}</span>
                </th>
                <td>{e.outcome ? <strong>{OUTCOME[e.outcome]}</strong> : "—"}</td>
                <td className="num">{e.total ?? "—"}</td>
                <td className="num">{e.reviews}</td>
                <td className="num">
                  {e.checks.passed} / {e.checks.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function JimBoundResultsPage({ id }: { id: number }) {
  const results = useJimBoundResults(id);
  if (results.isPending) return <Loading label="Loading results…" />;
  if (results.isError) return <LoadError error={results.error} onRetry={() => results.refetch()} />;
  const { cycle, awarded } = results.data.data;
  return (
    <section aria-labelledby="jb-results-heading">
      <p>
        <PageLink to="/results">← All results</PageLink>
      </p>
      <h1 id="jb-results-heading">Jim Bound prize — {cycle.name}</h1>
      <p className="lede">
        Networks and organisations whose IPv6 {cycle.metric} share was above {formatPercent(cycle.threshold)},
        evaluated on {cycle.evaluationDate}, as decided by the committee. Each shows the evidence frozen at
        the decision.
      </p>
      {awarded.length === 0 ? (
        <p className="muted">No award in this cycle.</p>
      ) : (
        <ul className="plain">
          {awarded.map((a) => {
            const values =
              ((a.evidence ?? {}) as { values?: { share?: number; lo?: number; hi?: number } }).values ?? {};
            return (
              <li key={`${a.subjectKind}-${a.subjectId}`}>
                <strong>
                  <PageLink
                    to={
                      a.subjectKind === "network"
                        ? providerPath(Number(a.subjectId))
                        : organisationPath(a.subjectId)
                    }
                  >
                    {a.name}
                  </PageLink>
                </strong>{" "}
                — share {values.share !== undefined ? formatPercent(values.share) : "—"}
                {values.lo !== undefined && values.hi !== undefined
                  ? ` (95% ${formatPercent(values.lo)}–${formatPercent(values.hi)})`
                  : ""}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
