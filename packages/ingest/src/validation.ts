/**
 * The validation run: after routes or VRPs change, every distinct announced (prefix, origin) is
 * validated by the in-memory engine (@atalaya/net's VrpIndex, RFC 6811 and RFC 7607) and the
 * answers replace `route_validity` in one transaction, recorded as a run of source "validation".
 */
import { copyRow, type Database, ingestRuns } from "@atalaya/db";
import { formatPrefix, type IpPrefix, parseOrigin, parsePrefix, VrpIndex, vrpListsJson } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import { clearRegistryRoutingStaging, publishRegistryRouting, stageRegistryRouting } from "./announcement";
import { whenSourceLockFree } from "./lock-keys";
import type { IngestContext } from "./run-ingest";
import { markFailed, startRun } from "./runs";

function prefixOf(text: string) {
  const parsed = parsePrefix(text);
  if (!("prefix" in parsed))
    throw new Error(`stored prefix ${text} does not parse: ${JSON.stringify(parsed)}`);
  return parsed.prefix;
}

export interface ValidationSummary {
  runId: number;
  routes: number;
  valid: number;
  invalid: number;
  notFound: number;
}

/** The live VRPs as an in-memory validation index (also what the API's validity endpoint uses). */
export async function loadVrpIndex(database: Database): Promise<VrpIndex> {
  const rows = await database.rows<{
    asn: number;
    prefix: string;
    max_length: number;
    trust_anchor: string | null;
  }>(sql`select asn::float8 as asn, prefix::text as prefix, max_length, trust_anchor from vrps`);
  const index = new VrpIndex();
  for (const v of rows)
    index.add({ asn: v.asn, prefix: prefixOf(v.prefix), maxLength: v.max_length, ta: v.trust_anchor });
  return index;
}

const PREFIXES_PER_QUERY = 2_000;

/**
 * The VRPs that cover any of `prefixes`, as a validation index: what validating those prefixes
 * needs, and all it needs (RFC 6811 looks only at covering VRPs), so the answers are those of the
 * whole index. One GiST probe per prefix (vrps_prefix_gist_idx, `>>=`) instead of loading 800k
 * VRPs: that took 8 s per data version on PGlite, the cold cost of every provider page.
 */
export async function coveringVrpIndex(database: Database, prefixes: readonly IpPrefix[]): Promise<VrpIndex> {
  const texts = [...new Set(prefixes.map(formatPrefix))];
  const index = new VrpIndex();
  for (let i = 0; i < texts.length; i += PREFIXES_PER_QUERY) {
    // Formatted from parsed numbers above: digits, hex, dots, colons and a slash, never quotes.
    const list = texts
      .slice(i, i + PREFIXES_PER_QUERY)
      .map((text) => `'${text}'::cidr`)
      .join(", ");
    const rows = await database.rows<{
      asn: number;
      prefix: string;
      max_length: number;
      trust_anchor: string | null;
    }>(
      sql`select distinct v.asn::float8 as asn, v.prefix::text as prefix, v.max_length, v.trust_anchor
        from unnest(array[${sql.raw(list)}]) as r (p) join vrps v on v.prefix >>= r.p`,
    );
    // A VRP covering routes of several chunks comes once per chunk; the index keeps it once.
    for (const v of rows)
      index.add({ asn: v.asn, prefix: prefixOf(v.prefix), maxLength: v.max_length, ta: v.trust_anchor });
  }
  return index;
}

/** The sources routes come from (packages/db/src/schema/routing.ts), the one with peer counts first. */
const ROUTE_SOURCES = ["mrt", "pfx2as"] as const;
/** Routes validated per fetch and COPY (a few MB each way). */
const VALIDATION_PAGE = 50_000;

export function revalidateRoutes(ctx: IngestContext): Promise<ValidationSummary> {
  // Several sources revalidate after they publish (VRPs, pfx2as, MRT) and may do so at once:
  // one validation at a time, each over the data published when it starts.
  return whenSourceLockFree(ctx.database, "validation", ctx.log, () => revalidate(ctx));
}

async function revalidate(ctx: IngestContext): Promise<ValidationSummary> {
  const { database, log } = ctx;
  const runId = await startRun(database.db, "validation", "routes × vrps", ctx.isDemo ?? false);
  try {
    // Without routes there is nothing to validate: loading 800k VRPs for that took 12 s.
    const [anyRoute] = await database.rows<{ yes: boolean }>(
      sql`select exists (select 1 from routes) as yes`,
    );
    const index = anyRoute?.yes ? await loadVrpIndex(database) : new VrpIndex();
    const routePrefixes: IpPrefix[] = [];
    const counts = { valid: 0, invalid: 0, notFound: 0 };
    let routes = 0;
    type RouteRow = { prefix: string; origin: string; peers: number | null };
    const validityRows = function* (page: readonly RouteRow[]): Generator<string> {
      for (const r of page) {
        const origin = parseOrigin(r.origin);
        const prefix = prefixOf(r.prefix);
        routePrefixes.push(prefix);
        const result = index.validate({ prefix, origin });
        if (result.state === "valid") counts.valid++;
        else if (result.state === "invalid") counts.invalid++;
        else counts.notFound++;
        yield copyRow([
          runId,
          formatPrefix(prefix),
          r.origin,
          typeof origin === "number" ? origin : null,
          result.state,
          result.reason,
          r.peers,
          result.state === "invalid" ? JSON.stringify(vrpListsJson(result)) : null,
        ]);
      }
    };
    // Every distinct (prefix, origin), a page at a time in key order (the routes' primary key):
    // fetching all 1.8M at once held them twice (the engine's result and its rows here) and was
    // the ingest's memory peak. The RIB dump first: it carries the peer counts; a pfx2as route it
    // also has is not validated twice.
    for (const source of ROUTE_SOURCES) {
      let after: RouteRow | null = null;
      for (;;) {
        const page: RouteRow[] = await database.rows<RouteRow>(sql`
          select r.prefix::text as prefix, r.origin, r.peers from routes r
          where r.source = ${source}
            ${after ? sql`and (r.prefix, r.origin) > (${after.prefix}::cidr, ${after.origin})` : sql``}
            ${
              source === ROUTE_SOURCES[0]
                ? sql``
                : sql`and not exists (select 1 from routes m where m.source = ${ROUTE_SOURCES[0]}
                    and m.prefix = r.prefix and m.origin = r.origin)`
            }
          order by r.prefix, r.origin limit ${VALIDATION_PAGE}`);
        if (page.length === 0) break;
        routes += page.length;
        await database.copyIn(
          "route_validity_staging",
          ["run_id", "prefix", "origin", "origin_asn", "state", "reason", "peers", "vrps"],
          validityRows(page),
        );
        after = page[page.length - 1] as RouteRow;
        if (page.length < VALIDATION_PAGE) break;
      }
    }
    const registry = await stageRegistryRouting(database, runId, routePrefixes);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from route_validity`);
      await tx.execute(sql`
        insert into route_validity (prefix, origin, origin_asn, state, reason, peers, vrps, run_id)
        select prefix, origin, origin_asn, state, reason, peers, vrps, run_id
        from route_validity_staging where run_id = ${runId}`);
      await publishRegistryRouting(tx, runId);
      await tx
        .update(ingestRuns)
        .set({ status: "succeeded", rows: routes, finishedAt: new Date() })
        .where(eq(ingestRuns.id, runId));
    });
    log.info("validation: stored", {
      run: runId,
      routes,
      vrps: anyRoute?.yes ? index.size : "not loaded (no routes)",
      ...counts,
      registryPrefixes: registry.prefixes,
      registryAnnounced: registry.announced,
    });
    return { runId, routes, ...counts };
  } catch (error) {
    await markFailed(database.db, runId, null, (error as Error).message, [], 0);
    throw error;
  } finally {
    await database.db.execute(sql`delete from route_validity_staging where run_id = ${runId}`);
    await clearRegistryRoutingStaging(database, runId);
  }
}
