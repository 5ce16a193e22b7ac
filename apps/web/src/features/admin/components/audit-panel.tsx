import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useAudit } from "../api/audit";

export function AuditPanel() {
  const t = useT();
  const audit = useAudit();
  if (audit.isPending) return <Loading label={t("audit.loading")} />;
  if (audit.isError) return <LoadError error={audit.error} onRetry={() => audit.refetch()} />;
  const { data, chain } = audit.data;
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t("audit.heading")}</h2>
      {chain.intact ? (
        <p className="notice">{t.plural("audit.intact", chain.rows)}</p>
      ) : (
        <div className="state state-error" role="alert">
          <strong>{t("audit.broken")}</strong>
          <ul>
            {chain.problems.map((p) => (
              <li key={`${p.id}-${p.problem}`}>{t("audit.row", { id: p.id, problem: p.problem })}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td className="nowrap">{formatDateTime(r.at)}</td>
                <td>{r.actorId ?? t("audit.commandLine")}</td>
                <td>{r.action}</td>
                <td>
                  {r.subjectKind} {r.subjectId}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
