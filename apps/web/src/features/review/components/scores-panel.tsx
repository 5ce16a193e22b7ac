import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useScores } from "../api/scores";
import { CRITERIA, ScoreForm } from "./score-form";

/** Own score form, then the colleagues' scores once one's own is in. */
export function ScoresPanel({ entryId, open }: { entryId: number; open: boolean }) {
  const scores = useScores(entryId);
  if (scores.isPending) return <Loading label="Loading scores…" />;
  if (scores.isError) return <LoadError error={scores.error} onRetry={() => scores.refetch()} />;
  const view = scores.data.data;
  return (
    <>
      {open ? (
        <ScoreForm key={view.own?.submittedAt ?? "new"} entryId={entryId} own={view.own} />
      ) : (
        <p className="muted">Reviews are closed.</p>
      )}
      <section aria-labelledby="others-heading">
        <h2 id="others-heading">Colleagues' scores</h2>
        {view.othersHidden ? (
          <p className="notice">
            {view.count} score(s) submitted. They stay hidden until you submit your own, so that every review
            is independent.
          </p>
        ) : view.others.length === 0 ? (
          <p className="muted">No other scores yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Reviewer</th>
                  {CRITERIA.map(([key, label]) => (
                    <th key={key} scope="col" className="num">
                      {label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Comments</th>
                </tr>
              </thead>
              <tbody>
                {view.others.map((s) => (
                  <tr key={s.reviewerId}>
                    <th scope="row">
                      {s.reviewer}
                      <div className="muted">{formatDateTime(s.submittedAt)}</div>
                    </th>
                    {CRITERIA.map(([key]) => (
                      <td key={key} className="num">
                        {s.scores[key]}
                      </td>
                    ))}
                    <td className="num">{s.total}</td>
                    <td>
                      {Object.entries(s.comments).map(([k, v]) => (
                        <div key={k}>
                          <strong>{k}:</strong> {v}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
