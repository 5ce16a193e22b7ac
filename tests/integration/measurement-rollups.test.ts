/**
 * The measurement rollups (measurement_extents, measurement_windows, economy_days) recomputed by
 * every publish give the pages exactly what scanning daily_measurements gives: the same requests
 * answered with the rollups and, on a fresh app, after they are emptied (a database loaded before
 * they existed) are equal, and each publish leaves them describing the live series.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshMeasurementRollups } from "../../packages/ingest/src/rollups";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

const PAGES = [
  "/api/v1/countries",
  "/api/v1/countries/BR",
  "/api/v1/countries/BR/networks?limit=100",
  "/api/v1/countries/MX/trend?days=365",
  "/api/v1/region",
  "/api/v1/region/trend?days=365",
  "/api/v1/region/movers",
  "/api/v1/region/jim-bound",
  "/api/v1/awards/jim-bound?limit=500&orgLimit=500",
  "/api/v1/awards/jim-bound?format=csv",
  "/api/v1/asns/64496",
  "/api/v1/organisations/lacnic:900001",
];

async function answers(database: Database): Promise<Record<string, string>> {
  const app = createApp({ database, log: silentLogger });
  const out: Record<string, string> = {};
  for (const url of PAGES) {
    const res = await app.request(url);
    expect(res.status, url).toBe(200);
    out[url] = await res.text();
  }
  return out;
}

/** The body with every number rounded to 12 significant digits (JSON, or CSV cells). */
function nearly(body: string | undefined): unknown {
  const round = (n: number) => Number(n.toPrecision(12));
  const walk = (v: unknown): unknown =>
    typeof v === "number"
      ? round(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  const text = body ?? "";
  if (text.startsWith("{")) return walk(JSON.parse(text));
  return text
    .split("\n")
    .map((line) =>
      line.split(",").map((cell) => (/^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell) ? round(Number(cell)) : cell)),
    );
}

describe.each(targets)("measurement rollups on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
  });
  afterAll(async () => dispose?.());

  it("are written by the publishes, for the default window ending on the last APNIC day", async () => {
    const [extent] = await database.rows<{ last: string; latest: string }>(sql`
      select to_char(e.last_date, 'YYYY-MM-DD') as last,
        (select to_char(max(date), 'YYYY-MM-DD') from daily_measurements where source = 'apnic') as latest
      from measurement_extents e where e.source = 'apnic'`);
    expect(extent?.last).toBe(extent?.latest);
    const groupings = await database.rows<{ grouping: string; n: number }>(
      sql`select grouping, count(*)::int as n from measurement_windows group by 1 order by 1`,
    );
    expect(groupings.map((g) => g.grouping)).toEqual(["asn", "asn-cc", "holder", "holder-cc"]);
    for (const g of groupings) expect(g.n).toBeGreaterThan(10);
    const [days] = await database.rows<{ n: number }>(
      sql`select count(distinct date)::int as n from economy_days`,
    );
    expect(days?.n).toBeGreaterThan(300);
  });

  it("answer every page exactly as scanning the daily series does", async () => {
    const withRollups = await answers(database);
    await database.db.execute(sql`delete from measurement_windows`);
    await database.db.execute(sql`delete from measurement_extents`);
    await database.db.execute(sql`delete from economy_days`);
    const scanned = await answers(database);
    // Equal up to the order floating-point sums were taken in (rows come back in another order).
    for (const url of PAGES) expect(nearly(withRollups[url]), url).toEqual(nearly(scanned[url]));
  });

  it("roll up the board of the last month's end too when the series ends mid-month, as its reports would scan it", async () => {
    // The rollups are gone since the test above: cut the series to 2026-10-20, then publish's rollups.
    await database.db.execute(sql`delete from daily_measurements where date > '2026-10-20'`);
    const report = "/api/v1/organisations/lacnic:900001/reports/2026-09?lang=es";
    const scanned = await (await createApp({ database, log: silentLogger }).request(report)).text();
    await database.db.transaction((tx) => refreshMeasurementRollups(tx, 0));
    const ends = await database.rows<{ grouping: string; end: string }>(sql`
      select distinct grouping, to_char(window_end, 'YYYY-MM-DD') as end from measurement_windows
      where grouping in ('asn', 'holder') order by 1, 2`);
    expect(ends).toEqual([
      { grouping: "asn", end: "2026-09-30" },
      { grouping: "asn", end: "2026-10-20" },
      { grouping: "holder", end: "2026-09-30" },
      { grouping: "holder", end: "2026-10-20" },
    ]);
    const rolledUp = await createApp({ database, log: silentLogger }).request(report);
    expect(rolledUp.status).toBe(200);
    expect(nearly(await rolledUp.text())).toEqual(nearly(scanned));
  });
});
