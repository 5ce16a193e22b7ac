/**
 * Which registry prefixes anything announces: every allocated or assigned IPv4/IPv6 prefix of the
 * registry data against every announced route (any source), answered in memory by
 * `OverlapMarks` over the registry prefixes (~15k) while the routes (1.8M) stream past a page at
 * a time, and stored in `registry_prefix_routing` for the country and provider pages.
 * Recomputed by each validation run (routes or VRPs changed) and after each registry publish.
 */
import { copyRow, type Database, type Db, ingestRuns, linePages, runFinishedNow } from "@atalaya/db";
import { type IpPrefix, OverlapMarks, parsePrefix } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import { whenSourceLockFree } from "./lock-keys";
import type { IngestContext } from "./run-ingest";
import { markFailed, startRun } from "./runs";
import { refreshStatistics } from "./statistics";

function parsed(text: string): IpPrefix {
  const p = parsePrefix(text);
  if (!("prefix" in p)) throw new Error(`stored prefix ${text} does not parse: ${JSON.stringify(p)}`);
  return p.prefix;
}

/** Route prefixes read per query (a few MB). */
const ROUTE_PAGE = 50_000;

/**
 * Every announced prefix, a page at a time in the routes' key order (a prefix announced by
 * several origins or sources comes once per route: the marks do not mind).
 */
async function forEachRoutePrefix(database: Database, visit: (prefix: IpPrefix) => void): Promise<number> {
  let routes = 0;
  for await (const lines of linePages(database, {
    from: sql`routes r`,
    where: sql`true`,
    key: [
      { column: "source", type: "text" },
      { column: "prefix", type: "cidr" },
      { column: "origin", type: "text" },
    ],
    line: sql`r.prefix::text`,
    pageSize: ROUTE_PAGE,
  })) {
    for (const line of lines) visit(parsed(line));
    routes += lines.length;
  }
  return routes;
}

/** Stages the answers for `runId` from the routes live now; returns how many registry prefixes were answered. */
export async function stageRegistryRouting(
  database: Database,
  runId: number,
): Promise<{ prefixes: number; announced: number }> {
  const held = await database.rows<{ prefix: string }>(sql`
    select distinct prefix::text as prefix from registry_resources
    where type in ('ipv4', 'ipv6') and status in ('allocated', 'assigned') and prefix is not null`);
  const marks = new OverlapMarks(held.map((h) => parsed(h.prefix)));
  await forEachRoutePrefix(database, (prefix) => marks.add(prefix));
  const overlapped = marks.overlapped();
  let announced = 0;
  const rows = held.map((h, i) => {
    const yes = overlapped[i] as boolean;
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
      const counts = await stageRegistryRouting(database, runId);
      await database.db.transaction(async (tx) => {
        await publishRegistryRouting(tx, runId);
        await refreshStatistics(tx, ["registry_prefix_routing"]);
        await tx
          .update(ingestRuns)
          .set({ status: "succeeded", rows: counts.prefixes, finishedAt: runFinishedNow() })
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
