import type { FormEvent } from "react";
import { FormError } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { type ScoreInput, type ScoresView, useSubmitScore } from "../api/scores";

export const CRITERIA = [
  ["originality", "Originality"],
  ["experience", "Value of the experience"],
  ["applicability", "General applicability"],
  ["replicability", "Replicability"],
  ["development", "Importance for development"],
] as const;

type Criterion = (typeof CRITERIA)[number][0];

/** The five FLIP6 criteria, 1–5 each, with a comment per criterion and an overall one. */
export function ScoreForm({ entryId, own }: { entryId: number; own: ScoresView["own"] }) {
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
      <h2 id="score-heading">{own ? "Your score (you can still change it)" : "Your score"}</h2>
      {CRITERIA.map(([key, label]) => (
        <fieldset key={key} className="criterion">
          <legend>{label}</legend>
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
            aria-label={`${label}: comment`}
            rows={2}
            maxLength={5000}
            defaultValue={own?.comments[key] ?? ""}
          />
        </fieldset>
      ))}
      <label>
        Overall comment
        <textarea
          name="comment-overall"
          rows={3}
          maxLength={5000}
          defaultValue={own?.comments.overall ?? ""}
        />
      </label>
      <FormError error={submit.error} />
      <button type="submit" disabled={submit.isPending}>
        {own ? "Update my score" : "Submit my score"}
      </button>
      {own && <p role="status">Submitted {formatDateTime(own.submittedAt)}.</p>}
    </form>
  );
}
