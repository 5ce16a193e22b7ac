/**
 * The run discipline every source follows (DESIGN.md §2):
 * acquire bytes → record a run → skip identical bytes → parse (streaming, rejects with line
 * numbers) → refuse incomplete, malformed or collapsing input → COPY into staging → publish in one
 * transaction → record the outcome. A refused run publishes nothing, so the previous data stays.
 */
import { DEFAULT_INPUT_LIMITS, type InputLimits, type InputSource, type Logger } from "@atalaya/config";
import { type Database, type Db, ingestRuns, runFinishedNow } from "@atalaya/db";
import { printable } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import type { SourceLimit } from "./byte-stream";
import { IngestError } from "./errors";
import { type AcquiredInput, acquireFile, acquireUrl, type FetchSettings, type InputRequest } from "./input";
import { Progress } from "./progress";
import {
  fetchFields,
  lastGoodRun,
  MAX_QUOTED_REASON,
  markFailed,
  markUnchanged,
  type RejectedLine,
  startRun,
} from "./runs";

export interface IngestContext {
  database: Database;
  log: Logger;
  fetch: FetchSettings;
  /** Malformed lines tolerated before the file is refused. */
  maxRejected: number;
  /** How much each source may read (ATALAYA_MAX_DECOMPRESSED_MB, ATALAYA_MAX_LINE_BYTES); default: the defaults. */
  limits?: InputLimits;
  /** Publish even when the row count collapses versus the live data. */
  force?: boolean;
  /** Marks the run's data as generated demo data. */
  isDemo?: boolean;
  /** Terminal to draw progress on (the CLI passes stderr). */
  tty?: NodeJS.WriteStream | undefined;
}

/** What a source's parser hands to the runner. */
export interface ParsedInput {
  /** Rows for the staging table, already in COPY text format, run id excluded. */
  rows: string[];
  rejects: RejectedLine[];
  rejectedCount: number;
  /** Whole-file problems (truncation, bad counts); any of them refuses the file. */
  problems: string[];
  dataDate: string | null;
  /** Live rows the publish will replace, for the collapse check. */
  previousRows: number;
}

export interface SourceSpec {
  source: InputSource;
  staging: { table: string; columns: readonly string[] };
  /** Parses local bytes into staging rows. */
  parse(file: string, input: AcquiredInput, progress: Progress, ctx: IngestContext): Promise<ParsedInput>;
  /** Moves the run's staging rows to the live tables; runs inside the publish transaction. */
  publish(tx: Db, runId: number, parsed: ParsedInput, ctx: IngestContext): Promise<void>;
  /** Work derived from the published data (route validation), after the publish committed. */
  afterPublish?(ctx: IngestContext): Promise<unknown>;
}

export interface IngestResult {
  runId: number;
  status: "succeeded" | "unchanged";
  rows: number;
  rejected: number;
  location: string;
  dataDate: string | null;
}

/** What `source` may read in this context. */
export function sourceLimit(ctx: IngestContext, source: InputSource): SourceLimit {
  return { source, ...(ctx.limits ?? DEFAULT_INPUT_LIMITS)[source] };
}

/** A row count below this fraction of the live data is treated as a broken upstream file. */
export const COLLAPSE_RATIO = 0.5;

export async function runIngest(
  spec: SourceSpec,
  request: InputRequest,
  ctx: IngestContext,
): Promise<IngestResult> {
  const { database, log } = ctx;
  const { db } = database;
  const previous = await lastGoodRun(db, spec.source);
  let input: AcquiredInput;
  if (request.file) input = await acquireFile(request.file);
  else if (request.url)
    input = await acquireUrl(
      request.url,
      spec.source,
      sameLocation(previous, request.url),
      ctx.fetch,
      log,
      sourceLimit(ctx, spec.source),
    );
  else throw new IngestError(`${spec.source}: give a file or a URL`);

  const runId = await startRun(db, spec.source, input.location, ctx.isDemo ?? false);
  log.info(`${spec.source}: run started`, { run: runId, location: input.location, bytes: input.bytes });
  if (
    input.notModified ||
    (previous?.sha256 && previous.sha256 === input.sha256 && previous.isDemo === (ctx.isDemo ?? false))
  ) {
    await markUnchanged(db, runId, input, previous?.dataDate ?? null);
    log.info(`${spec.source}: unchanged since run ${previous?.id}, nothing to publish`, { run: runId });
    return {
      runId,
      status: "unchanged",
      rows: 0,
      rejected: 0,
      location: input.location,
      dataDate: previous?.dataDate ?? null,
    };
  }

  let parsed: ParsedInput | null = null;
  let published: IngestResult;
  try {
    const progress = new Progress({ label: spec.source, totalBytes: input.bytes, log, tty: ctx.tty });
    const timer = phaseTimer();
    parsed = await spec.parse(input.path as string, input, progress, ctx);
    progress.finish();
    const parseMs = timer();
    refuseBadInput(input, parsed, ctx);
    const rows = parsed.rows;
    await database.copyIn(spec.staging.table, ["run_id", ...spec.staging.columns], prefixRunId(runId, rows));
    const copyMs = timer();
    await db.transaction(async (tx) => {
      await spec.publish(tx, runId, parsed as ParsedInput, ctx);
      await tx
        .update(ingestRuns)
        .set({
          ...fetchFields(input),
          dataDate: parsed?.dataDate ?? null,
          rows: rows.length,
          rejectedRows: parsed?.rejectedCount ?? 0,
          status: "succeeded",
          finishedAt: runFinishedNow(),
        })
        .where(eq(ingestRuns.id, runId));
    });
    log.info(`${spec.source}: published`, {
      run: runId,
      rows: rows.length,
      rejected: parsed.rejectedCount,
      parse_ms: parseMs,
      copy_ms: copyMs,
      publish_ms: timer(),
    });
    published = {
      runId,
      status: "succeeded",
      rows: rows.length,
      rejected: parsed.rejectedCount,
      location: input.location,
      dataDate: parsed.dataDate,
    };
  } catch (error) {
    // The run records the refusal as the caller sees it, naming the file or URL.
    const refusal =
      error instanceof IngestError
        ? error
        : new IngestError(
            `${input.location}: ${error instanceof Error ? error.message : String(error)}`,
            input.location,
          );
    await markFailed(db, runId, input, refusal.message, parsed?.rejects ?? [], parsed?.rejectedCount ?? 0);
    log.error(`${spec.source}: run failed, nothing published`, { run: runId, error: refusal.message });
    throw refusal;
  } finally {
    // Staging rows of this run are never needed again, whatever happened.
    await db.execute(sql`delete from ${sql.identifier(spec.staging.table)} where run_id = ${runId}`);
  }
  // Outside the try: the data is published whatever happens here; a failure of the derived work
  // is recorded by that work's own run and reported, not mistaken for a failed ingest.
  await spec.afterPublish?.(ctx);
  return published;
}

/** Milliseconds since the previous call (or creation), for per-phase timings in the log. */
function phaseTimer(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

function sameLocation(previous: Awaited<ReturnType<typeof lastGoodRun>>, url: string) {
  return previous && previous.location === url
    ? { etag: previous.etag, lastModified: previous.lastModified }
    : null;
}

function* prefixRunId(runId: number, rows: readonly string[]): Generator<string> {
  const prefix = `${runId}\t`;
  for (const row of rows) yield prefix + row;
}

function refuseBadInput(input: AcquiredInput, parsed: ParsedInput, ctx: IngestContext): void {
  const reasons: string[] = [];
  const first = parsed.rejects[0];
  if (first && parsed.rejectedCount > ctx.maxRejected) {
    reasons.push(
      `line ${first.line}: ${printable(first.reason, MAX_QUOTED_REASON)}` +
        (parsed.rejectedCount > 1 ? ` (and ${parsed.rejectedCount - 1} more malformed lines)` : "") +
        ` — ${parsed.rejectedCount} malformed lines exceed the ${ctx.maxRejected} tolerated`,
    );
  }
  // Whole-file problems (a truncated file) explain a bad last line, so both are reported.
  reasons.push(...parsed.problems);
  if (reasons.length === 0 && parsed.rows.length === 0) reasons.push("no usable rows");
  if (reasons.length > 0) {
    const line = first && parsed.rejectedCount > ctx.maxRejected ? first.line : undefined;
    const where = line === undefined ? input.location : `${input.location}:${line}`;
    throw new IngestError(
      `${where}: ${reasons.join("; ")}`.replace(`${where}: line ${line}: `, `${where}: `),
      input.location,
      line,
    );
  }
  if (!ctx.force && parsed.previousRows > 0 && parsed.rows.length < parsed.previousRows * COLLAPSE_RATIO) {
    throw new IngestError(
      `${input.location}: ${parsed.rows.length} rows against ${parsed.previousRows} live ones — ` +
        `refusing a collapse of more than ${100 * (1 - COLLAPSE_RATIO)}% (use --force to publish anyway)`,
      input.location,
    );
  }
}
