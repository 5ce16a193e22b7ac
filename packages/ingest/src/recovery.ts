/**
 * Runs whose process is gone. A run row is `running` from its start until it publishes or fails;
 * a process killed in between (SIGKILL, a crash, a machine restart) leaves it `running` forever,
 * with its staging rows. Every run of a source holds that source's lock (`lockKey`) for its whole
 * life, so whoever takes the lock knows that no `running` run of the source is alive: those are
 * marked failed ("interrupted") and their staging rows removed. This happens when a process opens
 * the database and before every run of a source.
 */
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { lockKey } from "./lock-keys";

export const INTERRUPTED = "interrupted: the process running it ended before it finished";

/** The staging tables (every table named `*_staging`; each has a `run_id`). */
async function stagingTables(database: Database): Promise<string[]> {
  const rows = await database.rows<{ name: string }>(sql`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name like '%\\_staging'`);
  return rows.map((r) => r.name);
}

/**
 * Marks the `running` runs of `source` failed and removes their staging rows. The caller holds
 * the source's lock, so none of them is running anywhere; `except` is the caller's own run.
 */
export async function failOrphanedRuns(
  database: Database,
  source: string,
  log: Logger,
  except?: number,
): Promise<number[]> {
  const orphans = await database.rows<{ id: number }>(sql`
    update ingest_runs set status = 'failed', error = ${INTERRUPTED}, finished_at = now()
    where source = ${source} and status = 'running' and id <> ${except ?? -1}
    returning id`);
  const ids = orphans.map((r) => r.id);
  if (ids.length === 0) return ids;
  for (const table of await stagingTables(database)) {
    await database.db.execute(
      sql`delete from ${sql.identifier(table)} where run_id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  log.warn(`${source}: runs interrupted by the end of their process marked failed`, { runs: ids.join(",") });
  return ids;
}

/** At start-up: every source with a `running` run whose lock is free. Runs holding theirs are left. */
export async function recoverInterruptedRuns(database: Database, log: Logger): Promise<number[]> {
  const sources = await database.rows<{ source: string }>(
    sql`select distinct source from ingest_runs where status = 'running'`,
  );
  const recovered: number[] = [];
  for (const { source } of sources) {
    const result = await database.withLock(lockKey(source), () => failOrphanedRuns(database, source, log));
    if (result.acquired) recovered.push(...result.value);
  }
  return recovered;
}
