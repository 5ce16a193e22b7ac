/**
 * The CI slice of the full-size reference dataset: 1/20 of it, built on the real LACNIC delegated
 * file and RouteViews pfx2as files, generated and served in the upstream layouts, loaded with
 * `ingest all` (plus pfx2as from files) through the real code paths. Then every public GET
 * operation of the OpenAPI document is called with real parameter values: any error, any 5xx and
 * any request the query timeout cancelled fails the test. Correctness, not speed: the figures
 * come from `npm run bench:scale`.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { ingestAll, pfx2asSource, runIngest } from "@atalaya/ingest";
import {
  generateScaleData,
  liveValues,
  loadScaleCommittee,
  type OpenApiDocument,
  publicGetCalls,
  type ScaleManifest,
  type ScaleServer,
  serveScaleData,
} from "@atalaya/scale";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";
import { realData } from "../helpers/shared-data";

const delegated = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
const realDir = delegated ? path.resolve(delegated, "../..") : null;

describe.skipIf(!realDir).each(targets)("the 1/20 scale slice on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: ScaleServer;
  let manifest: ScaleManifest;
  let app: ReturnType<typeof createApp>;
  let outcomes: Awaited<ReturnType<typeof ingestAll>>;

  beforeAll(async () => {
    const dir = tempDir("atalaya-scale-");
    manifest = await generateScaleData({ realDir: realDir as string, out: dir, fraction: 1 / 20 });
    server = await serveScaleData(dir);
    ({ database, dispose } = await target.open());
    const ctx = testContext(database);
    const env = server.env;
    outcomes = await ingestAll(
      {
        delegatedUrl: env.ATALAYA_DELEGATED_URL as string,
        asNamesUrl: env.ATALAYA_ASNAMES_URL as string,
        asPopulationUrl: env.ATALAYA_ASPOP_URL as string,
        apnicBase: env.ATALAYA_APNIC_URL as string,
        googleUrl: env.ATALAYA_GOOGLE_URL as string,
        radarBase: env.ATALAYA_RADAR_URL as string,
        vrpsUrl: env.ATALAYA_VRPS_URL as string,
        mrtUrl: env.ATALAYA_MRT_URL as string,
      },
      ctx,
      { credentials: { radarToken: "scale-slice-token" }, radarPaceMs: 0 },
    );
    for (const file of [manifest.files.pfx2asV4, manifest.files.pfx2asV6]) {
      await runIngest(pfx2asSource, { file: path.join(dir, file) }, ctx);
    }
    await loadScaleCommittee(database, 1 / 20);
    app = createApp({ database, log: silentLogger });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it("loads every source with ingest all", () => {
    expect(outcomes.filter((o) => o.outcome !== "succeeded")).toEqual([]);
    expect(outcomes.map((o) => o.source)).toEqual([
      "delegated",
      "asnames",
      "aspop",
      "apnic",
      "google",
      "vrps",
      "mrt",
      "radar",
    ]);
  });

  it("validates every distinct announced route once, with the RIB dump's peer count", async () => {
    const [row] = await database.rows<{ distinct: number; stored: number; mismatched: number }>(sql`
      with expected as (select prefix, origin, max(peers) as peers from routes group by prefix, origin)
      select (select count(*) from expected)::int as distinct,
        (select count(*) from route_validity)::int as stored,
        (select count(*) from expected e left join route_validity v on v.prefix = e.prefix and v.origin = e.origin
          where v.prefix is null or v.peers is distinct from e.peers)::int as mismatched`);
    expect(row?.stored).toBe(row?.distinct);
    expect(row?.mismatched).toBe(0);
    expect(row?.distinct).toBeGreaterThan(60_000);
  });

  it("answers every public GET operation with real parameter values, without an error", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as OpenApiDocument;
    const { calls, uncalled } = publicGetCalls(
      doc,
      manifest.picks,
      await liveValues(async (url) => app.request(url)),
    );
    // A beacon test's outcome is read with the token of a test in flight: no dataset value.
    expect(uncalled).toEqual(["/api/v1/beacon/tests/{token}"]);
    const failures: string[] = [];
    for (const call of calls) {
      const res = await app.request(call.url);
      const text = await res.text();
      if (res.status !== 200) {
        failures.push(`${call.url}: ${res.status} ${text.slice(0, 200)}`);
        continue;
      }
      if (!res.headers.get("content-type")?.includes("application/json")) continue;
      const problems = conformanceProblems(
        doc as never,
        responseSchema(doc as never, call.operation),
        JSON.parse(text),
      );
      if (problems.length > 0) failures.push(`${call.url}: ${problems.slice(0, 3).join("; ")}`);
    }
    expect(failures).toEqual([]);
    expect(calls.length).toBeGreaterThan(20);
  });
});
