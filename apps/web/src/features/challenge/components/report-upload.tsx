import { type FormEvent, useRef } from "react";
import { FormError } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useUploadReport } from "../api/entry";

/** Upload (or replace) the final report before the deadline. */
export function ReportUpload({
  entryId,
  deadline,
  open,
}: {
  entryId: number;
  deadline: string;
  open: boolean;
}) {
  const t = useT();
  const upload = useUploadReport(entryId);
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (file) upload.mutate(file);
  };
  if (!open) return <p className="muted">{t("report.closed", { date: formatDateTime(deadline) })}</p>;
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t("report.label", { date: formatDateTime(deadline) })}
        <input
          ref={input}
          type="file"
          name="file"
          accept=".pdf,.md,.markdown,application/pdf,text/markdown"
          required
        />
      </label>
      <button type="submit" disabled={upload.isPending}>
        {upload.isPending ? t("report.uploading") : t("report.upload")}
      </button>
      {upload.isSuccess && (
        <span role="status">
          {t("report.stored", { size: t.plural("entry.bytes", upload.data.data.bytes) })}
        </span>
      )}
      <FormError error={upload.error} />
    </form>
  );
}
