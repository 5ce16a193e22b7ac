/**
 * The lock every run of a source holds for its whole life: two runs of one source never overlap,
 * and whoever holds it may treat any other `running` run of the source as dead (recovery.ts).
 */
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { failOrphanedRuns } from "./recovery";

export const lockKey = (source: string) => `atalaya:ingest:${source}`;

/**
 * Runs `fn` holding `source`'s lock, after clearing runs of the source left by dead processes;
 * `{ acquired: false }` at once when another run holds it.
 */
export function withSourceLock<T>(
  database: Database,
  source: string,
  log: Logger,
  fn: () => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  return database.withLock(lockKey(source), async () => {
    await failOrphanedRuns(database, source, log);
    return fn();
  });
}

/** Like withSourceLock, but waits (polling) until the lock is free. */
export async function whenSourceLockFree<T>(
  database: Database,
  source: string,
  log: Logger,
  fn: () => Promise<T>,
): Promise<T> {
  for (;;) {
    const result = await withSourceLock(database, source, log, fn);
    if (result.acquired) return result.value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
