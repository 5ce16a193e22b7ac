/**
 * An organisation's monthly report (`/org/lacnic:900001/report/2026-10`), printable: the standing
 * at the month's end against the month before, the month's daily and weekly shares, ranks,
 * routing hygiene with what to fix next, and released Challenge results. The language follows the
 * dashboard's; the PDF link asks for the same.
 */
import { PageLink } from "../components/page-link";
import { stateLabel } from "../components/state-badge";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { type MonthlyReport, useMonthlyReport } from "../features/provider/api/get-monthly-report";
import { MonthChart } from "../features/provider/components/month-chart";
import { MonthPicker } from "../features/provider/components/month-picker";
import { RoaCoverage } from "../features/provider/components/roa-coverage";
import { StandingSummary } from "../features/provider/components/standing-summary";
import { formatDay, formatMonth } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { formatDecimal, formatDecimal1, formatInteger, formatPercent1 } from "../lib/format";
import { type Translator, useT } from "../lib/i18n";
import { organisationPath } from "../lib/navigation";

type Report = MonthlyReport["data"];

/** A share difference as signed percentage points: "+1.2 points". */
const points = (t: Translator, difference: number) =>
  t("report.points", {
    points: `${difference > 0 ? "+" : difference < 0 ? "−" : ""}${formatDecimal1(Math.abs(100 * difference))}`,
  });

function Change({ report }: { report: Report }) {
  const t = useT();
  const before = report.previous;
  const now = report.standing.metrics.preferred;
  return (
    <dl className="totals">
      <div>
        <dt>{t("report.previous", { date: formatDay(before?.evaluationDate ?? report.period.start) })}</dt>
        <dd>{before ? (before.share === null ? "—" : formatPercent1(before.share)) : "—"}</dd>
        <dd className="muted">{before ? stateLabel(t, before.state) : t("report.noPrevious")}</dd>
      </div>
      <div>
        <dt>{t("report.change")}</dt>
        <dd>{report.change.share === null ? "—" : points(t, report.change.share)}</dd>
        {before && before.state !== now.state && (
          <dd className="muted">
            {t("report.stateChange", { from: stateLabel(t, before.state), to: stateLabel(t, now.state) })}
          </dd>
        )}
      </div>
    </dl>
  );
}

function Weeks({ report }: { report: Report }) {
  const t = useT();
  const { trend } = report;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" aria-label={t("report.weeksLabel")}>
          <thead>
            <tr>
              <th scope="col">{t("report.week")}</th>
              <th scope="col" className="num">
                {t("common.days")}
              </th>
              <th scope="col" className="num">
                {t("common.samples")}
              </th>
              <th scope="col" className="num">
                {t("report.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {trend.weekly.map((w) => (
              <tr key={w.start}>
                <th scope="row">
                  {Number(w.start.slice(8, 10))}–{Number(w.end.slice(8, 10))}
                </th>
                <td className="num">{formatInteger(w.days)}</td>
                <td className="num">{formatInteger(w.samples)}</td>
                <td className="num">{w.share === null ? "—" : formatPercent1(w.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {t("report.monthFigures", {
          share: trend.month.share === null ? "—" : formatPercent1(trend.month.share),
          slope: trend.slopePerMonth === null ? t("report.noSlope") : points(t, trend.slopePerMonth),
        })}
      </p>
    </>
  );
}

function Challenge({ report }: { report: Report }) {
  const t = useT();
  const { results, open } = report.challenge;
  return (
    <>
      {results.length === 0 ? (
        <p className="muted">{t("report.challengeNone")}</p>
      ) : (
        <ul>
          {results.map((r) => (
            <li key={r.cycle.id}>
              <strong>
                {t("report.challengeResult", {
                  cycle: r.cycle.name,
                  outcome: r.outcome ? t(`outcome.${r.outcome}`) : t("report.entrant"),
                  place: formatInteger(r.place),
                  entries: formatInteger(r.entries),
                })}
              </strong>
              <div className="muted">
                {t("report.challengeScore", {
                  total: r.total === null ? "—" : formatDecimal(r.total),
                  reviews: t.plural("report.reviews", r.reviews),
                  passed: formatInteger(r.checks.passed),
                  checks: formatInteger(r.checks.total),
                })}
              </div>
            </li>
          ))}
        </ul>
      )}
      {open.map((c) => (
        <p key={c.id}>
          {t("report.challengeOpen", { cycle: c.name, date: formatDay(c.registrationClosesAt) })}
        </p>
      ))}
    </>
  );
}

export function MonthlyReportPage({ id, month }: { id: string; month: string }) {
  const t = useT();
  const query = useMonthlyReport(id, month, t.locale);
  const name = query.data?.data.organisation.name ?? id;
  useDocumentTitle(t("report.heading", { name, month: formatMonth(month) }));
  if (query.isPending) return <Loading label={t("report.loading")} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data: report, meta } = query.data;
  const s = report.standing;
  const org = report.organisation;
  return (
    <article className="monthly-report">
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <div className="report-actions actions">
        <MonthPicker id={org.id} month={report.month} months={report.months} />
        <a href={report.links.pdf} download>
          {t("report.pdf")}
        </a>
        <button type="button" className="link" onClick={() => window.print()}>
          {t("report.print")}
        </button>
      </div>
      <section aria-labelledby="report-heading">
        <h1 id="report-heading">{t("report.heading", { name, month: formatMonth(report.month) })}</h1>
        <p className="lede">
          {t("report.lede", {
            id: org.id,
            networks: org.asns.map((a) => `AS${a.asn}`).join(", "),
            date: formatDay(s.evaluationDate),
            method: s.methodVersion,
          })}{" "}
          · <PageLink to={organisationPath(org.id)}>{org.name ?? org.id}</PageLink>
        </p>
      </section>
      <section aria-labelledby="report-standing-heading">
        <h2 id="report-standing-heading">{t("report.standingHeading")}</h2>
        <StandingSummary standing={s} cc={org.cc} ranked="organisations" />
        <Change report={report} />
      </section>
      <section aria-labelledby="report-trend-heading">
        <h2 id="report-trend-heading">{t("report.trendHeading")}</h2>
        <MonthChart report={report} />
        <Weeks report={report} />
      </section>
      <section aria-labelledby="report-routing-heading">
        <h2 id="report-routing-heading">{t("report.routingHeading")}</h2>
        <p className="lede">{t("report.routingAsOf")}</p>
        <RoaCoverage routing={report.routing} fixes={report.fixes} routesBelow={false} />
      </section>
      <section aria-labelledby="report-challenge-heading">
        <h2 id="report-challenge-heading">{t("report.challengeHeading")}</h2>
        <Challenge report={report} />
      </section>
    </article>
  );
}
