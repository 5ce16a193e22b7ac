/**
 * The validation run: after routes or VRPs change, announced (prefix, origin) pairs are validated
 * by the in-memory engine (@atalaya/net's VrpIndex, RFC 6811 and RFC 7607) and the answers are
 * published to `route_validity` in one transaction, recorded as a run of source "validation".
 * After a VRP ingest every pair is validated again; after a routes ingest (the VRPs unchanged,
 * `validation_basis`) only pairs without an answer are, and answers for withdrawn pairs go.
 */
import { copyRow, type Database, ingestRuns, linePages, runFinishedNow } from "@atalaya/db";
import { formatPrefix, type IpPrefix, parseOrigin, parsePrefix, VrpIndex, vrpListsJson } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";
import { clearRegistryRoutingStaging, publishRegistryRouting, stageRegistryRouting } from "./announcement";
import { whenSourceLockFree } from "./lock-keys";
import type { IngestContext } from "./run-ingest";
import { markFailed, startRun } from "./runs";
import { refreshStatistics } from "./statistics";

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

/**
 * The live VRPs as an in-memory validation index (also what the API's validity endpoint uses),
 * read 50k at a time as text: all 800k as rows at once held them twice over, in the engine's
 * result and as objects here.
 */
export async function loadVrpIndex(database: Database): Promise<VrpIndex> {
  const index = new VrpIndex();
  const pages = linePages(database, {
    from: sql`vrps r`,
    where: sql`true`,
    key: [
      { column: "asn", type: "bigint" },
      { column: "prefix", type: "cidr" },
      { column: "max_length", type: "integer" },
    ],
    // The trust anchor last: the only field that may hold a space.
    line: sql`r.asn::text || ' ' || r.prefix::text || ' ' || r.max_length::text || ' ' || coalesce(r.trust_anchor, '')`,
    pageSize: VALIDATION_PAGE,
  });
  for await (const lines of pages) {
    for (const line of lines) {
      const [asn, prefix, maxLength] = line.split(" ", 3) as [string, string, string];
      const ta = line.slice(asn.length + prefix.length + maxLength.length + 3);
      index.add({
        asn: Number(asn),
        prefix: prefixOf(prefix),
        maxLength: Number(maxLength),
        ta: ta === "" ? null : ta,
      });
    }
  }
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
/**
 * Up to this many routes to validate, only the VRPs covering them are read (GiST probes); more,
 * and reading all VRPs at once is cheaper.
 */
const COVERING_LIMIT = 100_000;

export function revalidateRoutes(ctx: IngestContext): Promise<ValidationSummary> {
  // Several sources revalidate after they publish (VRPs, pfx2as, MRT) and may do so at once:
  // one validation at a time, each over the data published when it starts.
  return whenSourceLockFree(ctx.database, "validation", ctx.log, () => revalidate(ctx));
}

type RouteRow = { prefix: string; origin: string; peers: number | null };

/**
 * The routes to validate, a page at a time in key order: every distinct (prefix, origin), or with
 * `onlyNew` those without an answer in route_validity. The RIB dump first: it carries the peer
 * counts; a pfx2as route it also has comes once, from it.
 */
async function* routesToValidate(database: Database, onlyNew: boolean): AsyncGenerator<RouteRow[]> {
  for (const source of ROUTE_SOURCES) {
    const pages = linePages(database, {
      from: sql`routes r`,
      where: sql`r.source = ${source}
        ${
          source === ROUTE_SOURCES[0]
            ? sql``
            : sql`and not exists (select 1 from routes m where m.source = ${ROUTE_SOURCES[0]}
                and m.prefix = r.prefix and m.origin = r.origin)`
        }
        ${
          onlyNew
            ? sql`and not exists (select 1 from route_validity v
                where v.prefix = r.prefix and v.origin = r.origin)`
            : sql``
        }`,
      // Within one source, the routes' key (source, prefix, origin) serves this order.
      key: [
        { column: "prefix", type: "cidr" },
        { column: "origin", type: "text" },
      ],
      line: sql`r.prefix::text || ' ' || r.origin || ' ' || coalesce(r.peers::text, '')`,
      pageSize: VALIDATION_PAGE,
    });
    for await (const lines of pages) {
      yield lines.map((line) => {
        const [prefix, origin, peers] = line.split(" ") as [string, string, string];
        return { prefix, origin, peers: peers === "" ? null : Number(peers) };
      });
    }
  }
}

/** The run of the live VRPs (one run publishes them all); null when there are none. */
async function liveVrpRun(database: Database): Promise<number | null> {
  const [row] = await database.rows<{ run_id: number }>(sql`select run_id from vrps limit 1`);
  return row?.run_id ?? null;
}

async function revalidate(ctx: IngestContext): Promise<ValidationSummary> {
  const { database, log } = ctx;
  const runId = await startRun(database.db, "validation", "routes × vrps", ctx.isDemo ?? false);
  // Where a run's time goes, for the log line (as the sources' parse_ms, copy_ms, publish_ms).
  const ms: Record<string, number> = {};
  let lap = performance.now();
  const timed = (phase: string) => {
    const now = performance.now();
    ms[`${phase}_ms`] = Math.round(now - lap);
    lap = now;
  };
  try {
    const vrpRun = await liveVrpRun(database);
    const [basis] = await database.rows<{ vrp_run_id: number | null }>(
      sql`select vrp_run_id from validation_basis where id = 1`,
    );
    // Answers stand while the VRPs they were computed against are the live ones: then only
    // routes without one are validated (a routes ingest), else all of them (a VRP ingest).
    const incremental = basis !== undefined && basis.vrp_run_id === vrpRun;
    let pending: RouteRow[] | null = null;
    let index: VrpIndex;
    if (vrpRun === null) index = new VrpIndex();
    else if (incremental) {
      // Usually few (a day's route changes): gathered, and only the VRPs covering them are read.
      // Past COVERING_LIMIT, all VRPs are read and the routes to validate are streamed instead.
      const gathered: RouteRow[] = [];
      for await (const page of routesToValidate(database, true)) {
        gathered.push(...page);
        if (gathered.length > COVERING_LIMIT) break;
      }
      if (gathered.length <= COVERING_LIMIT) {
        pending = gathered;
        index = await coveringVrpIndex(
          database,
          pending.map((r) => prefixOf(r.prefix)),
        );
      } else index = await loadVrpIndex(database);
    } else {
      // Without routes there is nothing to validate: loading 800k VRPs for that took 12 s.
      const [anyRoute] = await database.rows<{ yes: boolean }>(
        sql`select exists (select 1 from routes) as yes`,
      );
      index = anyRoute?.yes ? await loadVrpIndex(database) : new VrpIndex();
    }
    timed("index");
    const counts = { valid: 0, invalid: 0, notFound: 0 };
    let routes = 0;
    const validityRows = function* (page: readonly RouteRow[]): Generator<string> {
      for (const r of page) {
        const origin = parseOrigin(r.origin);
        const prefix = prefixOf(r.prefix);
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
    const columns = ["run_id", "prefix", "origin", "origin_asn", "state", "reason", "peers", "vrps"];
    for await (const page of pending ? [pending] : routesToValidate(database, incremental)) {
      if (page.length === 0) continue;
      routes += page.length;
      await database.copyIn("route_validity_staging", columns, validityRows(page));
    }
    timed("validate");
    const registry = await stageRegistryRouting(database, runId);
    timed("registry");
    await database.db.transaction(async (tx) => {
      if (!incremental) await tx.execute(sql`delete from route_validity`);
      else {
        // Answers for routes no source announces any more go; peer counts follow the RIB dump.
        await tx.execute(sql`
          delete from route_validity v
          where not exists (select 1 from routes r where r.source = 'mrt' and r.prefix = v.prefix and r.origin = v.origin)
            and not exists (select 1 from routes r where r.source = 'pfx2as' and r.prefix = v.prefix and r.origin = v.origin)`);
        await tx.execute(sql`
          update route_validity v set peers = m.peers from routes m
          where m.source = 'mrt' and m.prefix = v.prefix and m.origin = v.origin
            and v.peers is distinct from m.peers`);
        await tx.execute(sql`
          update route_validity v set peers = null
          where v.peers is not null
            and not exists (select 1 from routes m where m.source = 'mrt' and m.prefix = v.prefix and m.origin = v.origin)`);
      }
      // Incrementally, only routes still announced: one withdrawn while this run validated is
      // not brought back (the next run would not remove it). A full run's stale rows, like its
      // missing ones, are put right by the run that the routes' publish triggered.
      await tx.execute(sql`
        insert into route_validity (prefix, origin, origin_asn, state, reason, peers, vrps, run_id)
        select s.prefix, s.origin, s.origin_asn, s.state, s.reason, s.peers, s.vrps, s.run_id
        from route_validity_staging s
        where s.run_id = ${runId}
          ${incremental ? sql`and exists (select 1 from routes r where r.prefix = s.prefix and r.origin = s.origin)` : sql``}`);
      await publishRegistryRouting(tx, runId);
      await refreshStatistics(tx, ["route_validity", "registry_prefix_routing"]);
      await tx.execute(sql`
        insert into validation_basis (id, vrp_run_id, run_id) values (1, ${vrpRun}, ${runId})
        on conflict (id) do update set vrp_run_id = excluded.vrp_run_id, run_id = excluded.run_id`);
      await tx
        .update(ingestRuns)
        .set({ status: "succeeded", rows: routes, finishedAt: runFinishedNow() })
        .where(eq(ingestRuns.id, runId));
    });
    timed("publish");
    log.info("validation: stored", {
      run: runId,
      mode: incremental ? "routes without an answer" : "every route",
      routes,
      vrps: index.size,
      ...counts,
      registryPrefixes: registry.prefixes,
      registryAnnounced: registry.announced,
      ...ms,
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
