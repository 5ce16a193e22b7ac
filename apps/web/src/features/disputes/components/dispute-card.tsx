import type { ReactNode } from "react";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { type Dispute, disputeAttachmentUrl } from "../api/disputes";

/** What the attachment's check found, in words: days of traffic, rows of a CSV, a known source. */
function AttachmentLine({ dispute }: { dispute: Dispute }) {
  const t = useT();
  const file = dispute.attachment;
  if (!file) return <p className="muted">{t("disputes.noAttachment")}</p>;
  const summary = file.summary as { days?: number; rows?: number; first?: string; last?: string };
  const content =
    typeof summary.days === "number"
      ? t("disputes.attachmentDays", {
          days: t.plural("board.days", summary.days),
          first: summary.first ?? "",
          last: summary.last ?? "",
        })
      : typeof summary.rows === "number"
        ? t.plural("disputes.attachmentRows", summary.rows)
        : t("disputes.attachmentJson");
  return (
    <p className="dispute-file">
      {t(`disputes.kind.${file.kind}`)}:{" "}
      <a href={disputeAttachmentUrl(dispute.id)} download={file.fileName}>
        {file.fileName}
      </a>{" "}
      <span className="muted">
        ({t.plural("entry.bytes", file.bytes)}; {content}; SHA-256 <code>{file.sha256.slice(0, 12)}…</code>)
      </span>
    </p>
  );
}

/** One dispute as both sides read it: what was contested, the file, and the chair's resolution. */
export function DisputeCard({
  dispute,
  showCycle = false,
  children,
}: {
  dispute: Dispute;
  showCycle?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const heading = `dispute-${dispute.id}`;
  return (
    <article className="dispute" aria-labelledby={heading}>
      <h3 id={heading}>
        {t("disputes.about", {
          name: dispute.name,
          subject: `${t(`subject.${dispute.subjectKind}`)} ${dispute.subjectId}`,
        })}{" "}
        <span className={`badge dispute-${dispute.status}`}>{t(`disputes.status.${dispute.status}`)}</span>
      </h3>
      <p className="byline">
        {showCycle
          ? t("disputes.filedIn", {
              who: dispute.filedBy,
              date: formatDateTime(dispute.filedAt),
              cycle: dispute.cycleName,
            })
          : t("disputes.filed", { who: dispute.filedBy, date: formatDateTime(dispute.filedAt) })}
      </p>
      <p className="dispute-text">{dispute.text}</p>
      <AttachmentLine dispute={dispute} />
      {dispute.status !== "open" && (
        <div className="notice" role="note">
          <p>
            <strong>
              {t(`disputes.resolved.${dispute.status}`, {
                who: dispute.resolvedBy ?? "",
                date: dispute.resolvedAt ? formatDateTime(dispute.resolvedAt) : "",
              })}
            </strong>
          </p>
          <p className="dispute-text">{t("disputes.reason", { reason: dispute.reason ?? "" })}</p>
        </div>
      )}
      {children}
    </article>
  );
}
