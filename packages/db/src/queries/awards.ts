/**
 * Queries over the award cycles (schema/measurements.ts: award_cycles; schema/challenge.ts:
 * award_releases). Tens of rows: scans; the cycle lookups use the id key or the name's unique index.
 */
import { desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { awardReleases } from "../schema/challenge";
import { awardCycles } from "../schema/measurements";

export type AwardCycle = typeof awardCycles.$inferSelect;

/** An award cycle by id (all digits) or by name. */
export async function awardCycleByIdOrName(
  database: Database,
  idOrName: string,
): Promise<AwardCycle | undefined> {
  const where = /^\d+$/.test(idOrName)
    ? eq(awardCycles.id, Number(idOrName))
    : eq(awardCycles.name, idOrName);
  const [cycle] = await database.db.select().from(awardCycles).where(where);
  return cycle;
}

/** Every award cycle with when it was released (null: not yet), newest evaluation first. */
export async function awardCyclesWithRelease(
  database: Database,
): Promise<Array<{ cycle: AwardCycle; releasedAt: Date | null }>> {
  return database.db
    .select({ cycle: awardCycles, releasedAt: awardReleases.releasedAt })
    .from(awardCycles)
    .leftJoin(awardReleases, eq(awardReleases.awardCycleId, awardCycles.id))
    .orderBy(desc(awardCycles.evaluationDate), desc(awardCycles.id));
}
