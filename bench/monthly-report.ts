/**
 * Benchmark: organisations' monthly reports (JSON and PDF) over full-size measurements: the
 * generated networks of bench:api (10,000 ASNs, 5,000 holders, a year of daily APNIC rows:
 * 3.65 million rows), with the rollups a publish writes. On PGlite (in memory), and on the
 * Postgres server too when DATABASE_URL is set (a database of its own, dropped afterwards).
 *
 *   node --import tsx bench/monthly-report.ts        (BENCH_NETWORKS, BENCH_DAYS, BENCH_ORGS)
 *
 * The series ends mid-month (BENCH_END, 2026-11-20), as it does most days. For the last month that
 * had ended (2026-10, whose board a publish rolls up) and the month before (2026-09, whose board
 * scans the daily series over its window): the first report of the month (computes the board,
 * kept in the BoardCache per data version), the first report of another organisation that month
 * (the board reused), then BENCH_ORGS (50) organisations' JSON and PDF, each asked once (nothing
 * rendered is kept: reports are revalidated by their body). BENCH_ENGINES=postgres skips PGlite.
 */
import { randomBytes } from "node:crypto";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import postgres from "postgres";
import { refreshMeasurementRollups } from "../packages/ingest/src/rollups";

process.env.BENCH_END ??= "2026-11-20";
const { DAYS, loadGeneratedNetworks, NETWORKS } = await import("./generated-networks");

const ORGS = Number(process.env.BENCH_ORGS ?? 50);
const MONTHS = ["2026-10", "2026-09"];

async function timed(app: ReturnType<typeof createApp>, url: string): Promise<number> {
  const started = performance.now();
  const res = await app.request(url);
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return ms;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

async function measure(engine: string, database: Database) {
  let started = performance.now();
  const rows = await loadGeneratedNetworks(database);
  const loaded = performance.now() - started;
  started = performance.now();
  await database.db.transaction((tx) => refreshMeasurementRollups(tx, 0));
  console.log(
    `monthly-report ${engine}: ${NETWORKS.toLocaleString("en")} ASNs × ${DAYS} days to ${process.env.BENCH_END} = ` +
      `${rows.toLocaleString("en")} rows, loaded in ${(loaded / 1000).toFixed(1)} s, rollups ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const app = createApp({ database, log: silentLogger });
  // Holders H0, H1, … of the generated registry file, spread over the range.
  const holders = Math.ceil(NETWORKS / 2);
  const orgs = Array.from({ length: ORGS }, (_, i) => `lacnic:H${(i * 7919) % holders}`);
  for (const month of MONTHS) {
    const first = await timed(app, `/api/v1/organisations/${orgs[0]}/reports/${month}?lang=es`);
    const second = await timed(app, `/api/v1/organisations/${orgs[1]}/reports/${month}?lang=pt`);
    const json: number[] = [];
    const pdf: number[] = [];
    for (const org of orgs.slice(2)) {
      json.push(await timed(app, `/api/v1/organisations/${org}/reports/${month}?lang=en`));
      pdf.push(await timed(app, `/api/v1/organisations/${org}/reports/${month}.pdf?lang=es`));
    }
    const line = (values: number[]) =>
      `p50 ${Math.round(percentile(values, 50))} / p95 ${Math.round(percentile(values, 95))} / max ${Math.round(Math.max(...values))} ms`;
    console.log(
      `monthly-report ${engine} ${month}: first report ${Math.round(first)} ms (computes the month's board), ` +
        `first of another organisation ${Math.round(second)} ms; ${orgs.length - 2} organisations: ` +
        `JSON ${line(json)}, PDF ${line(pdf)}`,
    );
  }
}

if (process.env.BENCH_ENGINES !== "postgres") {
  const pglite = await openDatabase({});
  await pglite.migrate();
  await measure("PGlite", pglite);
  await pglite.close();
}

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  const name = `atalaya_bench_report_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    await database.migrate();
    await measure("Postgres", database);
    await database.close();
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}
