import { type FormEvent, useState } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useAddAwardCycle } from "../api/cycles";

type Metric = "capable" | "preferred" | "traffic";
type UserSource = "apnic" | "atalaya-beacon";
const USER_SOURCES: UserSource[] = ["apnic", "atalaya-beacon"];

/**
 * A Jim Bound award cycle: its parameters (DESIGN.md §4 defaults) and the source that decides it.
 * For the user metrics the deciding source is APNIC Labs or Atalaya's beacon, and the other may be
 * pooled with it; the traffic metric is decided by the ISPs' own reports (ADR 0016).
 */
export function AwardCycleForm() {
  const t = useT();
  const add = useAddAwardCycle();
  const [metric, setMetric] = useState<Metric>("preferred");
  const [source, setSource] = useState<UserSource>("apnic");
  const other = USER_SOURCES.find((s) => s !== source) as UserSource;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const number = (n: string) => Number(form.get(n));
    const users = metric !== "traffic";
    add.mutate({
      name: String(form.get("name")).trim(),
      evaluationDate: String(form.get("evaluationDate")),
      metric,
      threshold: number("threshold") / 100,
      windowDays: number("windowDays"),
      minDays: number("minDays"),
      minSamples: number("minSamples"),
      ...(users ? { source } : {}),
      ...(users && form.get("pool") === "on" ? { additionalSources: [other] } : {}),
    });
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="award-cycle-heading">
      <h2 id="award-cycle-heading">{t("awardCycleForm.heading")}</h2>
      <label>
        {t("common.name")}
        <input name="name" required maxLength={200} placeholder={t("awardCycleForm.namePlaceholder")} />
      </label>
      <label>
        {t("awardCycleForm.evaluationDate")}
        <input name="evaluationDate" type="date" required />
      </label>
      <label>
        {t("awardCycleForm.metric")}
        <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
          {(["preferred", "capable", "traffic"] as const).map((m) => (
            <option key={m} value={m}>
              {t(`awardMetric.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("awardCycleForm.threshold")}
        <input name="threshold" type="number" min={1} max={99} step="any" defaultValue={20} required />
      </label>
      <label>
        {t("awardCycleForm.windowDays")}
        <input name="windowDays" type="number" min={1} max={366} defaultValue={30} required />
      </label>
      <label>
        {t("awardCycleForm.minDays")}
        <input name="minDays" type="number" min={1} max={366} defaultValue={20} required />
      </label>
      <label>
        {t("awardCycleForm.minSamples")}
        <input name="minSamples" type="number" min={0} defaultValue={1000} required />
      </label>
      {metric !== "traffic" && (
        <>
          <label>
            {t("awardCycleForm.source")}
            <select name="source" value={source} onChange={(e) => setSource(e.target.value as UserSource)}>
              {USER_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`source.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="pool" /> {t("awardCycleForm.pool", { source: t(`source.${other}`) })}
          </label>
        </>
      )}
      <p className="muted">{t("awardCycleForm.sourceHint")}</p>
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t("awardCycleForm.submit")}
      </button>
      {add.isSuccess && (
        <span role="status"> {t("awardCycleForm.created", { name: add.data.data.name })}</span>
      )}
    </form>
  );
}
