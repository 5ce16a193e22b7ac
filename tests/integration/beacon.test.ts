/**
 * The beacon over real HTTP, on each database: a server listening on both families (`::`), the
 * three fetches made over IPv4 (127.0.0.1) and IPv6 ([::1]) as clients of each kind would, the
 * client's addresses attributed to the network whose route covers them (a pfx2as file routing
 * the loopback blocks to AS64496, registry blocks in UY), the report finishing the test, counts
 * flushed to beacon_daily and published as the `atalaya-beacon` series with the k-threshold,
 * beside APNIC on the provider page. No address or token is in the request log or the database.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningServer, startServer } from "@atalaya/api";
import { BeaconService } from "@atalaya/beacon";
import { createLogger, silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { delegatedSource, pfx2asSource, publishBeacon, runIngest } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

const REGISTRY = [
  "2.3|lacnic|20261201|3|19870101|20261201|-0300",
  "lacnic|UY|asn|64496|1|20100101|allocated|H1",
  "lacnic|UY|ipv4|127.0.0.0|16777216|20100101|allocated|H1",
  "lacnic|UY|ipv6|::|64|20100101|allocated|H1",
].join("\n");
/** The loopback blocks, as if routed: IPv4 by AS64496, IPv6 (::/64, which holds ::1) too. */
const PFX2AS = ["127.0.0.0\t8\t64496", "::\t64\t64496"].join("\n");

interface Outcome {
  ipv4: boolean;
  ipv6: boolean;
  dualStack: boolean;
  preferred: string | null;
  broken: boolean;
  asn: number | null;
  cc: string | null;
  finished: boolean;
  counted: boolean;
}

describe.each(targets)("the beacon over both families, on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let beacon: BeaconService;
  let port: number;
  const logged: string[] = [];
  const dir = tempDir();
  const v4 = () => `http://127.0.0.1:${port}`;
  const v6 = () => `http://[::1]:${port}`;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    await runIngest(delegatedSource, { file: write("delegated.txt", REGISTRY) }, testContext(database));
    await runIngest(pfx2asSource, { file: write("routes.pfx2as", PFX2AS) }, testContext(database));
    // The host names carry the port once it is known: the fetch URLs are built per request.
    const hosts = { ipv4: "127.0.0.1:0", ipv6: "[::1]:0", dual: "localhost:0" };
    beacon = new BeaconService(database, hosts, null, silentLogger);
    await beacon.ready();
    server = await startServer({
      database,
      log: createLogger("info", (line) => logged.push(line), "json"),
      host: "::",
      port: 0,
      beacon,
    });
    port = Number(new URL(server.url).port);
    Object.assign(hosts, { ipv4: `127.0.0.1:${port}`, ipv6: `[::1]:${port}`, dual: `localhost:${port}` });
  });
  afterAll(async () => {
    await beacon?.stop();
    await server?.close();
    await dispose?.();
  });

  const start = async (origin: string) => {
    const res = await fetch(`${origin}/api/v1/beacon/tests`, { method: "POST" });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    return (await res.json()) as { token: string; fetches: Record<string, string>; report: string };
  };
  /** One fetch of a test, made over the given origin (so over that family). */
  const fetchOver = (origin: string, kind: string, token: string) =>
    fetch(`${origin}/beacon/t/${kind}/${token}`);
  const report = async (origin: string, path: string, times: object) => {
    const res = await fetch(`${origin}${path}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(times),
    });
    return { status: res.status, body: (await res.json()) as Outcome };
  };

  it("hands out a token and the three URLs on the configured host names", async () => {
    const test = await start(v4());
    expect(test.fetches).toEqual({
      ipv4: `http://127.0.0.1:${port}/beacon/t/ipv4/${test.token}`,
      ipv6: `http://[::1]:${port}/beacon/t/ipv6/${test.token}`,
      dual: `http://localhost:${port}/beacon/t/dual/${test.token}`,
    });
    expect(test.report).toBe(`/api/v1/beacon/tests/${test.token}`);
  });

  it("measures a dual-stack client preferring IPv6, attributed to its network", async () => {
    const test = await start(v6());
    for (const [origin, kind] of [
      [v4(), "ipv4"],
      [v6(), "ipv6"],
      [v6(), "dual"],
    ] as const) {
      const res = await fetchOver(origin, kind, test.token);
      expect(res.status, kind).toBe(200);
      expect(res.headers.get("timing-allow-origin")).toBe("*");
    }
    const { status, body } = await report(v6(), test.report, { ipv4: 12, ipv6: 10, dual: 11 });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ipv4: true,
      ipv6: true,
      dualStack: true,
      preferred: "ipv6",
      broken: false,
      asn: 64496,
      cc: "UY",
      finished: true,
      counted: true,
    });
    const again = await fetch(`${v4()}/api/v1/beacon/tests/${test.token}`);
    expect(await again.json()).toMatchObject({ preferred: "ipv6", counted: true });
  });

  it("measures an IPv4-only client: its IPv6 fetch never arrives, dual-stack comes over IPv4", async () => {
    const test = await start(v4());
    expect((await fetchOver(v4(), "ipv4", test.token)).status).toBe(200);
    expect((await fetchOver(v4(), "dual", test.token)).status).toBe(200);
    const { body } = await report(v4(), test.report, { ipv4: 9, dual: 10 });
    expect(body).toMatchObject({ ipv4: true, ipv6: false, preferred: "ipv4", broken: false, counted: true });
  });

  it("refuses a replayed fetch, a forged token, a report before the token, and a big report", async () => {
    const test = await start(v4());
    expect((await fetchOver(v4(), "ipv4", test.token)).status).toBe(200);
    expect((await fetchOver(v4(), "ipv4", test.token)).status).toBe(409);
    // A character in the middle of the signature changed: other bytes, so never the same token.
    const at = test.token.length - 5;
    const forgedToken = `${test.token.slice(0, at)}${test.token[at] === "A" ? "B" : "A"}${test.token.slice(at + 1)}`;
    expect((await fetchOver(v4(), "ipv6", forgedToken)).status).toBe(403);
    expect((await fetchOver(v4(), "other", test.token)).status).toBe(404);
    const forged = await report(v4(), `/api/v1/beacon/tests/${"A".repeat(22)}.zz.${"A".repeat(22)}`, {});
    expect(forged.status).toBe(403);
    const big = await fetch(`${v4()}${test.report}`, { method: "POST", body: "x".repeat(600) });
    expect(big.status).toBe(413);
    // Cross-site, as an embedding page's request is: no same-origin rule applies here.
    const crossSite = await fetch(`${v4()}/api/v1/beacon/tests`, {
      method: "POST",
      headers: { origin: "https://isp.example", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(201);
  });

  it("publishes the counts as the atalaya-beacon series, withholding network-days under k", async () => {
    await beacon.flush();
    const [row] = await database.rows<{ tests: number; capable: number; preferred: number; asn: number }>(sql`
      select tests, capable, preferred, asn::int as asn from beacon_daily where asn = 64496`);
    expect(row).toEqual({ tests: 2, capable: 1, preferred: 1, asn: 64496 });
    const withheld = await publishBeacon(testContext(database), { minTests: 20 });
    expect(withheld).toMatchObject({ rows: 0, withheld: 1 });
    const published = await publishBeacon(testContext(database), { minTests: 2 });
    expect(published).toMatchObject({ rows: 1, withheld: 0 });
    const series = await database.rows<{
      samples: number;
      capable: number;
      preferred: number;
      cc: string;
    }>(sql`
      select samples::int as samples, capable::int as capable, preferred::int as preferred, cc from daily_measurements where source = 'atalaya-beacon'`);
    expect(series).toEqual([{ samples: 2, capable: 1, preferred: 1, cc: "UY" }]);
    // The economy's figures carry it as a series of its own.
    const trend = (await (await fetch(`${v4()}/api/v1/countries/UY/trend`)).json()) as {
      data: { beacon: Array<{ tests: number; preferred: number; share: number }> };
    };
    expect(trend.data.beacon).toEqual([
      { date: new Date().toISOString().slice(0, 10), tests: 2, capable: 1, preferred: 1, share: 0.5 },
    ]);
  });

  it("writes no client address or token to the request log or the database", async () => {
    const text = logged.join("\n");
    expect(text).toContain("/api/v1/beacon/tests/:token");
    expect(text).toContain("/beacon/t/:kind/:token");
    expect(text).not.toMatch(/127\.0\.0\.1|::1\b|::ffff/);
    expect(text).not.toMatch(/[A-Za-z0-9_-]{22}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}/);
    const columns = await database.rows<{ column_name: string }>(sql`
      select column_name from information_schema.columns where table_name = 'beacon_daily'`);
    expect(columns.map((c) => c.column_name).sort()).toEqual([
      "asn",
      "broken",
      "capable",
      "cc",
      "date",
      "preferred",
      "tests",
      "ttfb_dual",
      "ttfb_ipv4",
      "ttfb_ipv6",
      "updated_at",
    ]);
  });
});
