/**
 * Source `atalaya-beacon`: Atalaya's own measurement (packages/beacon) as a series beside APNIC's.
 * The beacon adds its counts to `beacon_daily` as tests finish; a run publishes them into
 * daily_measurements (samples = tests, capable, preferred), so windows pool and Wilson intervals
 * apply as for APNIC. Only a (network, day) with at least `minTests` tests is published: fewer
 * would say too much about too few people, and stay withheld in beacon_daily. Unrouted tests
 * (ASN 0) and those of no known economy are counted there and published nowhere. Each run
 * replaces the whole series (the table is small: days × networks seen), today's partial day
 * included, brought up to date by the next run.
 */
import { ingestRuns, runFinishedNow } from "@atalaya/db";
import { eq, sql } from "drizzle-orm";
import { whenSourceLockFree } from "../lock-keys";
import { refreshMeasurementRollups } from "../rollups";
import type { IngestContext } from "../run-ingest";
import { markFailed, startRun } from "../runs";

export const BEACON_SOURCE = "atalaya-beacon" as const;

export interface BeaconPublish {
  runId: number;
  /** (network, economy, day) rows published. */
  rows: number;
  /** Rows withheld for having fewer than minTests tests. */
  withheld: number;
  dataDate: string | null;
}

export function publishBeacon(ctx: IngestContext, options: { minTests: number }): Promise<BeaconPublish> {
  return whenSourceLockFree(ctx.database, BEACON_SOURCE, ctx.log, () => publish(ctx, options.minTests));
}

async function publish(ctx: IngestContext, minTests: number): Promise<BeaconPublish> {
  const { database, log } = ctx;
  const runId = await startRun(database.db, BEACON_SOURCE, "beacon_daily", ctx.isDemo ?? false);
  try {
    const result = await database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from daily_measurements where source = ${BEACON_SOURCE}`);
      await tx.execute(sql`
        insert into daily_measurements (source, asn, cc, date, samples, capable, preferred, ipv6, run_id)
        select ${BEACON_SOURCE}, asn, cc, date, tests, capable, preferred, null, ${runId}
        from beacon_daily
        where tests >= ${minTests} and asn <> 0 and cc <> 'ZZ'`);
      const [counts] = await tx
        .select({
          rows: sql<number>`count(*) filter (where tests >= ${minTests} and asn <> 0 and cc <> 'ZZ')::int`,
          withheld: sql<number>`count(*) filter (where tests < ${minTests})::int`,
          dataDate: sql<string | null>`to_char(max(date) filter (where tests >= ${minTests}), 'YYYY-MM-DD')`,
        })
        .from(sql`beacon_daily`);
      await refreshMeasurementRollups(tx, runId);
      const summary = {
        rows: Number(counts?.rows ?? 0),
        withheld: Number(counts?.withheld ?? 0),
        dataDate: counts?.dataDate ?? null,
      };
      await tx
        .update(ingestRuns)
        .set({
          status: "succeeded",
          rows: summary.rows,
          dataDate: summary.dataDate,
          finishedAt: runFinishedNow(),
        })
        .where(eq(ingestRuns.id, runId));
      return summary;
    });
    log.info(`${BEACON_SOURCE}: published`, { run: runId, ...result, minTests });
    return { runId, ...result };
  } catch (error) {
    await markFailed(database.db, runId, null, (error as Error).message, [], 0);
    throw error;
  }
}
