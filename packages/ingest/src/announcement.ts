/**
 * Which registry prefixes anything announces: every allocated or assigned IPv4/IPv6 prefix of the
 * registry data against every announced route (any source), answered in memory by
 * `PrefixOverlapIndex` and stored in `registry_prefix_routing` for the country and provider pages.
 * Recomputed by each validation run (routes or VRPs changed) and after each registry publish.
 */
import { copyRow, type Database, type Db, ingestRuns } from "@atalaya/db";
import { type IpPrefix, PrefixOverlapIndex, parsePrefix } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import { whenSourceLockFree } from "./lock-keys";
import type { IngestContext } from "./run-ingest";
import { markFailed, startRun } from "./runs";

function parsed(text: string): IpPrefix {
  const p = parsePrefix(text);
  if (!("prefix" in p)) throw new Error(`stored prefix ${text} does not parse: ${JSON.stringify(p)}`);
  return p.prefix;
}

/** Stages the answers for `runId`; returns how many registry prefixes were answered. */
export async function stageRegistryRouting(
  database: Database,
  runId: number,
  routePrefixes: Iterable<IpPrefix>,
): Promise<{ prefixes: number; announced: number }> {
  const index = new PrefixOverlapIndex(routePrefixes);
  const held = await database.rows<{ prefix: string }>(sql`
    select distinct prefix::text as prefix from registry_resources
    where type in ('ipv4', 'ipv6') and status in ('allocated', 'assigned') and prefix is not null`);
  let announced = 0;
  const rows = held.map((h) => {
    const yes = index.overlaps(parsed(h.prefix));
    if (yes) announced++;
    return copyRow([h.prefix, yes, runId]);
  });
  await database.copyIn("registry_prefix_routing_staging", ["prefix", "announced", "run_id"], rows);
  return { prefixes: rows.length, announced };
}

/** Replaces the live answers with run `runId`'s, inside the caller's transaction. */
export async function publishRegistryRouting(tx: Db, runId: number): Promise<void> {
  await tx.execute(sql`delete from registry_prefix_routing`);
  await tx.execute(sql`
    insert into registry_prefix_routing (prefix, announced, run_id)
    select prefix, announced, run_id from registry_prefix_routing_staging where run_id = ${runId}`);
}

export async function clearRegistryRoutingStaging(database: Database, runId: number): Promise<void> {
  await database.db.execute(sql`delete from registry_prefix_routing_staging where run_id = ${runId}`);
}

/** The distinct announced prefixes of every source. */
export async function announcedPrefixes(database: Database): Promise<IpPrefix[]> {
  const rows = await database.rows<{ prefix: string }>(
    sql`select distinct prefix::text as prefix from routes`,
  );
  return rows.map((r) => parsed(r.prefix));
}

/** After a registry publish: the new registry prefixes against the routes already there. */
export function refreshRegistryRouting(ctx: IngestContext): Promise<void> {
  // Under the validation lock: a validation run writes the same table.
  return whenSourceLockFree(ctx.database, "validation", ctx.log, async () => {
    const { database, log } = ctx;
    const runId = await startRun(
      database.db,
      "validation",
      "registry prefixes × routes",
      ctx.isDemo ?? false,
    );
    try {
      const counts = await stageRegistryRouting(database, runId, await announcedPrefixes(database));
      await database.db.transaction(async (tx) => {
        await publishRegistryRouting(tx, runId);
        await tx
          .update(ingestRuns)
          .set({ status: "succeeded", rows: counts.prefixes, finishedAt: new Date() })
          .where(eq(ingestRuns.id, runId));
      });
      log.info("validation: stored registry prefixes", { run: runId, ...counts });
    } catch (error) {
      await markFailed(database.db, runId, null, (error as Error).message, [], 0);
      throw error;
    } finally {
      await clearRegistryRoutingStaging(database, runId);
    }
  });
}
