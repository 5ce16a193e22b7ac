import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import type { Entry } from "../api/entry";
import { reportUrl } from "../api/entry";

/** What an entry declared: networks, contacts, services, and its report if any. */
export function EntryDetails({ entry }: { entry: Entry }) {
  const t = useT();
  return (
    <dl className="facts">
      <div>
        <dt>{t("common.organisation")}</dt>
        <dd>
          {entry.organisationId}
          {entry.cc ? ` (${entry.cc})` : ""}
        </dd>
      </div>
      <div>
        <dt>{t("common.networks")}</dt>
        <dd>{entry.asns.map((a) => `AS${a}`).join(", ")}</dd>
      </div>
      <div>
        <dt>{t("entry.contacts")}</dt>
        <dd>{entry.contacts.map((c) => `${c.name} <${c.email}>`).join("; ")}</dd>
      </div>
      <div>
        <dt>{t("entry.services")}</dt>
        <dd>
          <ul className="plain">
            {entry.services.map((s) => (
              <li key={s.id}>
                <span className="kind">{t(`serviceKind.${s.kind}`)}</span> {s.host}
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t("entry.report")}</dt>
        <dd>
          {entry.report ? (
            <>
              <a href={reportUrl(entry.id)}>{entry.report.fileName}</a>{" "}
              {t.rich("entry.reportDetails", {
                size: t.plural("entry.bytes", entry.report.bytes),
                date: formatDateTime(entry.report.uploadedAt),
                hash: <code>{entry.report.sha256.slice(0, 16)}…</code>,
              })}
            </>
          ) : (
            <span className="muted">{t("entry.notUploaded")}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
