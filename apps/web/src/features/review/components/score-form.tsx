import type { FormEvent } from "react";
import { FormError } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { type ScoreInput, type ScoresView, useSubmitScore } from "../api/scores";

/** The five FLIP6 criteria, in the order of the form; their names are `criterion.<key>` messages. */
export const CRITERIA = [
  "originality",
  "experience",
  "applicability",
  "replicability",
  "development",
] as const;

type Criterion = (typeof CRITERIA)[number];

/** The five FLIP6 criteria, 1–5 each, with a comment per criterion and an overall one. */
export function ScoreForm({ entryId, own }: { entryId: number; own: ScoresView["own"] }) {
  const t = useT();
  const submit = useSubmitScore(entryId);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (c: Criterion) => Number(form.get(c));
    const comment = (c: string) => String(form.get(`comment-${c}`) ?? "").trim() || undefined;
    const input: ScoreInput = {
      originality: value("originality"),
      experience: value("experience"),
      applicability: value("applicability"),
      replicability: value("replicability"),
      development: value("development"),
      comments: {
        originality: comment("originality"),
        experience: comment("experience"),
        applicability: comment("applicability"),
        replicability: comment("replicability"),
        development: comment("development"),
        overall: comment("overall"),
      },
    };
    submit.mutate(input);
  };
  return (
    <form className="form score-form" onSubmit={onSubmit} aria-labelledby="score-heading">
      <h2 id="score-heading">{own ? t("score.headingOwn") : t("score.heading")}</h2>
      {CRITERIA.map((key) => (
        <fieldset key={key} className="criterion">
          <legend>{t(`criterion.${key}`)}</legend>
          <div className="scale">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n}>
                <input type="radio" name={key} value={n} required defaultChecked={own?.scores[key] === n} />{" "}
                {n}
              </label>
            ))}
          </div>
          <textarea
            name={`comment-${key}`}
            aria-label={t("score.comment", { criterion: t(`criterion.${key}`) })}
            rows={2}
            maxLength={5000}
            defaultValue={own?.comments[key] ?? ""}
          />
        </fieldset>
      ))}
      <label>
        {t("score.overall")}
        <textarea
          name="comment-overall"
          rows={3}
          maxLength={5000}
          defaultValue={own?.comments.overall ?? ""}
        />
      </label>
      <FormError error={submit.error} />
      <button type="submit" disabled={submit.isPending}>
        {own ? t("score.update") : t("score.submit")}
      </button>
      {own && <p role="status">{t("score.submitted", { date: formatDateTime(own.submittedAt) })}</p>}
    </form>
  );
}
