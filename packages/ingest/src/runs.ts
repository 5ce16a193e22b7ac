/** Bookkeeping of ingest runs: one row per attempt, updated as the attempt succeeds or fails. */
import { type Db, ingestRuns, rejectedLines, runFinishedNow } from "@atalaya/db";
import { printable } from "@atalaya/net";
import { and, desc, eq, inArray } from "drizzle-orm";
import { IngestError } from "./errors";
import type { AcquiredInput } from "./input";

export interface RejectedLine {
  line: number;
  raw: string;
  reason: string;
}

/** At most this many rejected lines are stored per run: enough to diagnose, bounded in size. */
export const MAX_STORED_REJECTS = 1000;
/** Characters kept of a rejected line, its reason and a run's error: enough to see what was wrong. */
const MAX_STORED_CHARS = 1000;
/** Characters of a reject's reason quoted in a refusal, so the count after it stays readable. */
export const MAX_QUOTED_REASON = 300;

export async function startRun(db: Db, source: string, location: string, isDemo: boolean): Promise<number> {
  const [row] = await db
    .insert(ingestRuns)
    .values({ source, location, isDemo })
    .returning({ id: ingestRuns.id });
  if (!row) throw new Error("ingest_runs insert returned nothing");
  return row.id;
}

/** The latest run whose data is (or was confirmed) current: the basis for conditional GET and "unchanged". */
export async function lastGoodRun(db: Db, source: string) {
  const [row] = await db
    .select()
    .from(ingestRuns)
    .where(and(eq(ingestRuns.source, source), inArray(ingestRuns.status, ["succeeded", "unchanged"])))
    .orderBy(desc(ingestRuns.id))
    .limit(1);
  return row ?? null;
}

export function fetchFields(input: AcquiredInput) {
  return {
    fetchedAt: input.fetchedAt,
    etag: input.etag,
    lastModified: input.lastModified,
    sha256: input.sha256,
    bytes: input.bytes,
  };
}

export async function markUnchanged(
  db: Db,
  runId: number,
  input: AcquiredInput,
  dataDate: string | null,
): Promise<void> {
  await db
    .update(ingestRuns)
    .set({ ...fetchFields(input), dataDate, status: "unchanged", finishedAt: runFinishedNow() })
    .where(eq(ingestRuns.id, runId));
}

/** Records a failed run with its error and the first rejected lines, in one transaction. */
export async function markFailed(
  db: Db,
  runId: number,
  input: AcquiredInput | null,
  error: string,
  rejects: readonly RejectedLine[],
  rejectedCount: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(ingestRuns)
      .set({
        ...(input ? fetchFields(input) : {}),
        status: "failed",
        // Rejected input can be binary: Postgres text takes no NUL, and the error may quote it.
        error: printable(error, MAX_STORED_CHARS * 2),
        rejectedRows: rejectedCount,
        finishedAt: runFinishedNow(),
      })
      .where(eq(ingestRuns.id, runId));
    const stored = rejects.slice(0, MAX_STORED_REJECTS);
    if (stored.length > 0)
      await tx.insert(rejectedLines).values(
        stored.map((r) => ({
          runId,
          line: r.line,
          raw: printable(r.raw, MAX_STORED_CHARS),
          reason: printable(r.reason, MAX_STORED_CHARS),
        })),
      );
  });
}

/**
 * The two refusals of a source read from many URLs (one per network): any file that could not be
 * fetched, or more malformed entries than the run tolerates. Either publishes nothing.
 */
export function refuseIncompleteFetch(
  failures: readonly string[],
  total: number,
  items: string,
  base: string,
): void {
  if (failures.length > 0)
    throw new IngestError(
      `${failures.length} of ${total} ${items} could not be fetched; first: ${failures[0]}`,
      base,
    );
}

export function refuseTooManyRejects(
  rejects: readonly RejectedLine[],
  rejectedCount: number,
  maxRejected: number,
  entries: string,
): void {
  const first = rejects[0];
  if (first && rejectedCount > maxRejected)
    throw new IngestError(
      `${first.raw}: ${printable(first.reason, MAX_QUOTED_REASON)} — ${rejectedCount} malformed ${entries} exceed the ${maxRejected} tolerated`,
      first.raw,
    );
}
