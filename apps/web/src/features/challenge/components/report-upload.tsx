import { type FormEvent, useRef } from "react";
import { FormError } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { formatInteger } from "../../../lib/format";
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
  const upload = useUploadReport(entryId);
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (file) upload.mutate(file);
  };
  if (!open)
    return (
      <p className="muted">
        The report deadline ({formatDateTime(deadline)}) has passed; uploads are closed.
      </p>
    );
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        Final report (PDF or Markdown), due {formatDateTime(deadline)}
        <input
          ref={input}
          type="file"
          name="file"
          accept=".pdf,.md,.markdown,application/pdf,text/markdown"
          required
        />
      </label>
      <button type="submit" disabled={upload.isPending}>
        {upload.isPending ? "Uploading…" : "Upload"}
      </button>
      {upload.isSuccess && <span role="status">Stored ({formatInteger(upload.data.data.bytes)} bytes).</span>}
      <FormError error={upload.error} />
    </form>
  );
}
