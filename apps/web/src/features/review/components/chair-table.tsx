import { PageLink } from "../../../components/page-link";
import { FormError, LoadError, Loading } from "../../../components/status";
import { formatDecimal, formatInteger } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { committeeEntryPath } from "../../../lib/navigation";
import { type Outcome, useScoreTable, useSetOutcome } from "../api/chair";

/** The chair's table: mean scores per entry, finalist and winner marks. */
export function ChairTable({ cycleId, released }: { cycleId: number; released: boolean }) {
  const t = useT();
  const table = useScoreTable(cycleId, true);
  const mark = useSetOutcome();
  if (table.isPending) return <Loading label={t("chair.loading")} />;
  if (table.isError) return <LoadError error={table.error} onRetry={() => table.refetch()} />;
  const rows = [...table.data.data].sort((a, b) => (b.total ?? -1) - (a.total ?? -1));
  return (
    <section aria-labelledby="table-heading">
      <h2 id="table-heading">{t("chair.heading")}</h2>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("common.entry")}</th>
              <th scope="col" className="num">
                {t("common.reviews")}
              </th>
              <th scope="col" className="num">
                {t("chair.meanTotal")}
              </th>
              <th scope="col">{t("common.outcome")}</th>
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
                    {t("chair.conflict", {
                      reasons: new Intl.ListFormat(t.locale, { type: "conjunction" }).format(
                        r.conflicts.map((c) => t(`conflict.${c}`)),
                      ),
                    })}
                  </td>
                ) : (
                  <>
                    <td className="num">{r.reviews === null ? "—" : formatInteger(r.reviews)}</td>
                    <td className="num">{r.total === null ? "—" : formatDecimal(r.total)}</td>
                    <td>
                      <select
                        aria-label={t("chair.outcomeOf", { name: r.name })}
                        value={r.outcome ?? ""}
                        disabled={released || mark.isPending}
                        onChange={(e) =>
                          mark.mutate({ entryId: r.entryId, outcome: (e.target.value || null) as Outcome })
                        }
                      >
                        <option value="">—</option>
                        <option value="finalist">{t("outcome.finalist")}</option>
                        <option value="winner">{t("outcome.winner")}</option>
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
