/**
 * Source: APNIC Labs per-network IPv6 measurements (`<base>/v6economyas/<CC>/AS<n>.json`).
 * One file per (ASN, economy): with no ASNs given, every (ASN, economy) with users in a
 * LACNIC-region economy by APNIC's AS population, plus every ASN the registry data places in the
 * region under its registry country. Files are fetched politely (bounded
 * concurrency over kept-alive connections, conditional GET remembered per URL, retries); a 404
 * means "not measured". Each file is parsed straight into staging lines, which are loaded while
 * later files are still being fetched; the run publishes in one transaction, or not at all. Daily
 * counts are upserted, so history older than what APNIC still publishes is kept.
 */
import {
  type Database,
  type Db,
  dailyMeasurementsStaging,
  fetchCache,
  ingestRuns,
  runFinishedNow,
} from "@atalaya/db";
import { apnicLines } from "@atalaya/net";
import { eq, ne, sql } from "drizzle-orm";
import { purgeDemoData } from "../demo-data";
import { IngestError } from "../errors";
import { type FetchedText, fetchText, mapLimit } from "../fetch-text";
import { connectionPool } from "../http";
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

export const APNIC_SOURCE = "apnic" as const;
export const DEFAULT_APNIC_BASE = "https://data1.labs.apnic.net/v6stats";

export interface ApnicRequest {
  /** Base URL of the v6stats tree (http(s) or file:). */
  base: string;
  /** Only these economies (default: all LACNIC-region economies). */
  ccs?: string[] | undefined;
  /** Only these ASNs (default: every region ASN in the registry data). */
  asns?: number[] | undefined;
  /** Files in flight at once. */
  concurrency?: number;
}

export interface ApnicResult extends IngestResult {
  files: { fetched: number; unchanged: number; notMeasured: number };
}

interface Target {
  asn: number;
  cc: string;
}

/** In the order `apnicLines` writes them; `ipv6` (not measured by APNIC) is left null. */
const STAGING_COLUMNS = ["asn", "cc", "date", "samples", "capable", "preferred", "run_id", "source"];

export function apnicUrl(base: string, target: Target): string {
  return `${base.replace(/\/+$/, "")}/v6economyas/${target.cc}/AS${target.asn}.json`;
}

async function resolveTargets(database: Database, request: ApnicRequest): Promise<Target[]> {
  const ccs = request.ccs?.map((c) => c.toUpperCase());
  if (request.asns && request.asns.length > 0) {
    if (ccs && ccs.length > 0) return request.asns.flatMap((asn) => ccs.map((cc) => ({ asn, cc })));
    const found = await database.rows<{ asn: number; cc: string }>(sql`
      select distinct asn::float8 as asn, cc from registry_resources
      where type = 'asn' and cc is not null and asn in ${request.asns}`);
    const missing = request.asns.filter((a) => !found.some((f) => f.asn === a));
    if (missing.length > 0) {
      throw new IngestError(`no registry country for ${missing.map((a) => `AS${a}`).join(", ")}: pass --cc`);
    }
    return found.map((f) => ({ asn: Number(f.asn), cc: f.cc }));
  }
  // Every (ASN, economy) APNIC's AS population estimates users for in a LACNIC-region economy,
  // wherever the ASN is registered; and every region ASN under its registry country, so that a
  // network APNIC has not ranked is still tried.
  const only = ccs && ccs.length > 0 ? sql`and c.cc in ${ccs}` : sql``;
  const rows = await database.rows<{ asn: number; cc: string }>(sql`
    select asn::float8 as asn, cc from (
      select p.asn, p.cc from as_population p join countries c on c.cc = p.cc and c.in_lacnic_region
      where p.users > 0 ${only}
      union
      select r.asn, r.cc from registry_resources r join countries c on c.cc = r.cc and c.in_lacnic_region
      where r.type = 'asn' and r.status in ('allocated', 'assigned') ${only}
    ) t
    order by 1, 2`);
  return rows.map((r) => ({ asn: Number(r.asn), cc: r.cc }));
}

/**
 * Loads staging rows while files are still being fetched: the lines of several files go in one
 * COPY of about `chunkChars` characters, with one COPY in flight at a time; `add` waits while a
 * full chunk is waiting behind it, so memory stays bounded however many files there are.
 * Every field was validated by the parser (numbers, ISO date, two-letter code), so none needs
 * escaping. A failed COPY is kept and rethrown by `finish`; nothing is loaded after it.
 */
class StagingLoader {
  private pending: string[] = [];
  private pendingChars = 0;
  private inFlight: Promise<void> | null = null;
  private error: unknown = null;

  constructor(
    private readonly database: Database,
    private readonly chunkChars: number,
  ) {}

  get failed(): boolean {
    return this.error !== null;
  }

  async add(lines: string): Promise<void> {
    if (this.error !== null || lines.length === 0) return;
    this.pending.push(lines);
    this.pendingChars += lines.length;
    while (this.pendingChars >= this.chunkChars && this.error === null) {
      if (this.inFlight) await this.inFlight;
      else this.flush();
    }
  }

  private flush(): void {
    const lines = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    this.inFlight = this.database
      .copyIn("daily_measurements_staging", STAGING_COLUMNS, lines)
      .then(
        () => {},
        (error: unknown) => {
          this.error ??= error;
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** Loads what is left and waits for it; throws the first COPY failure. */
  async finish(): Promise<void> {
    await this.settle();
    if (this.error === null && this.pending.length > 0) {
      this.flush();
      await this.settle();
    }
    if (this.error !== null) throw this.error;
  }

  /** Waits until no COPY is in flight (before staging rows are deleted). */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }
}

export async function ingestApnic(request: ApnicRequest, ctx: IngestContext): Promise<ApnicResult> {
  const { database, log } = ctx;
  const { db } = database;
  const targets = await resolveTargets(database, request);
  if (targets.length === 0) {
    throw new IngestError(
      "no networks to measure: ingest registry data first (`atalaya ingest delegated`) or pass --asn",
    );
  }
  const runId = await startRun(db, APNIC_SOURCE, request.base, ctx.isDemo ?? false);
  log.info("apnic: run started", { run: runId, base: request.base, networks: targets.length });
  const cached = new Map(
    (
      await db
        .select()
        .from(fetchCache)
        .where(sql`${fetchCache.url} like ${`${request.base.replace(/\/+$/, "")}/%`}`)
    ).map((c) => [c.url, c]),
  );
  const rejects: RejectedLine[] = [];
  const failures: string[] = [];
  // What to remember per URL, without the body: holding 10,000 bodies would cost a gigabyte.
  const seenUrls: FetchMemo[] = [];
  let rejectedCount = 0;
  let rows = 0;
  let dataDate: string | null = null;
  let done = 0;
  const files = { fetched: 0, unchanged: 0, notMeasured: 0 };
  const progress = new Progress({ label: "apnic", totalBytes: null, log, tty: ctx.tty });
  const started = performance.now();
  const phases: Record<string, number> = {};
  const concurrency = request.concurrency ?? 8;
  const limit = sourceLimit(ctx, APNIC_SOURCE);
  const pool = connectionPool(concurrency);
  // PGlite runs COPY on this thread, in pieces of 8 MB (see copyIn); the server takes smaller
  // ones, so it loads while this process fetches and parses the next files.
  const loader = new StagingLoader(database, database.engine === "pglite" ? 1 << 23 : 1 << 22);
  const suffix = `\t${runId}\t${APNIC_SOURCE}\n`;
  // Once the run cannot succeed, files are still fetched and judged (to report every problem)
  // but no longer loaded.
  const doomed = () => failures.length > 0 || rejectedCount > ctx.maxRejected || loader.failed;
  try {
    // One file: fetch, judge, load. Never throws, so no worker is still loading when the run ends.
    const ingestFile = async (target: Target, index: number) => {
      const url = apnicUrl(request.base, target);
      const previous = cached.get(url);
      const usePrevious = previous && previous.status === 200 ? previous : null;
      let fetched = await fetchText(url, usePrevious, ctx.fetch, log, pool, limit);
      if (fetched.status === 200 && usePrevious?.sha256 === fetched.sha256) fetched = { status: 304 };
      if (fetched.status !== 304) seenUrls.push(memo(url, fetched));
      if (fetched.status === 304) files.unchanged++;
      else if (fetched.status === 404) files.notMeasured++;
      else {
        files.fetched++;
        const parsed = apnicLines(fetched.body, target, suffix);
        const line = index + 1;
        if (parsed.fatal) {
          rejectedCount++;
          rejects.push({ line, raw: url, reason: parsed.fatal });
        }
        for (const r of parsed.rejects) {
          rejectedCount++;
          if (rejects.length < 1000) rejects.push({ line, raw: `${url} ${r.path}`, reason: r.reason });
        }
        rows += parsed.days;
        if (parsed.lastDate && (dataDate === null || parsed.lastDate > dataDate)) dataDate = parsed.lastDate;
        if (!doomed()) await loader.add(parsed.text);
      }
    };
    await mapLimit(targets, concurrency, async (target, index) => {
      if (loader.failed) return; // the database refused: fetching more would be wasted
      try {
        await ingestFile(target, index);
      } catch (error) {
        // fetchText's errors name the URL already
        failures.push(
          error instanceof IngestError
            ? error.message
            : `${apnicUrl(request.base, target)}: ${(error as Error).message}`,
        );
        return;
      }
      progress.update(++done, 0);
    });
    progress.finish();
    refuseIncompleteFetch(failures, targets.length, "files", request.base);
    refuseTooManyRejects(rejects, rejectedCount, ctx.maxRejected, "entries");
    phases.fetch_parse_ms = Math.round(performance.now() - started);
    await loader.finish();
    // What the COPY still needed after the last file was parsed (it mostly ran alongside).
    phases.copy_ms = Math.round(performance.now() - started) - phases.fetch_parse_ms;
    await db.transaction(async (tx) => {
      // Real measurements replace the demo's; a run that measured nothing (every file 404: the
      // upstream does not know these networks) replaces nothing.
      if (!ctx.isDemo && rows > 0) await purgeDemoData(tx);
      // Replace the days each file covers, keep older history: a delete over the staged
      // ranges and a plain insert cost far less than an upsert row by row.
      await tx.execute(sql`
        delete from daily_measurements d
        using (
          select asn, cc, min(date) as first, max(date) as last from daily_measurements_staging
          where run_id = ${runId} group by asn, cc
        ) s
        where d.source = ${APNIC_SOURCE} and d.asn = s.asn and d.cc = s.cc and d.date between s.first and s.last`);
      await tx.execute(sql`
        insert into daily_measurements (source, asn, cc, date, samples, capable, preferred, ipv6, run_id)
        select source, asn, cc, date, samples, capable, preferred, ipv6, run_id
        from daily_measurements_staging where run_id = ${runId}`);
      await refreshMeasurementRollups(tx, runId);
      await rememberFetches(tx, runId, seenUrls);
      await tx
        .update(ingestRuns)
        .set({
          status: "succeeded",
          rows,
          rejectedRows: rejectedCount,
          fetchedAt: new Date(),
          dataDate,
          finishedAt: runFinishedNow(),
        })
        .where(eq(ingestRuns.id, runId));
    });
    const [run] = await db.select().from(ingestRuns).where(eq(ingestRuns.id, runId));
    phases.publish_ms = Math.round(performance.now() - started) - phases.fetch_parse_ms - phases.copy_ms;
    log.info("apnic: published", {
      run: runId,
      rows,
      ...files,
      rejected: rejectedCount,
      ...phases,
    });
    return {
      runId,
      status: "succeeded",
      rows,
      rejected: rejectedCount,
      location: request.base,
      dataDate: run?.dataDate ?? null,
      files,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markFailed(db, runId, null, message, rejects, rejectedCount);
    log.error("apnic: run failed, nothing published", { run: runId, error: message });
    throw error instanceof IngestError ? error : new IngestError(`${request.base}: ${message}`, request.base);
  } finally {
    pool.destroy();
    await loader.settle();
    await clearStaging(db, runId);
  }
}

/**
 * Removes the run's staging rows. Deleting millions of rows costs seconds and leaves them dead in
 * the table (PGlite has no autovacuum, so every later scan reads them); when no other run has rows
 * there, emptying the table costs next to nothing. NOWAIT: a run of another source that is loading
 * or publishing is neither waited for nor blocked, and its rows are never touched.
 */
async function clearStaging(db: Db, runId: number): Promise<void> {
  try {
    const emptied = await db.transaction(async (tx) => {
      await tx.execute(sql`lock table daily_measurements_staging in access exclusive mode nowait`);
      const others = await tx
        .select({ runId: dailyMeasurementsStaging.runId })
        .from(dailyMeasurementsStaging)
        .where(ne(dailyMeasurementsStaging.runId, runId))
        .limit(1);
      if (others.length > 0) return false;
      await tx.execute(sql`truncate daily_measurements_staging`);
      return true;
    });
    if (emptied) return;
  } catch {
    // The table is in use (or may not be truncated here): delete this run's rows instead.
  }
  await db.execute(sql`delete from daily_measurements_staging where run_id = ${runId}`);
}

interface FetchMemo {
  url: string;
  status: number;
  etag: string | null;
  lastModified: string | null;
  sha256: string | null;
}

function memo(url: string, fetched: FetchedText): FetchMemo {
  return fetched.status === 200
    ? { url, status: 200, etag: fetched.etag, lastModified: fetched.lastModified, sha256: fetched.sha256 }
    : { url, status: fetched.status, etag: null, lastModified: null, sha256: null };
}

/** Stores what each URL answered, in batches, for the next run's conditional GETs. */
async function rememberFetches(tx: Db, runId: number, seen: FetchMemo[]) {
  const checkedAt = new Date();
  const values = seen.map((m) => ({ ...m, checkedAt, runId }));
  for (let i = 0; i < values.length; i += 1000) {
    await tx
      .insert(fetchCache)
      .values(values.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: fetchCache.url,
        set: {
          status: sql`excluded.status`,
          etag: sql`excluded.etag`,
          lastModified: sql`excluded.last_modified`,
          sha256: sql`excluded.sha256`,
          checkedAt: sql`excluded.checked_at`,
          runId: sql`excluded.run_id`,
        },
      });
  }
}
