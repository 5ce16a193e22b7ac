import { formatDateTime } from "../../../lib/dates";
import type { CheckRow } from "../api/checks";

const OUTCOME_LABEL = { pass: "pass", warn: "warning", fail: "fail", error: "check error" } as const;

/** The history of checks, grouped by run (the moment they ran), newest first. */
export function ChecksTimeline({ rows }: { rows: CheckRow[] }) {
  if (rows.length === 0) return <p className="muted">No checks have run yet.</p>;
  const runs = new Map<string, CheckRow[]>();
  for (const r of rows) runs.set(r.checkedAt, [...(runs.get(r.checkedAt) ?? []), r]);
  return (
    <ol className="timeline">
      {[...runs.entries()].map(([at, results]) => {
        const passed = results.filter((r) => r.outcome === "pass").length;
        return (
          <li key={at}>
            <h3>
              {formatDateTime(at)} — {passed} of {results.length} passed
            </h3>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Check</th>
                    <th scope="col">Target</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.id}>
                      <td>
                        {r.kind} {r.host}
                      </td>
                      <td>{r.check}</td>
                      <td className="nowrap">{r.target}</td>
                      <td>
                        <span className={`outcome outcome-${r.outcome}`}>{OUTCOME_LABEL[r.outcome]}</span>
                      </td>
                      <td>{r.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
