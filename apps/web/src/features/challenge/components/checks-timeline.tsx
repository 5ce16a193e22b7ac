import { formatDateTime } from "../../../lib/dates";
import { formatInteger } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import type { CheckRow } from "../api/checks";

const SERVICE_KINDS = { web: true, mail: true, dns: true, other: true } as const;
type ServiceKind = keyof typeof SERVICE_KINDS;

/** The history of checks, grouped by run (the moment they ran), newest first. */
export function ChecksTimeline({ rows }: { rows: CheckRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t("checks.none")}</p>;
  const runs = new Map<string, CheckRow[]>();
  for (const r of rows) runs.set(r.checkedAt, [...(runs.get(r.checkedAt) ?? []), r]);
  return (
    <ol className="timeline">
      {[...runs.entries()].map(([at, results]) => {
        const passed = results.filter((r) => r.outcome === "pass").length;
        return (
          <li key={at}>
            <h3>
              {formatDateTime(at)} —{" "}
              {t("checks.passed", { passed: formatInteger(passed), total: formatInteger(results.length) })}
            </h3>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t("checks.service")}</th>
                    <th scope="col">{t("checks.check")}</th>
                    <th scope="col">{t("checks.target")}</th>
                    <th scope="col">{t("common.outcome")}</th>
                    <th scope="col">{t("checks.detail")}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.id}>
                      <td>
                        {r.kind in SERVICE_KINDS ? t(`serviceKind.${r.kind as ServiceKind}`) : r.kind}{" "}
                        {r.host}
                      </td>
                      <td>{r.check}</td>
                      <td className="nowrap">{r.target}</td>
                      <td>
                        <span className={`outcome outcome-${r.outcome}`}>
                          {t(`checkOutcome.${r.outcome}`)}
                        </span>
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
