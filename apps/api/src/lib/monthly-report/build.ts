/**
 * An organisation's monthly report: what its page shows (standing, ranks, routing, readiness),
 * evaluated on the month's last day with the default award parameters, beside the end of the
 * month before, the month's daily and weekly shares, what to fix next and its public Challenge
 * results. The board comes from the BoardCache: every organisation's report for a month shares
 * one board per data version, and a report adds only its own series, routes and Challenge rows.
 */
import { organisationChallengeStatus } from "@atalaya/committee";
import type { Database } from "@atalaya/db";
import type { ReportLanguage } from "@atalaya/evidence";
import {
  type DailyCount,
  type EligibilityState,
  evaluate,
  fitTrend,
  isMonth,
  lastReportMonth,
  monthBounds,
  monthOf,
  nextMonth,
  poolWindow,
  previousMonth,
} from "@atalaya/metrics";
import { measurementExtent, resolveParameters } from "../award-params";
import type { BoardCache } from "../board";
import type { DatasetInfo } from "../dataset";
import { ApiError } from "../errors";
import { readinessLadder } from "../ladder";
import { type RoutingStanding, routingFor } from "../routing-standing";
import { networkOf, providerOf, type Standing, standingFor } from "../standing";
import { type ReportWords, reportWords } from "./messages";
import type { FixProblem, MonthlyReport } from "./schema";

/** What building a report needs: the services every API process has. */
export interface ReportServices {
  database: Database;
  dataset: DatasetInfo;
  boards: BoardCache;
}

/** Where a report is read, as paths: the dashboard's page and the API's PDF. */
export function reportLinks(id: string, month: string, language: ReportLanguage) {
  const org = id
    .split(":")
    .map((part) => encodeURIComponent(part))
    .join(":");
  return {
    page: `/org/${org}/report/${month}`,
    pdf: `/api/v1/organisations/${org}/reports/${month}.pdf?lang=${language}`,
  };
}

const STATE_ORDER: Record<EligibilityState, number> = {
  "insufficient-data": 0,
  below: 1,
  borderline: 2,
  eligible: 3,
};

/** The first, the next-to-last and the last month a report can be asked for, or why not this one. */
async function checkedMonth(services: ReportServices, version: string, month: string, now: Date) {
  if (!isMonth(month)) throw new ApiError("BAD_REQUEST", "month: a YYYY-MM calendar month");
  const extent = await measurementExtent(services.database, version);
  if (!extent)
    throw new ApiError("NOT_FOUND", "month: no measurements are loaded, so there is no report yet");
  const today = now.toISOString().slice(0, 10);
  const ended = previousMonth(monthOf(today));
  if (month > ended)
    throw new ApiError(
      "BAD_REQUEST",
      `month: ${month} has not ended yet; the last complete month is ${ended}`,
    );
  const months = { first: monthOf(extent.first), last: lastReportMonth(extent.last, today) };
  if (month < months.first)
    throw new ApiError(
      "NOT_FOUND",
      `month: measurements start on ${extent.first}; the first report is of ${months.first}`,
    );
  if (month > months.last)
    throw new ApiError(
      "NOT_FOUND",
      `month: the last measurements are of ${extent.last}; the last report is of ${months.last}`,
    );
  return { extent, months };
}

/** The month's days in blocks of seven from the 1st (the last block is shorter), each pooled. */
function weeklyShares(daily: DailyCount[], period: { start: string; end: string }) {
  const weeks = [];
  for (let first = 1; ; first += 7) {
    const start = `${period.start.slice(0, 8)}${String(first).padStart(2, "0")}`;
    if (start > period.end) break;
    const last = `${period.start.slice(0, 8)}${String(first + 6).padStart(2, "0")}`;
    const end = last > period.end ? period.end : last;
    const pooled = poolWindow(daily, { start, end, days: 7 });
    weeks.push({
      start,
      end,
      days: pooled.daysWithData,
      samples: pooled.samples,
      share: pooled.samples > 0 ? pooled.hits / pooled.samples : null,
    });
  }
  return weeks;
}

/**
 * The fixes, most urgent first: invalid routes (networks that validate drop them), then the rungs
 * of the readiness ladder below routing (space, announcement), registry space nobody announces,
 * routes without a ROA, and last the share itself.
 */
function fixesFor(routing: RoutingStanding, standing: Standing, words: ReportWords): MonthlyReport["fixes"] {
  const ladder = new Map(readinessLadder(routing, standing).map((step) => [step.step, step.done]));
  const fix = (
    problem: FixProblem,
    family: "ipv4" | "ipv6" | null = null,
    prefixes: string[] = [],
    total: number | null = null,
  ) => ({ problem, family, prefixes, total, action: words.t(`action.${problem}`) });
  const fromRouting = (problems: readonly FixProblem[]) =>
    routing.nextSteps
      .filter((s) => problems.includes(s.problem))
      .map((s) => fix(s.problem, s.family, s.prefixes, s.total));
  const fixes = fromRouting(["invalid-length", "invalid-as"]);
  const unannounced = fromRouting(["unannounced"]);
  if (!ladder.get(1)) fixes.push(fix("no-ipv6-space"));
  // Nothing announced over IPv6: the registry prefixes to announce say it, with the prefixes.
  else if (!ladder.get(2) && unannounced.length === 0) fixes.push(fix("not-announced"));
  fixes.push(...unannounced, ...fromRouting(["not-found", "roa-expiring"]));
  if (!ladder.get(4)) fixes.push(fix("no-ipv6-users"));
  else if (!ladder.get(5)) fixes.push(fix("below-threshold"));
  return fixes;
}

function summaryOf(report: Omit<MonthlyReport, "summary" | "links">, words: ReportWords): string[] {
  const { t } = words;
  const p = report.standing.metrics.preferred;
  const lines = [
    t("summary.standing", {
      state: t(`state.${p.state}`),
      share: words.percent(p.share),
      lo: words.percent(p.lo),
      hi: words.percent(p.hi),
    }),
  ];
  if (report.change.share !== null)
    lines.push(t("summary.change", { points: words.points(report.change.share) }));
  const rank = report.standing.rankInCountry;
  if (rank && report.organisation.economy)
    lines.push(
      t("summary.rank", {
        rank: words.integer(rank.rank),
        of: words.integer(rank.of),
        economy: report.organisation.economy,
      }),
    );
  const first = report.fixes[0];
  lines.push(first ? t("summary.fix", { problem: t(`problem.${first.problem}`) }) : t("summary.nothing"));
  return lines;
}

export async function buildMonthlyReport(
  services: ReportServices,
  request: { id: string; month: string; language: ReportLanguage; now?: Date },
): Promise<MonthlyReport> {
  const { database, dataset, boards } = services;
  const { id, month, language } = request;
  const { version } = await dataset.state();
  const { extent, months } = await checkedMonth(services, version, month, request.now ?? new Date());
  const period = monthBounds(month);
  const resolved = await resolveParameters(database, { date: period.end }, version);
  const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
  const provider = providerOf(board, id);
  if (!provider) throw new ApiError("NOT_FOUND", `${id} holds no ASN in the LACNIC region`);
  const [registry, holderId] = provider.id.split(":") as [string, string];
  const [standing, routing, challenge] = await Promise.all([
    standingFor(database, board, provider.asns, provider, board.providers),
    routingFor(database, provider.asns, { registry, holderId }),
    organisationChallengeStatus(database, provider.id, new Date(`${nextMonth(month)}-01T00:00:00Z`)),
  ]);
  const words = reportWords(language);

  // The series covers a year before the month's end: the previous month's end is evaluated on it.
  const daily: DailyCount[] = standing.series.map((d) => ({
    date: d.date,
    samples: d.samples,
    hits: d.preferred,
  }));
  const previousEnd = monthBounds(previousMonth(month)).end;
  const before =
    previousEnd >= extent.first
      ? evaluate(daily, { ...board.params, evaluationDate: previousEnd }, board.method)
      : null;
  const now = standing.metrics.preferred;
  const previous = before && {
    evaluationDate: previousEnd,
    state: before.state,
    share: before.share,
    lo: before.lo,
    hi: before.hi,
    samples: before.samples,
    days: before.days,
  };
  const rise = previous ? STATE_ORDER[now.state] - STATE_ORDER[previous.state] : null;
  const inMonth = daily.filter((d) => d.date >= period.start && d.date <= period.end);
  const pooled = poolWindow(inMonth, { ...period, days: inMonth.length });
  const fit = fitTrend(inMonth);
  const { announced: _routes, ...routingSummary } = routing;

  const report = {
    month,
    language,
    period,
    months,
    organisation: {
      id: provider.id,
      name: provider.name,
      cc: provider.cc,
      economy: provider.cc ? words.economy(provider.cc) : null,
      asns: provider.asns.flatMap((asn) => {
        const n = networkOf(board, asn);
        return n ? [{ asn: n.asn, name: n.name, cc: n.cc }] : [];
      }),
    },
    standing: { ...standing, series: standing.series.filter((d) => d.date >= period.start) },
    previous,
    change: {
      share: previous?.share != null && now.share !== null ? now.share - previous.share : null,
      state:
        rise === null ? null : rise > 0 ? ("up" as const) : rise < 0 ? ("down" as const) : ("same" as const),
    },
    trend: {
      weekly: weeklyShares(inMonth, period),
      month: {
        share: pooled.samples > 0 ? pooled.hits / pooled.samples : null,
        samples: pooled.samples,
        days: pooled.daysWithData,
      },
      slopePerMonth: fit ? fit.slopePerDay * 30 : null,
    },
    routing: routingSummary,
    fixes: fixesFor(routing, standing, words),
    challenge: {
      results: challenge.results.map((r) => ({
        ...r,
        cycle: { ...r.cycle, releasedAt: r.cycle.releasedAt.toISOString() },
      })),
      open: challenge.open.map((c) => ({ ...c, registrationClosesAt: c.registrationClosesAt.toISOString() })),
    },
  };
  return { ...report, summary: summaryOf(report, words), links: reportLinks(provider.id, month, language) };
}
