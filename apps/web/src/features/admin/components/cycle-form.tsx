import type { FormEvent } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useAddCycle } from "../api/cycles";

const FIELDS = [
  "registrationOpensAt",
  "registrationClosesAt",
  "windowStartsAt",
  "reportDeadlineAt",
  "reviewEndsAt",
  "releaseAt",
] as const;

/** `datetime-local` values are in the browser's zone; the API takes absolute instants. */
const toIso = (local: string) => new Date(local).toISOString();

export function CycleForm() {
  const t = useT();
  const add = useAddCycle();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const at = (n: string) => toIso(String(form.get(n)));
    add.mutate({
      name: String(form.get("name")).trim(),
      registrationOpensAt: at("registrationOpensAt"),
      registrationClosesAt: at("registrationClosesAt"),
      windowStartsAt: at("windowStartsAt"),
      windowDays: Number(form.get("windowDays")),
      reportDeadlineAt: at("reportDeadlineAt"),
      reviewEndsAt: at("reviewEndsAt"),
      releaseAt: at("releaseAt"),
      countryConflicts: form.get("countryConflicts") === "on",
    });
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="cycle-heading">
      <h2 id="cycle-heading">{t("cycleForm.heading")}</h2>
      <label>
        {t("common.name")}
        <input name="name" required maxLength={200} placeholder={t("cycleForm.namePlaceholder")} />
      </label>
      {FIELDS.map((name) => (
        <label key={name}>
          {t(`cycleForm.${name}`)}
          <input name={name} type="datetime-local" required />
        </label>
      ))}
      <label>
        {t("cycleForm.windowDays")}
        <input name="windowDays" type="number" min={1} max={366} defaultValue={30} required />
      </label>
      <label className="check">
        <input type="checkbox" name="countryConflicts" /> {t("cycleForm.countryConflicts")}
      </label>
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t("cycleForm.submit")}
      </button>
      {add.isSuccess && <span role="status"> {t("cycleForm.created", { name: add.data.data.name })}</span>}
    </form>
  );
}
