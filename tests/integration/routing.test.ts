/**
 * Routes and VRPs end to end: ingest, the stored validation, the Routinator-compatible validity
 * endpoint, and the routing section of a provider's standing.
 */
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createGunzip, gunzipSync } from "node:zlib";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, rowsOf } from "@atalaya/db";
import {
  coveringVrpIndex,
  delegatedSource,
  loadVrpIndex,
  pfx2asSource,
  runIngest,
  vrpSource,
} from "@atalaya/ingest";
import {
  formatPrefix,
  parsePfx2as,
  parseVrps,
  pfx2asRoutes,
  prefixOf,
  RouteSet,
  splitLines,
  VrpIndex,
  validateRouteSet,
} from "@atalaya/net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const rv6 = realData("caida-pfx2as/routeviews-rv6-20140205-1200.pfx2as.gz");
const rv2 = realData("caida-pfx2as/routeviews-rv2-20140205-1200.pfx2as.gz");
const lacnic = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
const afrinicRoas = realData("rpki-afrinic-roas-ripe-archive/roas-afrinic-2022-01.csv.gz");

async function stateCounts(database: Database) {
  const rows = await database.rows<{ state: string; reason: string | null; n: number }>(
    sql`select state, reason, count(*)::int as n from route_validity group by 1, 2 order by 1, 2`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.state}${r.reason ? `/${r.reason}` : ""}`, r.n]));
}

describe.each(targets)("routing on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const dir = tempDir();

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it.skipIf(!rv6 || !afrinicRoas)("stores for every announced route what the engine answers", async () => {
    await runIngest(vrpSource, { file: afrinicRoas as string }, testContext(database));
    const result = await runIngest(pfx2asSource, { file: rv6 as string }, testContext(database));
    expect(result).toMatchObject({ status: "succeeded", rows: 17_259 });
    // The same files through the engine directly, as `atalaya validate` does.
    const vrps = parseVrps(createGunzipText(afrinicRoas as string)).vrps;
    const set = new RouteSet();
    for await (const item of parsePfx2as(splitLines(createReadStream(rv6 as string).pipe(createGunzip())))) {
      if (item.kind === "entry") for (const route of pfx2asRoutes(item)) set.add(route);
    }
    const expected: Record<string, number> = {};
    for (const row of validateRouteSet(set, new VrpIndex(vrps))) {
      const key = `${row.validity.state}${row.validity.reason ? `/${row.validity.reason}` : ""}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
    expect(await stateCounts(database)).toEqual(expected);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(17_259);

    // The pages validate with only the VRPs covering their routes: the same answers as all of them.
    const whole = await loadVrpIndex(database);
    const routes = (
      await database.rows<{ prefix: string; origin: string }>(sql`
        select prefix::text as prefix, origin from route_validity
        where origin not like '{%' and (state <> 'not-found' or masklen(prefix) % 7 = 0)`)
    ).map((r) => ({ prefix: prefixOf(r.prefix), origin: Number(r.origin) }));
    expect(routes.length).toBeGreaterThan(300);
    const covering = await coveringVrpIndex(
      database,
      routes.map((r) => r.prefix),
    );
    expect(covering.size).toBeLessThan(whole.size);
    for (const route of routes) expect(covering.validate(route)).toEqual(whole.validate(route));
  });

  it.skipIf(!rv6 || !afrinicRoas)(
    "after a routes ingest validates only the routes without an answer, and all of them after a VRP ingest",
    async () => {
      const lastValidation = async () => {
        const [run] = await database.rows<{ id: number; rows: number }>(sql`
          select id, rows from ingest_runs where source = 'validation' and location = 'routes × vrps'
          order by id desc limit 1`);
        return run as { id: number; rows: number };
      };
      const stateCountsOf = (routes: RouteSet, index: VrpIndex) => {
        const counts: Record<string, number> = {};
        for (const row of validateRouteSet(routes, index)) {
          const key = `${row.validity.state}${row.validity.reason ? `/${row.validity.reason}` : ""}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
        return counts;
      };
      // Yesterday's table (from the test above) less 500 routes, plus 300 routes that AFRINIC's
      // IPv6 ROAs speak of: half with the ROA's own origin, half with another.
      const vrps = parseVrps(createGunzipText(afrinicRoas as string)).vrps;
      const lines = createGunzipText(rv6 as string)
        .split("\n")
        .filter(Boolean);
      const added = vrps
        .filter((v) => v.prefix.family === 6)
        .slice(0, 300)
        .map((v, i) => `${formatPrefix(v.prefix).replace("/", "\t")}\t${i % 2 === 0 ? v.asn : 64496}`);
      const today = path.join(dir, "today.pfx2as");
      writeFileSync(today, `${[...lines.slice(500), ...added].join("\n")}\n`);
      const before = await lastValidation();
      await runIngest(pfx2asSource, { file: today }, testContext(database));
      const after = await lastValidation();
      expect(after.id).toBeGreaterThan(before.id);
      const routes = new RouteSet();
      for await (const item of parsePfx2as(splitLines(createReadStream(today)))) {
        if (item.kind === "entry") for (const route of pfx2asRoutes(item)) routes.add(route);
      }
      // Only the routes the table gained were validated (a ROA's prefix may be announced already)…
      expect(after.rows).toBeGreaterThan(100);
      expect(after.rows).toBeLessThanOrEqual(300);
      // …and every answer is the engine's over today's table: the withdrawn routes' answers are gone.
      const expected = stateCountsOf(routes, new VrpIndex(vrps));
      expect(await stateCounts(database)).toEqual(expected);
      const [kept] = await database.rows<{ n: number; old: number }>(sql`
        select count(*)::int as n, count(*) filter (where run_id < ${after.id})::int as old from route_validity`);
      expect(kept?.n).toBe(routes.size);
      expect(kept?.old).toBe(routes.size - after.rows);

      // Other VRPs: every answer is recomputed, against them.
      const fewer = path.join(dir, "fewer-roas.csv");
      const roaLines = createGunzipText(afrinicRoas as string).split("\n");
      writeFileSync(fewer, roaLines.filter((_, i) => i === 0 || i % 3 !== 0).join("\n"));
      await runIngest(vrpSource, { file: fewer }, testContext(database));
      const full = await lastValidation();
      expect(full.rows).toBe(routes.size);
      const recomputed = stateCountsOf(routes, new VrpIndex(parseVrps(readFileSync(fewer, "utf8")).vrps));
      expect(recomputed).not.toEqual(expected);
      expect(await stateCounts(database)).toEqual(recomputed);
    },
  );

  it.skipIf(!rv6 || !rv2 || !lacnic)(
    "marks which registry prefixes anything announces, as Postgres's own inet operators say",
    async () => {
      const fresh = await target.open();
      try {
        const db = fresh.database;
        // Routes first: the registry publish then answers against them (and a later validation
        // run again). The real RouteViews tables: all of IPv6, IPv4 inside LACNIC's /8s.
        const lacnicV4 = /^(177|179|181|186|187|189|190|191|200|201)\./;
        const v4 = gunzipSync(readFileSync(rv2 as string))
          .toString("utf8")
          .split("\n")
          .filter((line) => lacnicV4.test(line));
        const v4File = path.join(dir, "lacnic-v4.pfx2as");
        writeFileSync(v4File, `${v4.join("\n")}\n`);
        await runIngest(pfx2asSource, { file: v4File }, testContext(db));
        await runIngest(pfx2asSource, { file: rv6 as string }, testContext(db));
        await runIngest(delegatedSource, { file: lacnic as string }, testContext(db));
        // The reference: every allocated/assigned prefix tested with && (overlaps) over a GiST index.
        await db.db.execute(sql`create index routes_prefix_gist on routes using gist (prefix inet_ops)`);
        const [row] = await db.db.transaction(async (tx) => {
          // One GiST probe per registry prefix; the planner's row estimates would pick a scan of
          // every route per prefix instead.
          await tx.execute(sql`set local enable_seqscan = off`);
          return rowsOf<{ held: number; stored: number; disagree: number; announced: number }>(
            tx,
            sql`
            with held as (
              select distinct prefix from registry_resources
              where type in ('ipv4', 'ipv6') and status in ('allocated', 'assigned')
            ),
            reference as (
              select h.prefix, exists (select 1 from routes r where r.prefix && h.prefix) as announced from held h
            )
            select (select count(*) from held)::int as held,
              (select count(*) from registry_prefix_routing)::int as stored,
              count(*) filter (where a.announced is distinct from r.announced)::int as disagree,
              count(*) filter (where r.announced)::int as announced
            from reference r left join registry_prefix_routing a on a.prefix = r.prefix`,
          );
        });
        expect(row?.stored).toBe(row?.held);
        expect(row?.disagree).toBe(0);
        // Both answers occur: most of LACNIC's IPv4 is routed, much of its IPv6 is not.
        expect(row?.announced).toBeGreaterThan(10_000);
        expect(row?.announced).toBeLessThan(row?.held as number);
      } finally {
        await fresh.dispose();
      }
    },
  );

  it("answers the validity API in Routinator's shape and keeps per-provider routing", async () => {
    const fresh = await target.open();
    try {
      const db = fresh.database;
      const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        writeFileSync(file, text);
        return file;
      };
      await runIngest(
        delegatedSource,
        {
          file: write(
            "registry.txt",
            [
              "2.3|lacnic|20261101|3|19870101|20261101|-0300",
              "lacnic|UY|asn|64496|1|20100101|allocated|H1",
              "lacnic|UY|ipv6|2001:db8::|32|20100101|allocated|H1",
              "lacnic|UY|ipv6|3fff:100::|32|20100101|allocated|H1",
            ].join("\n"),
          ),
        },
        testContext(db),
      );
      await runIngest(
        vrpSource,
        {
          file: write(
            "vrps.csv",
            "ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,2001:db8::/32,40,lacnic\nAS64511,3fff:200::/32,32,lacnic\nAS0,192.0.2.0/24,24,lacnic\n",
          ),
        },
        testContext(db),
      );
      await runIngest(
        pfx2asSource,
        {
          file: write(
            "routes.pfx2as",
            "2001:db8::\t32\t64496\n2001:db8:1::\t48\t64496\n2001:db8:ff00::\t40\t64496\n3fff:200::\t32\t64496\n",
          ),
        },
        testContext(db),
      );
      const app = createApp({ database: db, log: silentLogger });
      const valid = (await (await app.request("/api/v1/validity/AS64496/2001:db8::/32")).json()) as Record<
        string,
        unknown
      >;
      expect(valid.validated_route).toEqual({
        route: { origin_asn: "AS64496", prefix: "2001:db8::/32" },
        validity: {
          state: "valid",
          description: "At least one VRP Matches the Route Prefix",
          VRPs: {
            matched: [{ asn: "AS64496", prefix: "2001:db8::/32", max_length: "40" }],
            unmatched_as: [],
            unmatched_length: [],
          },
        },
      });
      const tooLong = (await (await app.request("/api/v1/validity/64496/2001:db8:1::/48")).json()) as {
        validated_route: {
          validity: { state: string; reason: string; VRPs: { unmatched_length: unknown[] } };
        };
      };
      expect(tooLong.validated_route.validity).toMatchObject({ state: "invalid", reason: "length" });
      expect(tooLong.validated_route.validity.VRPs.unmatched_length).toHaveLength(1);
      const as0 = (await (await app.request("/api/v1/validity/AS64496/192.0.2.0/24")).json()) as {
        validated_route: { validity: { state: string; reason: string } };
      };
      expect(as0.validated_route.validity).toMatchObject({ state: "invalid", reason: "as" });
      const none = (await (await app.request("/api/v1/validity/AS64496/198.51.100.0/24")).json()) as {
        validated_route: { validity: { state: string } };
      };
      expect(none.validated_route.validity.state).toBe("not-found");
      expect((await app.request("/api/v1/validity/ASX/2001:db8::/32")).status).toBe(400);
      expect((await app.request("/api/v1/validity/AS1/2001:db8::/129")).status).toBe(400);

      const standing = (await (await app.request("/api/v1/asns/AS64496")).json()) as {
        data: { routing: Record<string, unknown> };
      };
      expect(standing.data.routing).toMatchObject({
        // Most urgent first: too specific, another AS's ROA, then the valid ones.
        announced: [
          {
            prefix: "2001:db8:1::/48",
            state: "invalid",
            reason: "length",
            vrps: {
              matched: [],
              unmatched_as: [],
              unmatched_length: [{ asn: "AS64496", prefix: "2001:db8::/32", max_length: "40" }],
            },
          },
          {
            prefix: "3fff:200::/32",
            state: "invalid",
            reason: "as",
            vrps: {
              matched: [],
              unmatched_as: [{ asn: "AS64511", prefix: "3fff:200::/32", max_length: "32" }],
              unmatched_length: [],
            },
          },
          { prefix: "2001:db8::/32", origin: "64496", state: "valid", reason: null, peers: null, vrps: null },
          { prefix: "2001:db8:ff00::/40", origin: "64496", state: "valid", reason: null },
        ],
        announcedTotal: 4,
        counts: { valid: 2, invalid: 2, notFound: 0 },
        coverage: { ipv4: null, ipv6: { routes: 4, prefixes: { valid: 0.5, invalid: 0.5, notFound: 0 } } },
        unannouncedIpv6: ["3fff:100::/32"],
        heldIpv6: 2,
      });
      // Space: /32 + /40 valid, /48 + /32 invalid → (2^96 + 2^88) / (2^97 + 2^88 + 2^80).
      const space = (standing.data.routing as { coverage: { ipv6: { space: { valid: number } } } }).coverage
        .ipv6.space;
      expect(space.valid).toBeCloseTo((2 ** 96 + 2 ** 88) / (2 ** 97 + 2 ** 88 + 2 ** 80), 12);
      const ladder = (
        standing.data as unknown as { ladder: Array<{ step: number; done: boolean; next: string | null }> }
      ).ladder;
      expect(ladder.map((s) => [s.step, s.done])).toEqual([
        [1, true],
        [2, true],
        [3, false],
        [4, false],
        [5, false],
      ]);
      expect(ladder[2]?.next).toContain("Fix the invalid routes");
    } finally {
      await fresh.dispose();
    }
  });
});

function createGunzipText(file: string): string {
  return gunzipSync(readFileSync(file)).toString("utf8");
}
