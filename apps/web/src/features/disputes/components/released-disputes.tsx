import { LoadError, Loading } from "../../../components/status";
import { formatDay } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useReleasedDisputes } from "../api/released-disputes";

/** On a released cycle's results: which standings were disputed and how each ended, nothing more. */
export function ReleasedDisputes({ awardCycleId }: { awardCycleId: number }) {
  const t = useT();
  const list = useReleasedDisputes(awardCycleId);
  if (list.isPending) return <Loading label={t("disputes.loading")} />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <section aria-labelledby="released-disputes-heading">
      <h2 id="released-disputes-heading">{t("disputes.releasedHeading")}</h2>
      {list.data.data.length === 0 ? (
        <p className="muted">{t("disputes.releasedNone")}</p>
      ) : (
        <ul className="plain">
          {list.data.data.map((d) => (
            <li key={`${d.subjectKind}-${d.subjectId}-${d.filedAt}`}>
              {t("disputes.releasedItem", {
                name: d.name,
                subject: `${t(`subject.${d.subjectKind}`)} ${d.subjectId}`,
                date: formatDay(d.filedAt.slice(0, 10)),
              })}{" "}
              <span className={`badge dispute-${d.status}`}>{t(`disputes.status.${d.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
