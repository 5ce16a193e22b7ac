import { readFileSync } from "node:fs";
/** `ingest all` against a local server in the upstream layouts, and the per-source locks. */
import type { Database } from "@atalaya/db";
import { generateDemo } from "@atalaya/demo";
import { ingestAll, lockKey } from "@atalaya/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const mrt = realData("mrt-ripe-bgpdump/test_data/bview.64k_stream_overflow.gz");

describe.each(targets)("ingest all on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: LocalServer;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    server = await startLocalServer();
    const demo = generateDemo();
    server.files.set("/stats/delegated-lacnic-extended-latest", { body: Buffer.from(demo.delegated) });
    server.files.set("/asnames/asn.txt", { body: Buffer.from(demo.asNames) });
    server.files.set("/aspop", { body: Buffer.from(demo.asPopulation) });
    server.files.set("/adoption.js", { body: Buffer.from(demo.googleAdoption) });
    server.files.set("/vrps.json", { body: Buffer.from(demo.routing.vrpsJson) });
    // A RIB dump in MRT: the real one from bgpdump's tests when ../shared is there.
    server.files.set("/bview.gz", { body: mrt ? readFileSync(mrt) : Buffer.alloc(0) });
    for (const f of demo.apnic) server.files.set(`/v6stats/${f.path}`, { body: Buffer.from(f.json) });
    // Cloudflare Radar: this server answers by path, so every network gets the same series.
    server.files.set("/client/v4/radar/http/timeseries_groups/ip_version", {
      body: Buffer.from(
        JSON.stringify({
          success: true,
          errors: [],
          result: {
            meta: { aggInterval: "ONE_DAY", lastUpdated: "2026-11-01T00:00:00Z" },
            serie_0: {
              timestamps: ["2026-10-30T00:00:00Z", "2026-10-31T00:00:00Z"],
              IPv4: ["70.5", "69.5"],
              IPv6: ["29.5", "30.5"],
            },
          },
        }),
      ),
    });
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  const urls = () => ({
    delegatedUrl: `${server.url}/stats/delegated-lacnic-extended-latest`,
    asNamesUrl: `${server.url}/asnames/asn.txt`,
    asPopulationUrl: `${server.url}/aspop`,
    apnicBase: `${server.url}/v6stats`,
    googleUrl: `${server.url}/adoption.js`,
    vrpsUrl: `${server.url}/vrps.json`,
    mrtUrl: `${server.url}/bview.gz`,
    radarBase: `${server.url}/client/v4`,
  });

  it("runs every source in dependency order, then finds nothing new", async () => {
    const first = await ingestAll(urls(), testContext(database));
    expect(first.map((o) => [o.source, o.outcome])).toEqual([
      ["delegated", "succeeded"],
      ["asnames", "succeeded"],
      ["aspop", "succeeded"],
      ["apnic", "succeeded"],
      ["google", "succeeded"],
      ["vrps", "succeeded"],
      ["mrt", mrt ? "succeeded" : "failed"],
      ["radar", "not-configured"],
    ]);
    expect(first.at(-1)).toMatchObject({ reason: expect.stringContaining("ATALAYA_RADAR_TOKEN") });
    const second = await ingestAll(urls(), testContext(database));
    expect(second.map((o) => o.outcome)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "succeeded",
      "unchanged",
      "unchanged",
      mrt ? "unchanged" : "failed",
      "not-configured",
    ]);
  });

  it("goes on with later sources when one fails", async () => {
    const outcomes = await ingestAll(
      { ...urls(), asNamesUrl: `${server.url}/missing.txt` },
      testContext(database),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "unchanged",
      "failed",
      "unchanged",
      "succeeded",
      "unchanged",
      "unchanged",
      mrt ? "unchanged" : "failed",
      "not-configured",
    ]);
    expect(outcomes[1]).toMatchObject({ error: expect.stringContaining("HTTP 404") });
  });

  it("includes Cloudflare Radar when a token is configured", async () => {
    server.requests.length = 0;
    const outcomes = await ingestAll(urls(), testContext(database), {
      credentials: { radarToken: "test-token" },
      radarPaceMs: 0,
    });
    const radar = outcomes.find((o) => o.source === "radar");
    expect(radar).toMatchObject({ outcome: "succeeded", rows: expect.any(Number) });
    expect((radar as { rows: number }).rows).toBeGreaterThan(0);
    const asked = server.requests.filter((r) => r.path.startsWith("/client/v4/radar/"));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.headers.authorization === "Bearer test-token")).toBe(true);
  });

  it("skips a source whose lock another ingest holds", async () => {
    let inner: Awaited<ReturnType<typeof ingestAll>> = [];
    const held = await database.withLock(lockKey("asnames"), async () => {
      inner = await ingestAll(urls(), testContext(database));
      return true;
    });
    expect(held.acquired).toBe(true);
    expect(inner.map((o) => o.outcome)).toEqual([
      "unchanged",
      "skipped",
      "unchanged",
      "succeeded",
      "unchanged",
      "unchanged",
      mrt ? "unchanged" : "failed",
      "not-configured",
    ]);
    // Released afterwards.
    expect((await database.withLock(lockKey("asnames"), async () => 1)).acquired).toBe(true);
  });
});
