/**
 * Source: Cloudflare Radar's share of HTTP requests over IPv6 per network — a traffic measure
 * (DESIGN.md §3), optional because Radar's API needs a token.
 *
 * Endpoint: `<base>/radar/http/timeseries_groups/ip_version?asn=<n>&dateRange=<range>&aggInterval=1d`,
 * one request per ASN. The summary endpoint (`/radar/http/summary/ip_version`) gives one number
 * for a whole range; the daily series gives the same figure per day, so the award window, the
 * trend and Radar's own history can be pooled like every other daily source. With no ASNs given,
 * every ASN the registry data places in a LACNIC-region economy is asked for, as for APNIC Labs.
 *
 * Politeness: Cloudflare allows 1,200 API requests per five minutes per user, across everything
 * the token's owner does, and blocks the user for five minutes beyond that. Requests are paced
 * (one start every `paceMs`, by default 300 ms: 1,000 per five minutes) with a few in flight;
 * a 429 is retried after its Retry-After (http.ts). The whole region (about 12,000 ASNs) takes
 * about an hour. A 401 or 403 stops the run at once: the token is wrong for every network.
 *
 * The token goes in the Authorization header only: never into a URL, a log line, an error
 * message or the run record.
 */
import { type Database, ingestRuns, runFinishedNow } from "@atalaya/db";
import { parseRadarIpVersionSeries, type RadarDay, radarErrorMessage } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import { purgeDemoData } from "../demo-data";
import { IngestError } from "../errors";
import { mapLimit } from "../fetch-text";
import { limitedText, requestWithRetries } from "../http";
import { Progress } from "../progress";
import { refreshMeasurementRollups } from "../rollups";
import { type IngestContext, type IngestResult, sourceLimit } from "../run-ingest";
import {
  markFailed,
  type RejectedLine,
  refuseIncompleteFetch,
  refuseTooManyRejects,
  startRun,
} from "../runs";

export const RADAR_SOURCE = "radar" as const;
export const DEFAULT_RADAR_BASE = "https://api.cloudflare.com/client/v4";
/** Default history asked for: the award window and the 90-day trend, with margin. */
export const DEFAULT_RADAR_RANGE = "12w";
/** Milliseconds between request starts: 1,000 per five minutes, under Cloudflare's 1,200. */
export const DEFAULT_RADAR_PACE_MS = 300;

/**
 * How a share is stored in `daily_measurements` (no schema of its own): Radar publishes
 * percentages, never request counts, so a day is `samples` = RADAR_SCALE — a fixed unit, not a
 * count of anything — and `ipv6` = the share in millionths. Σipv6 / Σsamples over a window is
 * then the plain mean of the daily shares, the only pooling that needs no volumes. The API
 * knows the source as a traffic source without counts: no Wilson interval, no sample size.
 */
export const RADAR_SCALE = 1_000_000;

export interface RadarRequest {
  /** Base of Cloudflare's API (`…/client/v4`), or any server with the same paths. */
  base: string;
  /** Cloudflare API token with Radar read access. */
  token: string | undefined;
  /** Only these ASNs (default: every region ASN in the registry data). */
  asns?: number[] | undefined;
  /** Radar's relative date range (`28d`, `12w`, `52w`…). */
  range?: string | undefined;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Milliseconds between request starts (tests use 0). */
  paceMs?: number;
  /** Today (UTC, ISO date): the bucket of the day in progress is left for the next run. */
  today?: string;
}

export interface RadarResult extends IngestResult {
  networks: { measured: number; notMeasured: number };
}

interface Target {
  asn: number;
  cc: string;
}

const STAGING_COLUMNS = ["run_id", "source", "asn", "cc", "date", "samples", "capable", "preferred", "ipv6"];

export function radarUrl(base: string, asn: number, range = DEFAULT_RADAR_RANGE): string {
  const query = new URLSearchParams({
    asn: String(asn),
    dateRange: range,
    aggInterval: "1d",
    format: "json",
  });
  return `${base.replace(/\/+$/, "")}/radar/http/timeseries_groups/ip_version?${query}`;
}

/** Radar measures a network, not a network in an economy: each ASN is filed under one registry country. */
async function resolveTargets(database: Database, asns: number[] | undefined): Promise<Target[]> {
  const only = asns && asns.length > 0 ? asns : null;
  const rows = await database.rows<{ asn: number; cc: string }>(sql`
    select r.asn::float8 as asn, min(r.cc) as cc
    from registry_resources r
    ${only ? sql`` : sql`join countries c on c.cc = r.cc and c.in_lacnic_region`}
    where r.type = 'asn' and r.cc is not null
      ${only ? sql`and r.asn in ${only}` : sql`and r.status in ('allocated', 'assigned')`}
    group by r.asn order by 1`);
  const targets = rows.map((r) => ({ asn: Number(r.asn), cc: r.cc }));
  if (only) {
    const missing = only.filter((a) => !targets.some((t) => t.asn === a));
    if (missing.length > 0) {
      throw new IngestError(
        `${missing.map((a) => `AS${a}`).join(", ")} not in the registry data: ingest registry data first (\`atalaya ingest delegated\`)`,
      );
    }
  }
  return targets;
}

/** A gate that lets one caller through every `intervalMs`, in call order. */
function pacer(intervalMs: number): () => Promise<void> {
  let next = 0;
  return async () => {
    if (intervalMs <= 0) return;
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}

function dayRow(runId: number, target: Target, day: RadarDay): string {
  const ipv6 = Math.round(day.ipv6Share * RADAR_SCALE);
  return `${runId}\t${RADAR_SOURCE}\t${target.asn}\t${target.cc}\t${day.date}\t${RADAR_SCALE}\t\\N\t\\N\t${ipv6}\n`;
}

export async function ingestRadar(request: RadarRequest, ctx: IngestContext): Promise<RadarResult> {
  const { database, log } = ctx;
  const { db } = database;
  if (!request.token) {
    throw new IngestError(
      "Cloudflare Radar needs an API token: set ATALAYA_RADAR_TOKEN to a Cloudflare API token with Radar read access",
    );
  }
  const range = request.range ?? DEFAULT_RADAR_RANGE;
  if (!/^[1-9]\d{0,2}[dw]$/.test(range)) {
    throw new IngestError(`date range ${range}: give days or weeks as Radar writes them (28d, 12w, 52w)`);
  }
  const targets = await resolveTargets(database, request.asns);
  if (targets.length === 0) {
    throw new IngestError(
      "no networks to ask about: ingest registry data first (`atalaya ingest delegated`) or pass --asn",
    );
  }
  const today = request.today ?? new Date().toISOString().slice(0, 10);
  const headers = { authorization: `Bearer ${request.token}`, accept: "application/json" };
  const runId = await startRun(db, RADAR_SOURCE, request.base, ctx.isDemo ?? false);
  log.info("radar: run started", { run: runId, base: request.base, networks: targets.length, range });
  const rows: string[] = [];
  const rejects: RejectedLine[] = [];
  const failures: string[] = [];
  let refused: string | null = null;
  let rejectedCount = 0;
  let done = 0;
  const networks = { measured: 0, notMeasured: 0 };
  const wait = pacer(request.paceMs ?? DEFAULT_RADAR_PACE_MS);
  const limit = sourceLimit(ctx, RADAR_SOURCE);
  const progress = new Progress({ label: "radar", totalBytes: null, log, tty: ctx.tty });
  try {
    await mapLimit(targets, request.concurrency ?? 4, async (target, index) => {
      if (refused) return;
      await wait();
      if (refused) return;
      const url = radarUrl(request.base, target.asn, range);
      let response: Response;
      let text: string;
      try {
        response = await requestWithRetries(url, headers, ctx.fetch, log, [400, 401, 403, 404]);
        text = await limitedText(response, limit);
      } catch (error) {
        // requestWithRetries names the URL; a body refused for its size does not
        failures.push(error instanceof IngestError ? error.message : `${url}: ${(error as Error).message}`);
        return;
      }
      if (response.status === 401 || response.status === 403) {
        const why = radarErrorMessage(text);
        refused ??=
          `${request.base}: Cloudflare Radar refused the token (HTTP ${response.status}${why ? `: ${why}` : ""}); ` +
          "check that ATALAYA_RADAR_TOKEN is a current Cloudflare API token with Radar read access";
        return;
      }
      if (response.status === 404) networks.notMeasured++;
      else if (response.status === 400) {
        failures.push(`${url}: HTTP 400 (${radarErrorMessage(text) ?? "bad request"})`);
      } else {
        const parsed = parseRadarIpVersionSeries(text, today);
        const line = index + 1;
        if (parsed.fatal) {
          rejectedCount++;
          rejects.push({ line, raw: url, reason: parsed.fatal });
        }
        for (const r of parsed.rejects) {
          rejectedCount++;
          if (rejects.length < 1000) rejects.push({ line, raw: `${url} ${r.path}`, reason: r.reason });
        }
        if (parsed.days.length > 0) networks.measured++;
        else if (!parsed.fatal) networks.notMeasured++;
        for (const day of parsed.days) rows.push(dayRow(runId, target, day));
      }
      progress.update(++done, 0);
    });
    progress.finish();
    if (refused) throw new IngestError(refused, request.base);
    refuseIncompleteFetch(failures, targets.length, "networks", request.base);
    refuseTooManyRejects(rejects, rejectedCount, ctx.maxRejected, "values");
    await database.copyIn("daily_measurements_staging", STAGING_COLUMNS, rows);
    await db.transaction(async (tx) => {
      if (!ctx.isDemo) await purgeDemoData(tx);
      // Replace the days each network's series covers and keep older history. By ASN alone: a
      // network whose registry country changed keeps one series.
      await tx.execute(sql`
        delete from daily_measurements d
        using (
          select asn, min(date) as first, max(date) as last from daily_measurements_staging
          where run_id = ${runId} group by asn
        ) s
        where d.source = ${RADAR_SOURCE} and d.asn = s.asn and d.date between s.first and s.last`);
      await tx.execute(sql`
        insert into daily_measurements (source, asn, cc, date, samples, capable, preferred, ipv6, run_id)
        select source, asn, cc, date, samples, capable, preferred, ipv6, run_id
        from daily_measurements_staging where run_id = ${runId}`);
      await refreshMeasurementRollups(tx, runId);
      await tx
        .update(ingestRuns)
        .set({
          status: "succeeded",
          rows: rows.length,
          rejectedRows: rejectedCount,
          fetchedAt: new Date(),
          dataDate: sql`(select max(date) from daily_measurements_staging where run_id = ${runId})`,
          finishedAt: runFinishedNow(),
        })
        .where(eq(ingestRuns.id, runId));
    });
    const [run] = await db.select().from(ingestRuns).where(eq(ingestRuns.id, runId));
    log.info("radar: published", { run: runId, rows: rows.length, ...networks, rejected: rejectedCount });
    return {
      runId,
      status: "succeeded",
      rows: rows.length,
      rejected: rejectedCount,
      location: request.base,
      dataDate: run?.dataDate ?? null,
      networks,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markFailed(db, runId, null, message, rejects, rejectedCount);
    log.error("radar: run failed, nothing published", { run: runId, error: message });
    throw error instanceof IngestError ? error : new IngestError(`${request.base}: ${message}`, request.base);
  } finally {
    await db.execute(sql`delete from daily_measurements_staging where run_id = ${runId}`);
  }
}
