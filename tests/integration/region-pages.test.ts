/**
 * The API behind the region and country pages and the embeddable badge, over the demo dataset:
 * trends, movers, Jim Bound counts, an economy's networks and resources, and /badge/AS{n}.svg.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

type Daily = { date: string; share: number | null; weightedBy: string | null; networks: number };

describe.each(targets)("region and country pages' API on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const json = async <T>(url: string): Promise<T> => {
    const res = await app.request(url);
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    app = createApp({ database, log: silentLogger, publicUrl: "https://atalaya.example" });
  });
  afterAll(async () => dispose?.());

  it("gives the region's and sub-regions' daily users-weighted trend over a year", async () => {
    const body = await json<{
      data: {
        start: string;
        end: string;
        minDailySamples: number;
        region: Daily[];
        subRegions: Array<{ subRegion: string; series: Daily[] }>;
      };
    }>("/api/v1/region/trend");
    expect(body.data).toMatchObject({ start: "2025-11-01", end: "2026-10-31", minDailySamples: 34 });
    expect(body.data.region).toHaveLength(365);
    const last = body.data.region.at(-1) as Daily;
    expect(last).toMatchObject({ date: "2026-10-31", weightedBy: "users" });
    expect(last.share).toBeGreaterThan(0.05);
    expect(last.share).toBeLessThan(0.6);
    expect(body.data.subRegions.map((s) => s.subRegion)).toEqual([
      "south-america",
      "central-america-mexico",
      "caribbean",
    ]);
    // The region's networks that day are the sub-regions' together.
    const subTotal = body.data.subRegions.reduce((n, s) => n + (s.series.at(-1) as Daily).networks, 0);
    expect(subTotal).toBe(last.networks);
    const short = await json<{ data: { region: Daily[] } }>("/api/v1/region/trend?days=30");
    expect(short.data.region).toHaveLength(30);
    expect((await app.request("/api/v1/region/trend?days=many")).status).toBe(400);
  });

  it("ranks economies by the change of their users-weighted share over 90 days and a year", async () => {
    type Mover = { cc: string; from: number; to: number; change: number };
    const body = await json<{
      data: {
        periods: Array<{
          days: number;
          from: { start: string; end: string };
          to: { start: string; end: string };
          movers: Mover[];
          missing: string[];
        }>;
      };
    }>("/api/v1/region/movers");
    const [d90, d365] = body.data.periods;
    expect(d90).toMatchObject({
      days: 90,
      from: { start: "2026-08-03", end: "2026-09-01" },
      to: { start: "2026-10-02", end: "2026-10-31" },
    });
    expect(d365).toMatchObject({ days: 365, from: { start: "2025-11-01", end: "2025-11-30" } });
    for (const p of body.data.periods) {
      expect(p.movers.length + p.missing.length).toBe(31);
      expect(p.missing).toEqual(expect.arrayContaining(["FK", "GS"]));
      const changes = p.movers.map((m) => m.change);
      expect(changes).toEqual([...changes].sort((a, b) => b - a));
      for (const m of p.movers) expect(m.change).toBeCloseTo(m.to - m.from, 12);
    }
    // The latest window's share is the figure the countries list gives.
    const countries = await json<{ data: Array<{ cc: string; ipv6Share: { share: number | null } }> }>(
      "/api/v1/countries",
    );
    const br = countries.data.find((c) => c.cc === "BR")?.ipv6Share.share;
    expect(d90?.movers.find((m) => m.cc === "BR")?.to).toBeCloseTo(br as number, 12);
  });

  it("counts the Jim Bound board's networks per state for the region, sub-regions and economies", async () => {
    type Counts = Record<"eligible" | "borderline" | "below" | "insufficient-data", number>;
    const body = await json<{
      data: {
        region: { networks: Counts; organisations: Counts };
        subRegions: Array<{ networks: Counts }>;
        economies: Array<{ cc: string; networks: Counts }>;
      };
    }>("/api/v1/region/jim-bound");
    const board = await json<{ data: { counts: Counts } }>("/api/v1/awards/jim-bound");
    expect(body.data.region.networks).toEqual(board.data.counts);
    expect(body.data.economies).toHaveLength(31);
    const sum = (list: Counts[]) => list.reduce((n, c) => n + c.eligible, 0);
    expect(sum(body.data.subRegions.map((s) => s.networks))).toBe(board.data.counts.eligible);
    expect(sum(body.data.economies.map((e) => e.networks))).toBe(board.data.counts.eligible);
    expect(body.data.region.organisations.eligible).toBeGreaterThan(0);
  });

  it("lists an economy's networks with share, interval, state, users and ROA counts", async () => {
    type Net = {
      asn: number;
      state: string;
      share: number | null;
      lo: number | null;
      hi: number | null;
      users: number | null;
      roa: { announced: number; valid: number; invalid: number; notFound: number };
    };
    const body = await json<{ data: { cc: string; networks: Net[] } }>("/api/v1/countries/br/networks");
    expect(body.data.cc).toBe("BR");
    const board = await json<{ data: { networks: Array<{ asn: number; state: string }> } }>(
      "/api/v1/awards/jim-bound?cc=BR",
    );
    expect(body.data.networks.map((n) => n.asn).sort()).toEqual(board.data.networks.map((n) => n.asn).sort());
    for (const n of body.data.networks) {
      expect(n.roa.valid + n.roa.invalid + n.roa.notFound).toBe(n.roa.announced);
      if (n.share !== null && n.lo !== null && n.hi !== null) {
        expect(n.lo).toBeLessThanOrEqual(n.share);
        expect(n.hi).toBeGreaterThanOrEqual(n.share);
      }
    }
    expect(body.data.networks.some((n) => n.roa.announced > 0)).toBe(true);
    expect(body.data.networks.some((n) => n.users !== null)).toBe(true);
    const empty = await json<{ data: { networks: Net[] } }>("/api/v1/countries/GS/networks");
    expect(empty.data.networks).toEqual([]);
  });

  it("compares registry-held with announced prefixes per family", async () => {
    type Family = {
      family: string;
      heldPrefixes: number;
      heldSpace: number;
      announcedPrefixes: number;
      announcedSpace: number;
      routes: number;
    };
    const body = await json<{ data: { families: Family[] } }>("/api/v1/countries/BR/resources");
    expect(body.data.families.map((f) => f.family)).toEqual(["ipv4", "ipv6"]);
    const detail = await json<{ data: { units: { ipv4: { allocated: number; assigned: number } } } }>(
      "/api/v1/countries/BR",
    );
    const [v4, v6] = body.data.families as [Family, Family];
    expect(v4.heldPrefixes).toBe(detail.data.units.ipv4.allocated + detail.data.units.ipv4.assigned);
    for (const f of [v4, v6]) {
      expect(f.announcedPrefixes).toBeGreaterThan(0);
      expect(f.announcedPrefixes).toBeLessThanOrEqual(f.heldPrefixes);
      expect(f.announcedSpace).toBeLessThanOrEqual(f.heldSpace);
      expect(f.routes).toBeGreaterThan(0);
    }
    const gs = await json<{ data: { families: Family[] } }>("/api/v1/countries/GS/resources");
    expect(gs.data.families.every((f) => f.heldPrefixes === 0 && f.announcedPrefixes === 0)).toBe(true);
  });

  it("gives an economy's daily trend, and 404 for economies outside the region", async () => {
    const body = await json<{ data: { cc: string; series: Daily[] } }>("/api/v1/countries/mx/trend?days=90");
    expect(body.data.cc).toBe("MX");
    expect(body.data.series).toHaveLength(90);
    expect(body.data.series.at(-1)?.share).toBeGreaterThan(0);
    for (const url of [
      "/api/v1/countries/US/trend",
      "/api/v1/countries/US/networks",
      "/api/v1/countries/US/resources",
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });

  it("answers the new routes exactly as the OpenAPI document describes them", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const calls: Array<[string, string]> = [
      ["/api/v1/region/trend", "/api/v1/region/trend?days=60"],
      ["/api/v1/region/movers", "/api/v1/region/movers"],
      ["/api/v1/region/jim-bound", "/api/v1/region/jim-bound"],
      ["/api/v1/countries/{cc}/trend", "/api/v1/countries/BR/trend?days=60"],
      ["/api/v1/countries/{cc}/networks", "/api/v1/countries/BR/networks"],
      ["/api/v1/countries/{cc}/resources", "/api/v1/countries/BR/resources"],
    ];
    for (const [template, url] of calls) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
    }
  });

  it("serves an embeddable SVG badge per network that links back to its page", async () => {
    const board = await json<{
      data: { networks: Array<{ asn: number; state: string; share: number | null }> };
    }>("/api/v1/awards/jim-bound?state=eligible");
    const eligible = board.data.networks[0] as { asn: number; share: number };
    const res = await app.request(`/badge/AS${eligible.asn}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(`<a href="https://atalaya.example/as/${eligible.asn}" target="_top">`);
    expect(svg).toContain(`${(eligible.share * 100).toFixed(1)}% · eligible`);
    expect(svg).toContain("<title>");
    // Case-insensitive "as", and a network with too little data says so.
    const lower = await app.request(`/badge/as${eligible.asn}.svg`);
    expect(lower.status).toBe(200);
    const insufficient = await json<{ data: { networks: Array<{ asn: number }> } }>(
      "/api/v1/awards/jim-bound?state=insufficient-data",
    );
    const thin = await app.request(`/badge/AS${insufficient.data.networks[0]?.asn}.svg`);
    expect(await thin.text()).toContain("insufficient data");
  });

  it("answers a 404 badge for unknown networks and malformed names", async () => {
    for (const url of [
      "/badge/AS1.svg",
      "/badge/AS99999999999.svg",
      "/badge/nothing.svg",
      "/badge/AS64496.png",
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-type"), url).toBe("image/svg+xml; charset=utf-8");
      expect(await res.text(), url).toContain("not found");
    }
  });
});
