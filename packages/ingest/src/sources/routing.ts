/**
 * Sources for routing and RPKI: VRP lists (rpki-client, Cloudflare, Routinator, RIPE roas.csv),
 * CAIDA pfx2as, and MRT RIB dumps aggregated per (prefix, origin) with peer counts. Every publish
 * is followed by a validation run that stores the RFC 6811 state of every announced route.
 */
import { copyRow, type Db } from "@atalaya/db";
import {
  formatOrigin,
  formatPrefix,
  parsePfx2asLine,
  parseVrps,
  pfx2asRoutes,
  type Route,
  RouteTable,
  readMrtRecords,
  VrpFormatError,
} from "@atalaya/net";
import { sql } from "drizzle-orm";
import { openDecompressed } from "../byte-stream";
import { purgeDemoData } from "../demo-data";
import { readDocument, readLines } from "../input";
import { type IngestContext, type ParsedInput, type SourceSpec, sourceLimit } from "../run-ingest";
import type { RejectedLine } from "../runs";
import { refreshStatistics } from "../statistics";
import { revalidateRoutes } from "../validation";

const ROUTE_COLUMNS = ["source", "prefix", "origin", "origin_asn", "peers"] as const;

async function liveCount(ctx: IngestContext, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await ctx.database.rows<{ n: number }>(query);
  return row?.n ?? 0;
}

/** Live routes of the address families the new rows carry (the rows a publish would replace). */
async function liveCountFor(ctx: IngestContext, source: string, rows: readonly string[]): Promise<number> {
  // Reads the prefix column in place and stops once both families are seen: splitting each of a
  // full table's 1.3M rows made garbage at the moment memory peaks.
  const families = new Set<number>();
  for (const row of rows) {
    const start = row.indexOf("\t") + 1;
    const end = row.indexOf("\t", start);
    const colon = row.indexOf(":", start);
    families.add(colon >= 0 && (end < 0 || colon < end) ? 6 : 4);
    if (families.size === 2) break;
  }
  if (families.size === 0) return 0;
  return liveCount(
    ctx,
    sql`select count(*)::int as n from routes where source = ${source} and family(prefix) in ${[...families]}`,
  );
}

const isoTime = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export const vrpSource: SourceSpec = {
  source: "vrps",
  staging: { table: "vrps_staging", columns: ["asn", "prefix", "max_length", "trust_anchor", "expires"] },
  async parse(file, input, progress, ctx): Promise<ParsedInput> {
    let bytes = 0;
    const document = await readDocument(file, input.location, sourceLimit(ctx, "vrps"), (b) => (bytes = b));
    progress.update(0, bytes);
    let parsed: ReturnType<typeof parseVrps>;
    try {
      parsed = parseVrps(document);
    } catch (error) {
      if (error instanceof VrpFormatError) {
        return {
          rows: [],
          rejects: [],
          rejectedCount: 0,
          problems: [error.message],
          dataDate: null,
          previousRows: 0,
        };
      }
      throw error;
    }
    const rejects: RejectedLine[] = parsed.rejects.map((r) => ({
      line: r.line ?? (r.index ?? 0) + 1,
      raw: r.line === undefined ? `roas[${r.index}] ${r.raw}` : r.raw,
      reason: r.reason,
    }));
    return {
      rows: parsed.vrps.map((v) =>
        copyRow([
          v.asn,
          formatPrefix(v.prefix),
          v.maxLength,
          v.ta,
          v.expires === null ? null : isoTime(v.expires),
        ]),
      ),
      rejects,
      rejectedCount: rejects.length,
      problems: [],
      // The day the list was built, where it says (rpki-client's buildtime, Routinator's generated).
      dataDate: parsed.builtAt === null ? null : isoTime(parsed.builtAt).slice(0, 10),
      previousRows: await liveCount(ctx, sql`select count(*)::int as n from vrps`),
    };
  },
  async publish(tx: Db, runId, _parsed, ctx) {
    if (!ctx.isDemo) await purgeDemoData(tx);
    await tx.execute(sql`delete from vrps`);
    // In key order, so that a network's VRPs lie together: reading a large one's (its ROAs about
    // to expire, on its page and for alerts) touches hundreds of pages, not the whole table.
    await tx.execute(sql`
      insert into vrps (asn, prefix, max_length, trust_anchor, expires, run_id)
      select asn, prefix, max_length, trust_anchor, expires, run_id from vrps_staging where run_id = ${runId}
      order by asn, prefix, max_length`);
    await refreshStatistics(tx, ["vrps"]);
  },
  afterPublish: (ctx) => revalidateRoutes(ctx),
};

/** A route's staging row: canonical prefix and origin text, the origin ASN (null for an AS_SET). */
function routeRow(source: string, route: Route, peers: number | null): string {
  const originAsn = typeof route.origin === "number" ? route.origin : null;
  return copyRow([source, formatPrefix(route.prefix), formatOrigin(route.origin), originAsn, peers]);
}

async function publishRoutes(tx: Db, runId: number, source: string, ctx: IngestContext) {
  if (!ctx.isDemo) await purgeDemoData(tx);
  // CAIDA publishes IPv4 and IPv6 in separate files: a run replaces the address families it carries.
  await tx.execute(sql`
    delete from routes where source = ${source} and family(prefix) in (
      select distinct family(prefix) from routes_staging where run_id = ${runId})`);
  await tx.execute(sql`
    insert into routes (source, prefix, origin, origin_asn, peers, run_id)
    select source, prefix, origin, origin_asn, peers, run_id from routes_staging where run_id = ${runId}`);
  await refreshStatistics(tx, ["routes"]);
}

export const pfx2asSource: SourceSpec = {
  source: "pfx2as",
  staging: { table: "routes_staging", columns: ROUTE_COLUMNS },
  async parse(file, input, progress, ctx): Promise<ParsedInput> {
    const rows: string[] = [];
    const rejects: RejectedLine[] = [];
    const seen = new Set<string>();
    let rejectedCount = 0;
    let bytes = 0;
    let lines = 0;
    for await (const line of readLines(
      file,
      input.location,
      sourceLimit(ctx, "pfx2as"),
      (b) => (bytes = b),
    )) {
      lines = line.number;
      const item = parsePfx2asLine(line);
      if (item === null) continue;
      if (item.kind === "reject") {
        rejectedCount++;
        if (rejects.length < 1000) rejects.push({ line: item.line, raw: item.raw, reason: item.reason });
        continue;
      }
      for (const route of pfx2asRoutes(item)) {
        const key = `${formatPrefix(route.prefix)} ${formatOrigin(route.origin)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push(routeRow("pfx2as", route, null));
      }
      if ((lines & 8191) === 0) progress.update(lines, bytes);
    }
    progress.update(lines, bytes);
    return {
      rows,
      rejects,
      rejectedCount,
      problems: [],
      dataDate: null,
      previousRows: await liveCountFor(ctx, "pfx2as", rows),
    };
  },
  publish: (tx, runId, _parsed, ctx) => publishRoutes(tx, runId, "pfx2as", ctx),
  afterPublish: (ctx) => revalidateRoutes(ctx),
};

/** MRT RIB dumps (or update files): routes seen by at least `minPeers` peers. */
export function mrtSource(minPeers = 1): SourceSpec {
  return {
    source: "mrt",
    staging: { table: "routes_staging", columns: ROUTE_COLUMNS },
    async parse(file, _input, progress, ctx): Promise<ParsedInput> {
      const table = new RouteTable();
      const rejects: RejectedLine[] = [];
      let rejectedCount = 0;
      let bytes = 0;
      let records = 0;
      const chunks = openDecompressed(file, (b) => (bytes = b), sourceLimit(ctx, "mrt"));
      for await (const record of readMrtRecords(chunks)) {
        records++;
        if (record.kind === "corrupt") {
          rejectedCount++;
          // MRT has no lines: the record's byte offset locates it.
          if (rejects.length < 1000)
            rejects.push({ line: 0, raw: `byte offset ${record.offset}`, reason: record.reason });
          continue;
        }
        table.add(record);
        if ((records & 8191) === 0) progress.update(records, bytes);
      }
      progress.update(records, bytes);
      const rows: string[] = [];
      for (const r of table.routes(minPeers)) rows.push(routeRow("mrt", r, r.peers));
      return {
        rows,
        rejects,
        rejectedCount,
        problems: [],
        dataDate: null,
        previousRows: await liveCountFor(ctx, "mrt", rows),
      };
    },
    publish: (tx, runId, _parsed, ctx) => publishRoutes(tx, runId, "mrt", ctx),
    afterPublish: (ctx) => revalidateRoutes(ctx),
  };
}
