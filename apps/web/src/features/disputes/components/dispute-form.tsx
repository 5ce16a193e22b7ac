import { type FormEvent, useRef, useState } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { formatDay } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useDisputeSubjects, useFileDispute } from "../api/disputes";

export interface OpenCycle {
  id: number;
  name: string;
  evaluationDate: string;
}

type AttachmentKind = "self-reported" | "source-export";

/** Filing a dispute: the cycle, one of the account's networks or organisations, text, a file. */
export function DisputeForm({ cycles }: { cycles: OpenCycle[] }) {
  const t = useT();
  const subjects = useDisputeSubjects();
  const file = useFileDispute();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<AttachmentKind>("self-reported");
  if (subjects.isPending) return <Loading label={t("disputes.loadingSubjects")} />;
  if (subjects.isError) return <LoadError error={subjects.error} onRetry={() => subjects.refetch()} />;
  if (cycles.length === 0) return <p className="muted">{t("disputes.noOpenCycle")}</p>;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const [subjectKind, ...rest] = String(data.get("subject")).split("|");
    const attachment = fileInput.current?.files?.[0];
    file.mutate(
      {
        awardCycleId: String(data.get("cycle")),
        subjectKind: subjectKind === "organisation" ? "organisation" : "network",
        subjectId: rest.join("|"),
        text: String(data.get("text") ?? "").trim(),
        ...(attachment ? { attachmentKind: kind, file: attachment } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <form className="panel form dispute-form" onSubmit={submit} aria-labelledby="dispute-form-heading">
      <h2 id="dispute-form-heading">{t("disputes.fileHeading")}</h2>
      <p className="lede">{t("disputes.fileLede")}</p>
      <label>
        {t("disputes.cycle")}
        <select name="cycle" required>
          {cycles.map((c) => (
            <option key={c.id} value={c.id}>
              {t("committee.evaluated", { name: c.name, date: formatDay(c.evaluationDate) })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("disputes.subject")}
        <select name="subject" required>
          {subjects.data.data.map((s) => (
            <option key={`${s.kind}|${s.id}`} value={`${s.kind}|${s.id}`}>
              {s.kind === "network" ? `AS${s.id} ${s.name}` : s.name === s.id ? s.id : `${s.name} (${s.id})`}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("disputes.text")}
        <textarea
          name="text"
          required
          rows={5}
          maxLength={5000}
          placeholder={t("disputes.textPlaceholder")}
        />
      </label>
      <fieldset>
        <legend>{t("disputes.attachmentLegend")}</legend>
        <label>
          {t("disputes.attachmentKind")}
          <select value={kind} onChange={(e) => setKind(e.target.value as AttachmentKind)}>
            <option value="self-reported">{t("disputes.kind.self-reported")}</option>
            <option value="source-export">{t("disputes.kind.source-export")}</option>
          </select>
        </label>
        <label>
          {t("disputes.file")}
          <input
            ref={fileInput}
            type="file"
            name="file"
            accept={kind === "self-reported" ? ".csv,text/csv" : ".csv,.json,text/csv,application/json"}
          />
        </label>
        <p className="muted">{t(`disputes.fileHint.${kind}`)}</p>
      </fieldset>
      <button type="submit" disabled={file.isPending}>
        {file.isPending ? t("disputes.filing") : t("disputes.submit")}
      </button>
      {file.isSuccess && (
        <p role="status" className="notice">
          {t("disputes.filedNotice", { name: file.data.data.name })}
        </p>
      )}
      <FormError error={file.error} />
    </form>
  );
}
