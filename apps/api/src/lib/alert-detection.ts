/**
 * Alert events after an ingest (@atalaya/alerts): the region's standings under the default award
 * parameters, evaluated here where the board is, handed to the detectors. Called by whatever ran
 * the ingest (`atalaya serve`'s schedule, `atalaya ingest`), and by the weekly summary schedule.
 */
import {
  type DeliveryContext,
  type DetectionInput,
  type DetectionResult,
  type DigestCadence,
  detectEvents,
  type StoredEvent,
  sendDigests,
  summariseEconomies,
} from "@atalaya/alerts";
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { addDays, DEFAULT_PARAMETERS, METHOD_VERSION, projectCrossing, windowEnding } from "@atalaya/metrics";
import { sql } from "drizzle-orm";
import { MIN_DAILY_SAMPLES } from "../routes/region-insights/daily-shares";
import { latestMeasurementDate } from "./award-params";
import { computeBoard, type SharedBoards } from "./board";
import { TREND_DAYS } from "./standing";

export interface AlertContext {
  log: Logger;
  /** ATALAYA_PUBLIC_URL, or the server's own address: the base of links in messages. */
  baseUrl: string;
  mailConfigured: boolean;
  now?: Date;
  /** The server's data version and boards (`atalaya serve`): detection reuses the board its pages use. */
  shared?: SharedBoards | undefined;
}

/**
 * Every region network and organisation with its Jim Bound standing on the last measured day:
 * the board a page shows by default, from `shared` when given (computed once per data version
 * for the pages and the detection alike).
 */
export async function detectionInput(database: Database, shared?: SharedBoards): Promise<DetectionInput> {
  const evaluationDate = await latestMeasurementDate(database);
  const params = {
    ...DEFAULT_PARAMETERS,
    evaluationDate: evaluationDate ?? new Date().toISOString().slice(0, 10),
  };
  const board = shared
    ? await shared.boards.board(database, await shared.dataset.currentVersion(), params, METHOD_VERSION)
    : await computeBoard(database, params, METHOD_VERSION);
  const crossings = evaluationDate
    ? await projectedCrossings(database, evaluationDate, params.threshold)
    : new Map();
  const standing = (row: (typeof board.networks)[number] | (typeof board.providers)[number]) => ({
    state: row.state,
    share: row.share,
    lo: row.lo,
    hi: row.hi,
    samples: row.samples,
    days: row.days,
  });
  return {
    evaluationDate,
    threshold: params.threshold,
    networks: board.networks.map((n) => ({
      asn: n.asn,
      name: n.name,
      cc: n.cc,
      organisationId: n.organisationId,
      ...standing(n),
      crossing: crossings.get(n.asn) ?? null,
    })),
    organisations: board.providers.map((o) => ({
      id: o.id,
      name: o.name,
      cc: o.cc,
      asns: o.asns,
      ...standing(o),
    })),
  };
}

/** Days of data a trend needs, as the standing page's (fitTrend's default). */
const MIN_TREND_DAYS = 14;

/**
 * Every region network's projected crossing of the threshold, as its standing page computes it
 * (fitTrend over the last TREND_DAYS days of APNIC preferred counts summed over the region's
 * economies, weighted by samples), in one pass: the weighted least-squares sums come from SQL,
 * with days counted from the evaluation date to keep them small. Networks above the line, or
 * not getting there within five years, have none.
 */
async function projectedCrossings(
  database: Database,
  end: string,
  threshold: number,
): Promise<Map<number, string>> {
  const start = windowEnding(end, TREND_DAYS).start;
  const rows = await database.rows<{
    asn: number;
    days: number;
    sw: number;
    sx: number;
    sy: number;
    sxx: number;
    sxy: number;
    last: number;
  }>(sql`
    with daily as (
      select m.asn, (m.date - ${end}::date)::float8 as x, sum(m.samples)::float8 as s,
        sum(coalesce(m.preferred, 0))::float8 as h
      from daily_measurements m
      join countries c on c.cc = m.cc and c.in_lacnic_region
      where m.source = 'apnic' and m.date between ${start}::date and ${end}::date
      group by m.asn, m.date
      having sum(m.samples) > 0)
    select asn::float8 as asn, count(*)::int as days, sum(s) as sw, sum(s * x) as sx, sum(h) as sy,
      sum(s * x * x) as sxx, sum(x * h) as sxy, max(x) as last
    from daily group by asn`);
  const crossings = new Map<number, string>();
  for (const r of rows) {
    if (Number(r.days) < MIN_TREND_DAYS) continue;
    const sw = Number(r.sw);
    const mx = Number(r.sx) / sw;
    const my = Number(r.sy) / sw;
    const sxx = Number(r.sxx) - sw * mx * mx;
    if (sxx <= 1e-9) continue;
    const slope = (Number(r.sxy) - sw * mx * my) / sxx;
    const last = Number(r.last);
    const projection = projectCrossing(
      { slopePerDay: slope, fittedShare: my + slope * (last - mx), days: Number(r.days) },
      threshold,
      addDays(end, last),
    );
    if (projection.kind === "crossing") crossings.set(Number(r.asn), projection.date);
  }
  return crossings;
}

function delivery(options: AlertContext): DeliveryContext & { log: Logger } {
  return {
    log: options.log,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    mailConfigured: options.mailConfigured,
    now: options.now ?? new Date(),
  };
}

/** Detects what the latest ingest changed and tells the subscribers (once across processes). */
export function detectAlertEvents(database: Database, options: AlertContext): Promise<DetectionResult> {
  return detectEvents(database, () => detectionInput(database, options.shared), delivery(options));
}

/** The weekly summary of every region economy. */
export function summariseEconomiesNow(database: Database, options: AlertContext): Promise<StoredEvent[]> {
  return summariseEconomies(database, () => detectionInput(database, options.shared), {
    ...delivery(options),
    minDailySamples: MIN_DAILY_SAMPLES,
  });
}

/** The daily or weekly digests due now. */
export function sendDigestsNow(
  database: Database,
  cadence: DigestCadence,
  options: AlertContext,
): Promise<number> {
  return sendDigests(database, cadence, delivery(options));
}
