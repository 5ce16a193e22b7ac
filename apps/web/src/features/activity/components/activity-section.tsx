import { useId } from "react";
import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { type ActivitySubject, activityFeedUrl, useActivity } from "../api/get-activity";

/**
 * What Atalaya noticed about a network or an organisation after each ingest (alert events), newest
 * first, in the page's language, with the Atom feed to follow it from a reader.
 */
export function ActivitySection({ subject }: { subject: ActivitySubject }) {
  const t = useT();
  const heading = useId();
  const query = useActivity(subject, t.locale);
  const entries = query.data?.pages.flatMap((p) => p.data) ?? [];
  const feed = activityFeedUrl(subject, t.locale);
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{t("activity.heading")}</h2>
      <p className="lede">
        {t("activity.lede")}{" "}
        {feed && (
          <a href={feed} type="application/atom+xml">
            {t("activity.feed")}
          </a>
        )}
      </p>
      {query.isPending ? (
        <Loading label={t("activity.loading")} />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      ) : entries.length === 0 ? (
        <p>{t("activity.none")}</p>
      ) : (
        <ol className="activity-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
              <details>
                <summary>{entry.title}</summary>
                <ul>
                  {entry.details.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ol>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t("activity.older")}
        </button>
      )}
    </section>
  );
}
