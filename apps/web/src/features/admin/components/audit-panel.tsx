import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useAudit } from "../api/audit";

export function AuditPanel() {
  const audit = useAudit();
  if (audit.isPending) return <Loading label="Checking the audit chain…" />;
  if (audit.isError) return <LoadError error={audit.error} onRetry={() => audit.refetch()} />;
  const { data, chain } = audit.data;
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {chain.intact ? (
        <p className="notice">Hash chain intact over {chain.rows} rows.</p>
      ) : (
        <div className="state state-error" role="alert">
          <strong>The audit chain is broken.</strong>
          <ul>
            {chain.problems.map((p) => (
              <li key={`${p.id}-${p.problem}`}>
                row {p.id}: {p.problem}
              </li>
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
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td className="nowrap">{formatDateTime(r.at)}</td>
                <td>{r.actorId ?? "command line"}</td>
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
