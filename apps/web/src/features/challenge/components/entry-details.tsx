import { formatDateTime } from "../../../lib/dates";
import { formatInteger } from "../../../lib/format";
import type { Entry } from "../api/entry";
import { reportUrl } from "../api/entry";

/** What an entry declared: networks, contacts, services, and its report if any. */
export function EntryDetails({ entry }: { entry: Entry }) {
  return (
    <dl className="facts">
      <div>
        <dt>Organisation</dt>
        <dd>
          {entry.organisationId}
          {entry.cc ? ` (${entry.cc})` : ""}
        </dd>
      </div>
      <div>
        <dt>Networks</dt>
        <dd>{entry.asns.map((a) => `AS${a}`).join(", ")}</dd>
      </div>
      <div>
        <dt>Contacts</dt>
        <dd>{entry.contacts.map((c) => `${c.name} <${c.email}>`).join("; ")}</dd>
      </div>
      <div>
        <dt>Services</dt>
        <dd>
          <ul className="plain">
            {entry.services.map((s) => (
              <li key={s.id}>
                <span className="kind">{s.kind}</span> {s.host}
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>Final report</dt>
        <dd>
          {entry.report ? (
            <>
              <a href={reportUrl(entry.id)}>{entry.report.fileName}</a> ({formatInteger(entry.report.bytes)}{" "}
              bytes, uploaded {formatDateTime(entry.report.uploadedAt)}; SHA-256{" "}
              <code>{entry.report.sha256.slice(0, 16)}…</code>)
            </>
          ) : (
            <span className="muted">not uploaded yet</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
