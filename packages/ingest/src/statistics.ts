/**
 * Planner statistics for the tables a publish rewrote. PGlite runs Postgres in single-user mode,
 * where autovacuum never runs, so its planner went on guessing from an empty table's defaults
 * (8k routes where there were 1.28M) and chose plans for a small table: a nested-loop anti-join
 * that took 3.2 s where a hash join takes 1.9 s. On a server autovacuum catches up eventually,
 * but not right after a publish. ANALYZE reads a sample (30k rows a table at the default target):
 * a quarter of a second for the routes. Inside the publish transaction, so the statistics
 * change with the data.
 */
import type { Db } from "@atalaya/db";
import { sql } from "drizzle-orm";

export async function refreshStatistics(tx: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) await tx.execute(sql`analyze ${sql.identifier(table)}`);
}
