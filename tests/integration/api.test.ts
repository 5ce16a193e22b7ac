/** The HTTP API over the demo dataset: shapes, errors, OpenAPI, reference page, demo labelling. */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
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
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: target.name,
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
    ];
    for (const [template, url] of calls) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
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
      "/api/v1/asns/{asn}",
      "/api/v1/awards/jim-bound",
      "/api/v1/context/google",
      "/api/v1/countries",
      "/api/v1/countries/{cc}",
      "/api/v1/organisations/{id}",
      "/api/v1/region",
      "/api/v1/sources",
      "/api/v1/validity/{asn}/{prefix}",
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["CountrySummary", "Error", "Meta"]),
    );
  });

  it("serves the browsable reference with its assets from disk", async () => {
    const page = await app.request("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/docs/assets/swagger-ui-bundle.js");
    const bundle = await app.request("/api/docs/assets/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await app.request("/api/docs/assets/../../package.json")).status).toBe(404);
  });
});
