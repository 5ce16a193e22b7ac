import { EvidencePackLinks } from "../components/evidence-pack-links";
import { PageLink } from "../components/page-link";
import { LoadError, Loading } from "../components/status";
import { ReleasedDisputes } from "../features/disputes/components/released-disputes";
import { useChallengeResults, useJimBoundResults, useResultsIndex } from "../features/results/api/results";
import { formatDate, formatDay } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { formatDecimal, formatInteger, formatPercent } from "../lib/format";
import { useT } from "../lib/i18n";
import { challengeResultsPath, jimBoundResultsPath, organisationPath, providerPath } from "../lib/navigation";

export function ResultsIndexPage() {
  const t = useT();
  useDocumentTitle(t("nav.results"));
  const index = useResultsIndex();
  if (index.isPending) return <Loading label={t("results.loading")} />;
  if (index.isError) return <LoadError error={index.error} onRetry={() => index.refetch()} />;
  const { challenge, jimBound } = index.data.data;
  return (
    <section aria-labelledby="results-heading">
      <h1 id="results-heading">{t("nav.results")}</h1>
      <p className="lede">{t("results.lede")}</p>
      <h2>{t("common.challenge")}</h2>
      {challenge.length === 0 ? (
        <p className="muted">{t("results.noChallenge")}</p>
      ) : (
        <ul>
          {challenge.map((c) => (
            <li key={c.id}>
              <PageLink to={challengeResultsPath(c.id)}>{c.name}</PageLink>{" "}
              <span className="muted">{t("results.released", { date: formatDate(c.releasedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("common.jimBoundPrize")}</h2>
      {jimBound.length === 0 ? (
        <p className="muted">{t("results.noJimBound")}</p>
      ) : (
        <ul>
          {jimBound.map((c) => (
            <li key={c.id}>
              <PageLink to={jimBoundResultsPath(c.id)}>{c.name}</PageLink>{" "}
              <span className="muted">{t("results.released", { date: formatDate(c.releasedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ChallengeResultsPage({ id }: { id: number }) {
  const t = useT();
  const results = useChallengeResults(id);
  const name = results.data?.data.cycle.name;
  useDocumentTitle(name ? t("results.challengeTitle", { name }) : t("nav.results"));
  if (results.isPending) return <Loading label={t("results.loading")} />;
  if (results.isError) return <LoadError error={results.error} onRetry={() => results.refetch()} />;
  const { cycle, entries } = results.data.data;
  return (
    <section aria-labelledby="challenge-results-heading">
      <p>
        <PageLink to="/results">{t("results.back")}</PageLink>
      </p>
      <h1 id="challenge-results-heading">{t("results.challengeTitle", { name: cycle.name })}</h1>
      <p className="lede">
        {t.plural("results.challengeLede", cycle.windowDays, { date: formatDate(cycle.windowStartsAt) })}
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("common.entry")}</th>
              <th scope="col">{t("common.outcome")}</th>
              <th scope="col" className="num">
                {t("results.meanTotal")}
              </th>
              <th scope="col" className="num">
                {t("common.reviews")}
              </th>
              <th scope="col" className="num">
                {t("results.checksPassed")}
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.organisationId}>
                <th scope="row">
                  <PageLink to={organisationPath(e.organisationId)}>{e.name}</PageLink>{" "}
                  <span className="cc">{e.cc}</span>
                </th>
                <td>{e.outcome ? <strong>{t(`outcome.${e.outcome}`)}</strong> : "—"}</td>
                <td className="num">{e.total === null ? "—" : formatDecimal(e.total)}</td>
                <td className="num">{formatInteger(e.reviews)}</td>
                <td className="num">
                  {formatInteger(e.checks.passed)} / {formatInteger(e.checks.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function JimBoundResultsPage({ id }: { id: number }) {
  const t = useT();
  const results = useJimBoundResults(id);
  const name = results.data?.data.cycle.name;
  useDocumentTitle(name ? t("results.jimBoundTitle", { name }) : t("nav.results"));
  if (results.isPending) return <Loading label={t("results.loading")} />;
  if (results.isError) return <LoadError error={results.error} onRetry={() => results.refetch()} />;
  const { cycle, awarded } = results.data.data;
  return (
    <section aria-labelledby="jb-results-heading">
      <p>
        <PageLink to="/results">{t("results.back")}</PageLink>
      </p>
      <h1 id="jb-results-heading">{t("results.jimBoundTitle", { name: cycle.name })}</h1>
      <p className="lede">
        {t("results.jimBoundLede", {
          metric:
            cycle.metric === "capable" || cycle.metric === "preferred" || cycle.metric === "traffic"
              ? t(`awardMetric.${cycle.metric}`)
              : cycle.metric,
          threshold: formatPercent(cycle.threshold),
          date: formatDay(cycle.evaluationDate),
        })}
      </p>
      {awarded.length === 0 ? (
        <p className="muted">{t("results.noAward")}</p>
      ) : (
        <ul className="plain">
          {awarded.map((a) => {
            const values =
              ((a.evidence ?? {}) as { values?: { share?: number; lo?: number; hi?: number } }).values ?? {};
            return (
              <li key={`${a.subjectKind}-${a.subjectId}`}>
                <strong>
                  <PageLink
                    to={
                      a.subjectKind === "network"
                        ? providerPath(Number(a.subjectId))
                        : organisationPath(a.subjectId)
                    }
                  >
                    {a.name}
                  </PageLink>
                </strong>{" "}
                —{" "}
                {t("results.share", {
                  share: values.share !== undefined ? formatPercent(values.share) : "—",
                })}
                {values.lo !== undefined && values.hi !== undefined
                  ? ` (${t("results.interval", { lo: formatPercent(values.lo), hi: formatPercent(values.hi) })})`
                  : ""}{" "}
                <EvidencePackLinks
                  base={`/api/v1/results/jim-bound/${cycle.id}/evidence/${a.nominationId}`}
                  label={t("evidence.packDecision")}
                />
              </li>
            );
          })}
        </ul>
      )}
      <ReleasedDisputes awardCycleId={cycle.id} />
    </section>
  );
}
