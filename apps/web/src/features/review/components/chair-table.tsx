import { PageLink } from "../../../components/page-link";
import { FormError, LoadError, Loading } from "../../../components/status";
import { committeeEntryPath } from "../../../lib/navigation";
import { type Outcome, useScoreTable, useSetOutcome } from "../api/chair";

const CONFLICT_LABEL = {
  organisation: "same organisation",
  declared: "declared",
  country: "same country",
} as const;

/** The chair's table: mean scores per entry, finalist and winner marks. */
export function ChairTable({ cycleId, released }: { cycleId: number; released: boolean }) {
  const table = useScoreTable(cycleId, true);
  const mark = useSetOutcome();
  if (table.isPending) return <Loading label="Loading the scoring table…" />;
  if (table.isError) return <LoadError error={table.error} onRetry={() => table.refetch()} />;
  const rows = [...table.data.data].sort((a, b) => (b.total ?? -1) - (a.total ?? -1));
  return (
    <section aria-labelledby="table-heading">
      <h2 id="table-heading">Scoring table (chair)</h2>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col" className="num">
                Reviews
              </th>
              <th scope="col" className="num">
                Mean total (of 25)
              </th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.entryId}>
                <th scope="row">
                  {r.conflicts.length ? (
                    r.name
                  ) : (
                    <PageLink to={committeeEntryPath(r.entryId)}>{r.name}</PageLink>
                  )}{" "}
                  <span className="cc">{r.cc}</span>
                </th>
                {r.conflicts.length ? (
                  <td colSpan={3} className="muted">
                    You have a conflict ({r.conflicts.map((c) => CONFLICT_LABEL[c]).join(", ")}): scores
                    withheld.
                  </td>
                ) : (
                  <>
                    <td className="num">{r.reviews}</td>
                    <td className="num">{r.total ?? "—"}</td>
                    <td>
                      <select
                        aria-label={`Outcome of ${r.name}`}
                        value={r.outcome ?? ""}
                        disabled={released || mark.isPending}
                        onChange={(e) =>
                          mark.mutate({ entryId: r.entryId, outcome: (e.target.value || null) as Outcome })
                        }
                      >
                        <option value="">—</option>
                        <option value="finalist">Finalist</option>
                        <option value="winner">Winner</option>
                      </select>
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError error={mark.error} />
    </section>
  );
}
