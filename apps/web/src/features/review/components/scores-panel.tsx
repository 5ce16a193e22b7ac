import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { formatInteger } from "../../../lib/format";
import { type MessageKey, useT } from "../../../lib/i18n";
import { useScores } from "../api/scores";
import { CRITERIA, ScoreForm } from "./score-form";

/** Own score form, then the colleagues' scores once one's own is in. */
export function ScoresPanel({ entryId, open }: { entryId: number; open: boolean }) {
  const t = useT();
  const scores = useScores(entryId);
  if (scores.isPending) return <Loading label={t("score.loading")} />;
  if (scores.isError) return <LoadError error={scores.error} onRetry={() => scores.refetch()} />;
  const view = scores.data.data;
  const commentLabel = (k: string) =>
    k === "overall" || (CRITERIA as readonly string[]).includes(k) ? t(`criterion.${k}` as MessageKey) : k;
  return (
    <>
      {open ? (
        <ScoreForm key={view.own?.submittedAt ?? "new"} entryId={entryId} own={view.own} />
      ) : (
        <p className="muted">{t("score.closed")}</p>
      )}
      <section aria-labelledby="others-heading">
        <h2 id="others-heading">{t("score.others")}</h2>
        {view.othersHidden ? (
          <p className="notice">{t.plural("score.hidden", view.count)}</p>
        ) : view.others.length === 0 ? (
          <p className="muted">{t("score.noOthers")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("score.reviewer")}</th>
                  {CRITERIA.map((key) => (
                    <th key={key} scope="col" className="num">
                      {t(`criterion.${key}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t("score.total")}
                  </th>
                  <th scope="col">{t("score.comments")}</th>
                </tr>
              </thead>
              <tbody>
                {view.others.map((s) => (
                  <tr key={s.reviewerId}>
                    <th scope="row">
                      {s.reviewer}
                      <div className="muted">{formatDateTime(s.submittedAt)}</div>
                    </th>
                    {CRITERIA.map((key) => (
                      <td key={key} className="num">
                        {s.scores[key]}
                      </td>
                    ))}
                    <td className="num">{formatInteger(s.total)}</td>
                    <td>
                      {Object.entries(s.comments).map(([k, v]) => (
                        <div key={k}>
                          <strong>{commentLabel(k)}:</strong> {v}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
