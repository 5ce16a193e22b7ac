/**
 * Cloudflare Radar end to end: a local server on 127.0.0.1 that answers like Radar's API (bearer
 * token, `asn` and `dateRange` query, `{success, result: {serie_0}}` bodies), ingested beside
 * APNIC Labs, shown by the board and the standing pages as a traffic share without interval.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@atalaya/api";
import { createLogger, silentLogger } from "@atalaya/config";
import { type Database, ingestRuns, rejectedLines } from "@atalaya/db";
import { delegatedSource, ingestApnic, ingestRadar, RADAR_SCALE, runIngest } from "@atalaya/ingest";
import { addDays } from "@atalaya/metrics";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";
import { type RadarServer, radarBody, radarSeries, startRadar, TOKEN } from "../helpers/radar-server";
import { REPO_ROOT } from "../helpers/shared-data";

const END = "2026-10-31";
const TODAY = "2026-11-01";

const REGISTRY = [
  "2.3|lacnic|20261101|3|19870101|20261101|-0300",
  "lacnic|BR|asn|64496|1|20100101|allocated|H1",
  "lacnic|BR|asn|64497|1|20100101|allocated|H2",
  "lacnic|UY|asn|64498|1|20100101|allocated|H3",
].join("\n");

/** A logger that keeps every line, to show the token never reaches one. */
function recordingLogger() {
  const lines: string[] = [];
  return { log: createLogger("debug", (line) => lines.push(line)), lines };
}

describe.each(targets)("Cloudflare Radar on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let radar: RadarServer;
  let apnic: LocalServer;
  let base: string;
  const logs = recordingLogger();
  const dir = tempDir();
  const context = () => testContext(database, { log: logs.log });
  const radarRows = () =>
    database.rows<{
      asn: number;
      cc: string;
      date: string;
      samples: number;
      ipv6: number;
      other: number;
    }>(sql`
      select asn::float8 as asn, cc, to_char(date, 'YYYY-MM-DD') as date, samples::float8 as samples,
        ipv6::float8 as ipv6, (capable is not null or preferred is not null)::int as other
      from daily_measurements where source = 'radar' order by asn, date`);

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    radar = await startRadar();
    apnic = await startLocalServer();
    base = `${radar.url}/client/v4`;
    const registry = path.join(dir, "delegated.txt");
    writeFileSync(registry, `${REGISTRY}\n`);
    await runIngest(delegatedSource, { file: registry }, testContext(database));
    // APNIC Labs decides the state: 30 days × 2,000 samples at 30% preferred.
    apnic.files.set("/v6stats/v6economyas/BR/AS64496.json", {
      body: Buffer.from(
        JSON.stringify({
          data: Array.from({ length: 30 }, (_, i) => ({
            date: addDays(END, i - 29),
            as: 64496,
            cc: "BR",
            raw: { seen: 2000, capable: 660, preferred: 600 },
          })),
        }),
      ),
    });
    await ingestApnic({ base: `${apnic.url}/v6stats` }, testContext(database));
    // AS64496: 30 days alternating 20% and 40% (mean 30%); AS64497: 10 days at 12.5%; AS64498:
    // Radar has no data.
    radar.series.set(64496, radarBody(radarSeries(END, 30, (i) => (i % 2 === 0 ? "20.0" : "40.0"))));
    radar.series.set(64497, radarBody(radarSeries(END, 10, () => 12.5)));
  });
  afterAll(async () => {
    await radar?.close();
    await apnic?.close();
    await dispose?.();
  });

  it("refuses to run without a token, before asking Radar anything", async () => {
    await expect(ingestRadar({ base, token: undefined }, context())).rejects.toThrow(
      "Cloudflare Radar needs an API token: set ATALAYA_RADAR_TOKEN",
    );
    expect(radar.requests).toEqual([]);
    const runs = await database.db.select().from(ingestRuns).where(eq(ingestRuns.source, "radar"));
    expect(runs).toEqual([]);
  });

  it("asks for every region network's daily series with the token as a bearer", async () => {
    const result = await ingestRadar({ base, token: TOKEN, paceMs: 0, today: TODAY }, context());
    expect(result).toMatchObject({
      status: "succeeded",
      rows: 40,
      dataDate: END,
      location: base,
      networks: { measured: 2, notMeasured: 1 },
    });
    expect(radar.requests).toHaveLength(3);
    for (const r of radar.requests) {
      expect(r.path).toBe("/client/v4/radar/http/timeseries_groups/ip_version");
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(Object.fromEntries(r.query)).toMatchObject({
        aggInterval: "1d",
        dateRange: "12w",
        format: "json",
      });
    }
    expect(radar.requests.map((r) => r.query.get("asn")).sort()).toEqual(["64496", "64497", "64498"]);
    const rows = await radarRows();
    // Shares in millionths of a fixed unit; no sample counts, no APNIC metrics; the day in
    // progress (TODAY, at 99%) is not kept.
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.samples === RADAR_SCALE && r.other === 0 && r.date <= END)).toBe(true);
    expect(rows.find((r) => r.asn === 64496 && r.date === END)).toMatchObject({ cc: "BR", ipv6: 400_000 });
    expect(rows.find((r) => r.asn === 64497)).toMatchObject({ cc: "BR", ipv6: 125_000 });
  });

  it("shows Radar beside APNIC on the board and the standing, labelled, with no interval or samples", async () => {
    const app = createApp({ database, log: silentLogger });
    const res = await app.request(`/api/v1/awards/jim-bound?date=${END}`);
    expect(res.status).toBe(200);
    const board = (await res.json()) as {
      data: {
        networks: Array<{ asn: number; state: string; share: number | null; otherSources: unknown[] }>;
      };
    };
    const radarValue = {
      source: "radar",
      label: expect.stringMatching(/^Cloudflare Radar: share of HTTP requests over IPv6/),
      share: expect.closeTo(0.3, 10),
      lo: null,
      hi: null,
      samples: null,
      days: 30,
      agrees: true,
    };
    const network = board.data.networks.find((n) => n.asn === 64496);
    // The state is APNIC's: Radar stands beside it, never decides it.
    expect(network).toMatchObject({ state: "eligible", share: 0.3 });
    expect(network?.otherSources).toEqual([radarValue]);
    expect(board.data.networks.find((n) => n.asn === 64497)).toMatchObject({
      state: "insufficient-data",
      otherSources: [{ ...radarValue, share: expect.closeTo(0.125, 10), days: 10, agrees: null }],
    });
    const standing = await app.request(`/api/v1/asns/AS64496?date=${END}`);
    const body = (await standing.json()) as {
      data: {
        standing: { metrics: { preferred: { source: string; share: number } }; otherSources: unknown[] };
      };
    };
    expect(body.data.standing.metrics.preferred).toMatchObject({ source: "apnic", share: 0.3 });
    expect(body.data.standing.otherSources).toEqual([radarValue]);
    // Radar's series ends no later than APNIC's here, but it never moves the default date.
    const latest = (await (await app.request("/api/v1/awards/jim-bound")).json()) as {
      data: { parameters: { evaluationDate: string } };
    };
    expect(latest.data.parameters.evaluationDate).toBe(END);
  });

  it("answers as the OpenAPI document describes, and lists the source", async () => {
    const app = createApp({ database, log: silentLogger });
    const doc = await (await app.request("/api/openapi.json")).json();
    for (const [template, url] of [
      ["/api/v1/awards/jim-bound", `/api/v1/awards/jim-bound?date=${END}`],
      ["/api/v1/asns/{asn}", `/api/v1/asns/AS64496?date=${END}`],
      ["/api/v1/organisations/{id}", `/api/v1/organisations/lacnic:H1?date=${END}`],
      ["/api/v1/sources", "/api/v1/sources"],
    ] as const) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
    }
    const sources = (await (await app.request("/api/v1/sources")).json()) as {
      data: Array<{
        name: string;
        title: string;
        freshness: string;
        lastGoodRun: { location: string } | null;
      }>;
    };
    expect(sources.data.find((s) => s.name === "radar")).toMatchObject({
      title: expect.stringContaining("Cloudflare Radar"),
      freshness: "fresh",
      lastGoodRun: { location: base },
    });
  });

  it("asks only for the networks given, and refuses one the registry does not know", async () => {
    radar.requests.length = 0;
    const result = await ingestRadar(
      { base, token: TOKEN, asns: [64497], paceMs: 0, today: TODAY },
      context(),
    );
    expect(result).toMatchObject({
      status: "succeeded",
      rows: 10,
      networks: { measured: 1, notMeasured: 0 },
    });
    expect(radar.requests.map((r) => r.query.get("asn"))).toEqual(["64497"]);
    await expect(
      ingestRadar({ base, token: TOKEN, asns: [64497, 65551], paceMs: 0 }, context()),
    ).rejects.toThrow("AS65551 not in the registry data");
    await expect(ingestRadar({ base, token: TOKEN, range: "1y", paceMs: 0 }, context())).rejects.toThrow(
      "date range 1y",
    );
  });

  it("waits out a 429 and goes on", async () => {
    radar.failures.push(429);
    const result = await ingestRadar(
      { base, token: TOKEN, asns: [64497], paceMs: 0, today: TODAY },
      context(),
    );
    expect(result.status).toBe("succeeded");
  });

  it("stops at a refused token with a clear error, and publishes nothing", async () => {
    const before = await radarRows();
    for (const [token, scripted, expected] of [
      ["not-the-token", undefined, "HTTP 403: 10000 Authentication error"],
      [TOKEN, 401, "HTTP 401: 10000 Authentication error"],
    ] as const) {
      radar.requests.length = 0;
      if (scripted) radar.failures.push(scripted);
      const error = await ingestRadar(
        { base, token, concurrency: 1, paceMs: 0, today: TODAY },
        context(),
      ).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `${base}: Cloudflare Radar refused the token (${expected}); ` +
          "check that ATALAYA_RADAR_TOKEN is a current Cloudflare API token with Radar read access",
      );
      // One refusal stands for every network: nothing more is asked.
      expect(radar.requests).toHaveLength(1);
      const [run] = await database.db
        .select()
        .from(ingestRuns)
        .where(eq(ingestRuns.source, "radar"))
        .orderBy(desc(ingestRuns.id))
        .limit(1);
      expect(run).toMatchObject({ status: "failed", error: (error as Error).message });
    }
    expect(await radarRows()).toEqual(before);
  });

  it("refuses a malformed body, naming the field, and publishes nothing", async () => {
    const before = await radarRows();
    const serie = radarSeries(END, 10, () => "12.5");
    serie.IPv6[3] = "n/a";
    radar.series.set(64497, radarBody(serie));
    await expect(ingestRadar({ base, token: TOKEN, paceMs: 0, today: TODAY }, context())).rejects.toThrow(
      `result.serie_0.IPv6[3]: "n/a" is not a percentage`,
    );
    const [failed] = await database.db
      .select()
      .from(ingestRuns)
      .where(and(eq(ingestRuns.source, "radar"), eq(ingestRuns.status, "failed")))
      .orderBy(desc(ingestRuns.id))
      .limit(1);
    const stored = await database.db
      .select()
      .from(rejectedLines)
      .where(eq(rejectedLines.runId, failed?.id as number));
    expect(stored).toEqual([
      expect.objectContaining({
        raw: expect.stringMatching(/asn=64497.* result\.serie_0\.IPv6\[3\]$/),
        reason: '"n/a" is not a percentage',
      }),
    ]);
    radar.series.set(64497, JSON.stringify({ success: true, result: { meta: {} } }));
    await expect(ingestRadar({ base, token: TOKEN, paceMs: 0, today: TODAY }, context())).rejects.toThrow(
      'no "result.serie_0" object',
    );
    expect(await radarRows()).toEqual(before);
  });

  it("never writes the token into a log line, an error or a run record", async () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.filter((l) => l.includes(TOKEN) || l.includes("not-the-token"))).toEqual([]);
    const runs = await database.db.select().from(ingestRuns).where(eq(ingestRuns.source, "radar"));
    expect(JSON.stringify(runs)).not.toContain(TOKEN);
    expect(JSON.stringify(await database.db.select().from(rejectedLines))).not.toContain(TOKEN);
  });
});

describe("atalaya ingest radar", () => {
  it("refuses without a token, naming the variable", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "packages/cli/bin/atalaya.js"), "ingest", "radar"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ATALAYA_DATA_DIR: tempDir() },
        timeout: 120_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Cloudflare Radar is not configured: set ATALAYA_RADAR_TOKEN");
  });
});
