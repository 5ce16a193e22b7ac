import { type Db, ingestRuns } from "@atalaya/db";
import { eq, sql } from "drizzle-orm";

/**
 * Real data replaces the demo dataset: the first non-demo publish removes every live row that a
 * demo run produced, so demo and real figures never mix.
 */
export async function purgeDemoData(tx: Db): Promise<void> {
  // Most databases never held demo data: skip the table scans then.
  const [any] = await tx
    .select({ id: ingestRuns.id })
    .from(ingestRuns)
    .where(eq(ingestRuns.isDemo, true))
    .limit(1);
  if (!any) return;
  const demoRuns = sql`(select ${ingestRuns.id} from ${ingestRuns} where ${ingestRuns.isDemo})`;
  await tx.execute(sql`delete from registry_resources where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from organisations where last_run_id in ${demoRuns}`);
  await tx.execute(sql`delete from asns where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from daily_measurements where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from as_population where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from context_series where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from routes where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from vrps where run_id in ${demoRuns}`);
  // Derived from the above by demo validation runs.
  await tx.execute(sql`delete from route_validity where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from registry_prefix_routing where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from validation_basis where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from measurement_extents where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from measurement_windows where run_id in ${demoRuns}`);
  await tx.execute(sql`delete from economy_days where run_id in ${demoRuns}`);
}

/** Subquery: ids of runs that loaded demo data. */
export function demoRunIds(db: Db) {
  return db.select({ id: ingestRuns.id }).from(ingestRuns).where(eq(ingestRuns.isDemo, true));
}
