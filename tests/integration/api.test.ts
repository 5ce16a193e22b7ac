/** The HTTP API over the demo dataset: shapes, errors, OpenAPI, reference page, demo labelling. */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

describe.each(targets)("API on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    app = createApp({ database, log: silentLogger });
  });
  afterAll(async () => dispose?.());

  it("reports health with the engine and the demo flag", async () => {
    // Health shows the meta as last read (it never waits for a lookup): one data request reads it.
    await app.request("/api/v1/region");
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: target.name,
      detail: expect.any(String),
      meta: { demo: true, registryDataDate: "2026-11-01", latestRunId: expect.any(Number), stale: [] },
    });
  });

  it("lists the 31 economies of the region with figures, labelled as demo", async () => {
    const res = await app.request("/api/v1/countries");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-atalaya-demo")).toBe("true");
    const body = (await res.json()) as { data: Array<Record<string, unknown>>; meta: { demo: boolean } };
    expect(body.meta.demo).toBe(true);
    expect(body.data).toHaveLength(31);
    expect(body.data.map((c) => c.cc)).toEqual([...body.data.map((c) => c.cc)].sort());
    expect(body.data.find((c) => c.cc === "BR")).toMatchObject({
      name: "Brazil",
      subRegion: "south-america",
      subRegionName: "South America",
      organisations: 40,
    });
    expect(body.data.find((c) => c.cc === "GS")).toMatchObject({ asns: 0, organisations: 0 });
  });

  it("gives users-weighted IPv6 shares per economy and for the region", async () => {
    const list = (await (await app.request("/api/v1/countries")).json()) as {
      data: Array<{
        cc: string;
        ipv6Share: { share: number | null; weightedBy: string | null; networks: number };
      }>;
      measurement: { evaluationDate: string; start: string };
    };
    expect(list.measurement).toMatchObject({ evaluationDate: "2026-10-31", start: "2026-10-02" });
    const br = list.data.find((c) => c.cc === "BR")?.ipv6Share;
    expect(br?.networks).toBeGreaterThan(10);
    expect(br?.weightedBy).toBe("users");
    expect(br?.share).toBeGreaterThan(0);
    expect(list.data.find((c) => c.cc === "FK")?.ipv6Share).toEqual({
      share: null,
      weightedBy: null,
      networks: 0,
    });
    const region = (await (await app.request("/api/v1/region")).json()) as {
      data: {
        region: { share: number; networks: number };
        subRegions: Array<{ subRegion: string; networks: number }>;
      };
    };
    expect(region.data.region.share).toBeGreaterThan(0);
    expect(region.data.subRegions.map((s) => s.subRegion)).toEqual([
      "south-america",
      "central-america-mexico",
      "caribbean",
    ]);
    expect(region.data.subRegions.reduce((n, s) => n + s.networks, 0)).toBe(region.data.region.networks);
  });

  it("serves Google's global series as context", async () => {
    const body = (await (await app.request("/api/v1/context/google?since=2026-10-01")).json()) as {
      data: { series: Array<{ date: string; total: number; native: number | null }> };
    };
    expect(body.data.series).toHaveLength(31);
    expect(body.data.series[0]).toMatchObject({ date: "2026-10-01", total: expect.any(Number) });
    expect(body.data.series.every((p) => p.total > 0.3 && p.total < 0.6)).toBe(true);
  });

  it("answers one economy, case-insensitively, with unit counts", async () => {
    const res = await app.request("/api/v1/countries/mx");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ cc: "MX", subRegion: "central-america-mexico", organisations: 14 });
    expect(body.data.units).toMatchObject({
      asn: { allocated: expect.any(Number), assigned: expect.any(Number) },
    });
  });

  it("answers 404 in the error envelope for an economy outside the region", async () => {
    const res = await app.request("/api/v1/countries/US");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "NOT_FOUND",
        message: "US is not an economy of the LACNIC region",
        requestId: expect.any(String),
      },
    });
  });

  it("answers 400 in the error envelope for a malformed code", async () => {
    const res = await app.request("/api/v1/countries/B1");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toContain("cc");
  });

  it("lists the sources with their last runs; demo runs are never called stale", async () => {
    const res = await app.request("/api/v1/sources");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: Array<{ name: string; freshness: string; lastGoodRun: unknown }>;
    };
    expect(body.data.map((s) => [s.name, s.freshness])).toEqual([
      ["delegated", "demo"],
      ["asnames", "demo"],
      ["aspop", "demo"],
      ["apnic", "demo"],
      ["radar", "never"],
      ["google", "demo"],
      ["atalaya-beacon", "demo"],
      ["vrps", "demo"],
      ["mrt", "never"],
      ["pfx2as", "demo"],
    ]);
    expect(body.data[0]?.lastGoodRun).toMatchObject({ dataDate: "2026-11-01" });
  });

  it("answers the Jim Bound board of the demo networks with every state present", async () => {
    const res = await app.request("/api/v1/awards/jim-bound");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { parameters: { evaluationDate: string }; counts: Record<string, number> };
    };
    expect(body.data.parameters.evaluationDate).toBe("2026-10-31");
    for (const state of ["eligible", "borderline", "below", "insufficient-data"]) {
      expect(body.data.counts[state], state).toBeGreaterThan(0);
    }
    const cycle = await app.request("/api/v1/awards/jim-bound?cycle=Demo%202026");
    expect(cycle.status).toBe(200);
    expect((await app.request("/api/v1/awards/jim-bound?cycle=nope")).status).toBe(404);
    expect((await app.request("/api/v1/awards/jim-bound?cycle=Demo%202026&date=2026-10-01")).status).toBe(
      400,
    );
  });

  it("pools the demo network that also serves Paraguay over both economies, and shows the split", async () => {
    const board = (await (await app.request("/api/v1/awards/jim-bound?limit=1000")).json()) as {
      data: {
        networks: Array<{
          asn: number;
          cc: string;
          samples: number;
          economies: Array<{ cc: string; inRegion: boolean; samples: number; share: number }>;
        }>;
      };
    };
    const multi = board.data.networks.filter((n) => n.economies.length > 1);
    expect(multi.map((n) => [n.cc, n.economies.map((e) => e.cc)])).toEqual([["BR", ["BR", "PY"]]]);
    const [network] = multi as [(typeof multi)[number]];
    expect(network.economies.every((e) => e.inRegion)).toBe(true);
    expect(network.samples).toBe(network.economies.reduce((sum, e) => sum + e.samples, 0));
    // The same rows, read from the series: the pooled share is Σ preferred / Σ samples of both.
    const [sums] = await database.rows<{ hits: number; samples: number }>(sql`
      select sum(preferred)::float8 as hits, sum(samples)::float8 as samples from daily_measurements
      where source = 'apnic' and asn = ${network.asn} and date between '2026-10-02' and '2026-10-31'`);
    expect(network.samples).toBe(sums?.samples);
    const standing = (await (await app.request(`/api/v1/asns/AS${network.asn}`)).json()) as {
      data: {
        standing: { economies: string[]; economySplit: unknown[]; metrics: { preferred: { share: number } } };
      };
    };
    expect(standing.data.standing.economies).toEqual(["BR", "PY"]);
    expect(standing.data.standing.economySplit).toEqual(network.economies);
    expect(standing.data.standing.metrics.preferred.share).toBeCloseTo(
      (sums?.hits ?? 0) / (sums?.samples ?? 1),
      12,
    );
  });

  it("answers every documented GET exactly as the OpenAPI document describes it", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const board = (await (await app.request("/api/v1/awards/jim-bound")).json()) as {
      data: { networks: Array<{ asn: number }>; organisations: Array<{ id: string }> };
    };
    const asn = board.data.networks.find((n) => n.asn > 0)?.asn as number;
    const org = board.data.organisations[0]?.id as string;
    const calls: Array<[string, string]> = [
      ["/api/health", "/api/health"],
      ["/api/v1/countries", "/api/v1/countries"],
      ["/api/v1/countries/{cc}", "/api/v1/countries/BR"],
      ["/api/v1/region", "/api/v1/region"],
      ["/api/v1/context/google", "/api/v1/context/google?since=2026-10-01"],
      ["/api/v1/sources", "/api/v1/sources"],
      ["/api/v1/awards/jim-bound", "/api/v1/awards/jim-bound"],
      ["/api/v1/asns/{asn}", `/api/v1/asns/AS${asn}`],
      ["/api/v1/organisations/{id}", `/api/v1/organisations/${org}`],
      ["/api/v1/search", "/api/v1/search?q=a&limit=50"],
      ["/api/v1/search", "/api/v1/search?q=AS64496"],
      ["/api/v1/search", "/api/v1/search?q=br"],
      ["/api/v1/asns/{asn}", "/api/v1/asns/AS64506"],
      ["/api/v1/asns/{asn}", "/api/v1/asns/AS65548"],
    ];
    for (const [template, url] of calls) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
    }
  });

  it("gives ROA coverage per address family with what to fix first", async () => {
    type Family = {
      routes: number;
      counts: Record<
        "announced" | "covered" | "valid" | "invalid" | "invalidAs" | "invalidLength" | "notFound",
        number
      >;
      prefixes: { valid: number; invalid: number; notFound: number };
    } | null;
    type Routing = {
      announced: Array<{ prefix: string; state: string; reason: string | null }>;
      coverage: { ipv4: Family; ipv6: Family };
      heldIpv6: number;
      heldIpv6Slash32: number;
      unannouncedIpv6: string[];
      unannouncedIpv6Slash32: number;
      nextSteps: Array<{ family: string; problem: string; prefixes: string[]; action: string }>;
    };
    const routing = async (asn: string) => {
      const res = await app.request(`/api/v1/asns/${asn}`);
      expect(res.status, asn).toBe(200);
      return ((await res.json()) as { data: { routing: Routing } }).data.routing;
    };
    // Counts agree with the route list, family by family.
    for (const asn of ["AS64496", "AS64506", "AS65548", "AS4200000024", "AS4200000044"]) {
      const r = await routing(asn);
      for (const family of ["ipv4", "ipv6"] as const) {
        const mine = r.announced.filter((a) => a.prefix.includes(":") === (family === "ipv6"));
        const c = r.coverage[family]?.counts;
        if (mine.length === 0) {
          expect(r.coverage[family], `${asn} ${family}`).toBeNull();
          continue;
        }
        const n = (test: (a: (typeof mine)[number]) => boolean) => mine.filter(test).length;
        expect(c, `${asn} ${family}`).toEqual({
          announced: mine.length,
          covered: n((a) => a.state !== "not-found"),
          valid: n((a) => a.state === "valid"),
          invalid: n((a) => a.state === "invalid"),
          invalidAs: n((a) => a.reason === "as"),
          invalidLength: n((a) => a.reason === "length"),
          notFound: n((a) => a.state === "not-found"),
        });
        expect(r.coverage[family]?.prefixes.valid).toBe((c?.valid ?? 0) / mine.length);
      }
    }
    // Every route valid: shares are exactly 1; the one fix, a ROA expiring within 14 days of the
    // demo's VRP list (built 2026-11-01).
    const clean = await routing("AS64496");
    expect(clean.coverage.ipv4?.prefixes.valid).toBe(1);
    expect(clean.nextSteps).toEqual([
      {
        family: "ipv4",
        problem: "roa-expiring",
        prefixes: ["10.5.128.0/18"],
        total: 1,
        action: expect.stringContaining("renew them"),
        roas: [{ prefix: "10.5.128.0/18", maxLength: 18, asn: 64496, expires: "2026-11-09T19:00:00Z" }],
      },
    ]);
    // Too-specific announcements in both families: fixes listed, IPv6 first, then a ROA about to
    // expire (valid routes that would lose their ROA).
    const tooLong = await routing("AS64506");
    expect(tooLong.coverage.ipv6?.counts).toMatchObject({ invalidLength: 1, invalidAs: 0 });
    expect(tooLong.coverage.ipv4?.counts).toMatchObject({ invalidLength: 1, invalidAs: 0 });
    expect(tooLong.nextSteps.map((s) => [s.family, s.problem, s.prefixes])).toEqual([
      ["ipv6", "invalid-length", ["3fff:11:8000::/33"]],
      ["ipv4", "invalid-length", ["10.8.128.0/21"]],
      ["ipv4", "roa-expiring", ["10.8.128.0/20"]],
    ]);
    // Another AS's ROA and no ROA at all.
    const mixed = await routing("AS65548");
    expect(mixed.coverage.ipv4?.counts).toMatchObject({ invalid: 2, invalidAs: 2, notFound: 4, covered: 2 });
    expect(mixed.nextSteps.map((s) => [s.family, s.problem])).toEqual([
      ["ipv4", "invalid-as"],
      ["ipv6", "not-found"],
      ["ipv4", "not-found"],
    ]);
    // Registry IPv6 nobody announces, in prefixes and /32 equivalents.
    const idle = await routing("AS65544");
    expect(idle.unannouncedIpv6).toEqual(["3fff:18::/29"]);
    expect(idle.unannouncedIpv6Slash32).toBe(8);
    expect(idle.heldIpv6Slash32).toBeGreaterThanOrEqual(8);
    expect(idle.nextSteps).toContainEqual(
      expect.objectContaining({ family: "ipv6", problem: "unannounced", prefixes: ["3fff:18::/29"] }),
    );
  });

  it("lists a large network's routes most urgent first: the first 100 in its standing, every one paged or as CSV", async () => {
    // 150 routes for AS64497 (which announces none in the demo): a third invalid, a third without
    // a ROA, a third valid, as stored answers.
    const states = ["'invalid', 'as'", "'not-found', null", "'valid', null"];
    const extra = Array.from(
      { length: 150 },
      (_, i) => `('10.${64 + (i >> 8)}.${i & 255}.0/24', '64497', 64497, ${states[i % 3]}, 10, null, 0)`,
    );
    await database.db.execute(
      sql.raw(
        `insert into route_validity (prefix, origin, origin_asn, state, reason, peers, vrps, run_id) values ${extra.join(", ")}`,
      ),
    );
    try {
      type Route = {
        prefix: string;
        origin: string;
        state: string;
        reason: string | null;
        peers: number | null;
      };
      const standing = (await (await app.request("/api/v1/asns/AS64497")).json()) as {
        data: { routing: { announced: Route[]; announcedTotal: number; counts: Record<string, number> } };
      };
      const { announced, announcedTotal, counts } = standing.data.routing;
      expect(announcedTotal).toBe(150);
      expect(counts).toEqual({ valid: 50, invalid: 50, notFound: 50 });
      expect(announced).toHaveLength(100);
      const rank = (r: Route) =>
        r.state === "invalid" ? (r.reason === "length" ? 0 : 1) : r.state === "not-found" ? 2 : 3;
      const ranks = announced.map(rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(ranks.slice(0, 50).every((r) => r === 1) && ranks.slice(50).every((r) => r === 2)).toBe(true);

      type Page = {
        data: { routes: Route[]; pagination: { page: number; limit: number; total: number; pages: number } };
      };
      const page = async (query: string) => {
        const res = await app.request(`/api/v1/asns/AS64497/routes${query}`);
        expect(res.status, query).toBe(200);
        return ((await res.json()) as Page).data;
      };
      const first = await page("");
      expect(first.pagination).toEqual({
        page: 1,
        limit: 100,
        total: announcedTotal,
        pages: Math.ceil(announcedTotal / 100),
      });
      expect(first.routes.map((r) => r.prefix)).toEqual(announced.map((r) => r.prefix));
      // Pages of 40 put together are the whole list, each route once.
      const all: Route[] = [];
      for (let n = 1; n <= Math.ceil(announcedTotal / 40); n++)
        all.push(...(await page(`?page=${n}&limit=40`)).routes);
      expect(all).toHaveLength(announcedTotal);
      expect(new Set(all.map((r) => `${r.prefix} ${r.origin}`)).size).toBe(announcedTotal);
      const valid = await page("?state=valid&limit=1000");
      expect(valid.pagination.total).toBe(50);
      expect(valid.routes.every((r) => r.state === "valid")).toBe(true);
      expect((await page("?page=99")).routes).toEqual([]);

      const csv = await app.request("/api/v1/asns/AS64497/routes?format=csv&state=valid");
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toBe('attachment; filename="AS64497-routes-valid.csv"');
      const lines = (await csv.text()).trimEnd().split("\r\n");
      expect(lines[0]).toBe("prefix,origin,state,reason,peers,vrps");
      expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(valid.routes.map((r) => r.prefix));
      for (const bad of ["?state=bogus", "?limit=0", "?page=x", "?format=xml"])
        expect((await app.request(`/api/v1/asns/AS64497/routes${bad}`)).status, bad).toBe(400);
    } finally {
      await database.db.execute(
        sql`delete from route_validity where origin = '64497' and prefix << '10.64.0.0/15'`,
      );
    }
  });

  it("answers 404 for an unknown network and 400 for a malformed or out-of-range AS number", async () => {
    const unknown = await app.request("/api/v1/asns/AS65000");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    for (const bad of ["ASX", "AS99999999999", "4294967296", "AS-1"]) {
      const res = await app.request(`/api/v1/asns/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, bad).toBe("BAD_REQUEST");
    }
  });

  it("gives an organisation's pooled standing with its members' own", async () => {
    const res = await app.request("/api/v1/organisations/lacnic:900001");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: {
        id: string;
        name: string;
        asns: Array<{ asn: number; state: string; share: number | null; lo: number | null; cc: string }>;
        standing: { metrics: { preferred: { share: number; lo: number; hi: number } } };
        routing: { announced: Array<{ origin: string }>; coverage: { ipv6: unknown } };
        ladder: Array<{ step: number }>;
      };
    };
    expect(data).toMatchObject({ id: "lacnic:900001", name: "Comunicaciones Araucaria Ltda." });
    expect(data.asns.map((m) => m.asn)).toEqual([64496, 64497, 64498, 64499]);
    expect(data.asns.find((m) => m.asn === 64497)).toMatchObject({ state: "eligible", cc: "AR" });
    const p = data.standing.metrics.preferred;
    expect(p.lo).toBeLessThanOrEqual(p.share);
    expect(p.hi).toBeGreaterThanOrEqual(p.share);
    expect(data.ladder.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(data.routing.announced.map((r) => r.origin))).toEqual(new Set(["64496"]));
    const unknown = await app.request("/api/v1/organisations/lacnic:nobody");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect((await app.request("/api/v1/organisations/900001")).status).toBe(400);
  });

  it("searches networks, organisations and economies, best match first", async () => {
    type Result = { kind: string; asn?: number; id?: string; cc?: string; name?: string | null };
    const find = async (q: string, limit?: number) => {
      const query = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
      const res = await app.request(`/api/v1/search?${query}`);
      expect(res.status, q).toBe(200);
      return ((await res.json()) as { data: { query: string; results: Result[]; more: boolean } }).data;
    };
    for (const q of ["AS64496", "as64496", "64496", " AS 64496 "]) {
      expect((await find(q)).results[0], q).toMatchObject({ kind: "asn", asn: 64496, cc: "AR" });
    }
    // First digits while typing: every network whose number starts with them.
    const typing = await find("6449");
    expect(typing.results.map((r) => r.asn).sort()).toEqual([64496, 64497, 64498, 64499]);
    // A name: the organisation before its networks; accents and case do not matter.
    const byName = await find("comunicaciones araucaria");
    expect(byName.results[0]).toMatchObject({ kind: "organisation", id: "lacnic:900001" });
    expect(byName.results.filter((r) => r.kind === "asn").map((r) => r.asn)).toEqual(
      expect.arrayContaining([64496, 64497, 64498, 64499]),
    );
    expect((await find("fibra MARACUJA")).results[0]).toMatchObject({
      kind: "organisation",
      name: "Fibra Maracujá Cooperativa",
    });
    expect((await find("maracuja")).results.map((r) => r.name)).toContain("Internet Maracujá Cooperativa");
    expect((await find("lacnic:900001")).results[0]).toMatchObject({ kind: "organisation" });
    // Economies by code or name.
    expect((await find("br")).results[0]).toMatchObject({ kind: "country", cc: "BR", name: "Brazil" });
    expect((await find("Trinidad")).results[0]).toMatchObject({ kind: "country", cc: "TT" });
    // Limited, saying so; nothing found is an empty list, not an error.
    const limited = await find("a", 3);
    expect(limited.results).toHaveLength(3);
    expect(limited.more).toBe(true);
    expect(await find("zzzz-nothing")).toMatchObject({ query: "zzzz-nothing", results: [], more: false });
  });

  it("answers 400 for a search without a query or with a bad limit", async () => {
    for (const url of [
      "/api/v1/search",
      "/api/v1/search?q=",
      "/api/v1/search?q=%20%20",
      `/api/v1/search?q=${"x".repeat(101)}`,
      "/api/v1/search?q=br&limit=0",
      "/api/v1/search?q=br&limit=51",
      "/api/v1/search?q=br&limit=ten",
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, url).toBe("BAD_REQUEST");
    }
  });

  it("answers 404 in the envelope for unknown API paths", async () => {
    const res = await app.request("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("publishes an OpenAPI document describing every route", async () => {
    const res = await app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: object };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/health",
      "/api/v1/admin/audit",
      "/api/v1/admin/award-cycles",
      "/api/v1/admin/challenge-cycles",
      "/api/v1/admin/mail",
      "/api/v1/admin/users",
      "/api/v1/admin/users/{id}/invitation",
      "/api/v1/asns/{asn}",
      "/api/v1/asns/{asn}/activity",
      "/api/v1/asns/{asn}/routes",
      "/api/v1/asns/{asn}/self-reported",
      "/api/v1/auth/accept-invitation",
      "/api/v1/auth/session",
      "/api/v1/auth/sign-in",
      "/api/v1/auth/sign-out",
      "/api/v1/awards/cycles",
      "/api/v1/awards/jim-bound",
      "/api/v1/beacon/tests",
      "/api/v1/beacon/tests/{token}",
      "/api/v1/challenge/cycles",
      "/api/v1/challenge/cycles/{id}/entries",
      "/api/v1/challenge/cycles/{id}/release",
      "/api/v1/challenge/entries",
      "/api/v1/challenge/entries/{id}",
      "/api/v1/challenge/entries/{id}/checks",
      "/api/v1/challenge/entries/{id}/report",
      "/api/v1/challenge/entries/{id}/services",
      "/api/v1/committee/jim-bound/cycles/{id}/nominations",
      "/api/v1/committee/jim-bound/cycles/{id}/release",
      "/api/v1/committee/jim-bound/nominations/{id}/decision",
      "/api/v1/committee/jim-bound/nominations/{id}/evidence-pack/{stage}",
      "/api/v1/committee/jim-bound/nominations/{id}/vote",
      "/api/v1/context/google",
      "/api/v1/countries",
      "/api/v1/countries/{cc}",
      "/api/v1/countries/{cc}/activity",
      "/api/v1/countries/{cc}/networks",
      "/api/v1/countries/{cc}/resources",
      "/api/v1/countries/{cc}/trend",
      "/api/v1/disputes",
      "/api/v1/disputes/cycles/{id}",
      "/api/v1/disputes/mine",
      "/api/v1/disputes/subjects",
      "/api/v1/disputes/{id}",
      "/api/v1/disputes/{id}/attachment",
      "/api/v1/disputes/{id}/resolution",
      "/api/v1/my/networks",
      "/api/v1/my/subscriptions",
      "/api/v1/my/subscriptions/{id}",
      "/api/v1/organisations/{id}",
      "/api/v1/organisations/{id}/activity",
      "/api/v1/organisations/{id}/reports/{month}",
      "/api/v1/organisations/{id}/reports/{month}.pdf",
      "/api/v1/region",
      "/api/v1/region/jim-bound",
      "/api/v1/region/movers",
      "/api/v1/region/trend",
      "/api/v1/results",
      "/api/v1/results/challenge/{id}",
      "/api/v1/results/jim-bound/{id}",
      "/api/v1/results/jim-bound/{id}/disputes",
      "/api/v1/results/jim-bound/{id}/evidence/{nomination}",
      "/api/v1/review/cycles/{id}/table",
      "/api/v1/review/entries/{id}/comments",
      "/api/v1/review/entries/{id}/conflict",
      "/api/v1/review/entries/{id}/outcome",
      "/api/v1/review/entries/{id}/score",
      "/api/v1/review/entries/{id}/scores",
      "/api/v1/search",
      "/api/v1/sources",
      "/api/v1/subscriptions",
      "/api/v1/subscriptions/choices",
      "/api/v1/subscriptions/confirm",
      "/api/v1/subscriptions/manage",
      "/api/v1/subscriptions/manage/unsubscribe",
      "/api/v1/subscriptions/manage/update",
      "/api/v1/subscriptions/unsubscribe",
      "/api/v1/validity/{asn}/{prefix}",
      "/api/v1/webhooks",
      "/api/v1/webhooks/{id}",
      "/api/v1/webhooks/{id}/deliveries",
      "/api/v1/webhooks/{id}/enable",
      "/api/v1/webhooks/{id}/ping",
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["CountrySummary", "Error", "Meta"]),
    );
  });

  it("serves the browsable reference as one page made from the OpenAPI document, with no script", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const page = await app.request("/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    // Nothing to load: no script (the CSP forbids inline ones anyway), stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|url\(/i);
    // Every operation and every type of the document is on the page, linked from its contents.
    for (const [path, item] of Object.entries(doc.paths))
      for (const method of Object.keys(item))
        expect(html, `${method} ${path}`).toContain(
          `<span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${path}</code>`,
        );
    for (const name of Object.keys(doc.components.schemas))
      expect(html, name).toContain(`id="schema-${name}"`);
    expect(html).toContain('<code class="field">locationKind</code>');
  });
});
