/**
 * Generated networks for benchmarks: 10,000 region ASNs (`BENCH_NETWORKS`) across the LACNIC
 * economies, two per holder, each with IPv4 and IPv6 space, AS names, APNIC's user estimates and a
 * year (`BENCH_DAYS`, 365) of daily APNIC Labs rows ending on END: 3.65 million rows, loaded with
 * COPY. Used by bench:api and bench/monthly-report.ts.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "@atalaya/config";
import { copyRow, type Database, ingestRuns } from "@atalaya/db";
import { asNamesSource, asPopulationSource, delegatedSource, runIngest, startRun } from "@atalaya/ingest";
import { addDays } from "@atalaya/metrics";
import { LACNIC_COUNTRIES } from "@atalaya/net";
import { eq, sql } from "drizzle-orm";

export const NETWORKS = Number(process.env.BENCH_NETWORKS ?? 10_000);
export const DAYS = Number(process.env.BENCH_DAYS ?? 365);
/** The last day measured (BENCH_END). */
export const END = process.env.BENCH_END ?? "2026-10-31";
const FIRST_ASN = 262_144; // the LACNIC 32-bit block; any numbers would do, these look real
const HOLDING = LACNIC_COUNTRIES.filter((c) => !["FK", "GS"].includes(c.cc)).map((c) => c.cc);

const ccOf = (i: number) => HOLDING[(i >> 1) % HOLDING.length] as string;
export const asnOf = (i: number) => FIRST_ASN + i;

/** Registry file: one ASN each, two per holder, and per holder an IPv4 /22 and an IPv6 /32. */
function registryFile(): string {
  const holders = Math.ceil(NETWORKS / 2);
  const lines = [
    `2.3|lacnic|20261101|${NETWORKS + 2 * holders}|19870101|20261101|-0300`,
    `lacnic|*|asn|*|${NETWORKS}|summary`,
    `lacnic|*|ipv4|*|${holders}|summary`,
    `lacnic|*|ipv6|*|${holders}|summary`,
  ];
  for (let i = 0; i < NETWORKS; i++)
    lines.push(`lacnic|${ccOf(i)}|asn|${asnOf(i)}|1|20100101|allocated|H${i >> 1}`);
  for (let h = 0; h < holders; h++) {
    const cc = ccOf(h * 2);
    const n = h * 1024; // 10.0.0.0/8 in /22s
    lines.push(`lacnic|${cc}|ipv4|10.${(n >> 16) & 255}.${(n >> 8) & 255}.0|1024|20100101|allocated|H${h}`);
    lines.push(`lacnic|${cc}|ipv6|2800:${h.toString(16)}::|32|20100101|allocated|H${h}`);
  }
  return `${lines.join("\n")}\n`;
}

function asNamesFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < NETWORKS; i++)
    lines.push(`${asnOf(i)}\tRED-${i >> 1} - ${i % 2 === 0 ? "backbone" : "mobile"},${ccOf(i)}`);
  return `${lines.join("\n")}\n`;
}

function asPopulationFile(): string {
  const data = [];
  for (let i = 0; i < NETWORKS; i++) {
    data.push({
      rank: i + 1,
      AS: asnOf(i),
      Description: `RED-${i >> 1}`,
      CC: ccOf(i),
      Users: 1000 + ((i * 7919) % 500_000),
      "Percent of CC Pop": 0.1,
      "Percent of Internet": 0.001,
      Samples: 5000,
    });
  }
  return JSON.stringify({ Data: data });
}

const DATES = Array.from({ length: DAYS }, (_, d) => addDays(END, d - DAYS + 1));

/** Daily APNIC rows in COPY text format, generated as they are sent (same shape as bench:apnic). */
function* dailyRows(runId: number): Generator<string> {
  for (let i = 0; i < NETWORKS; i++) {
    const share = (i % 50) / 100;
    for (let d = 0; d < DAYS; d++) {
      const seen = 200 + ((i * 7919 + d * 104729) % 5000);
      const preferred = Math.round(seen * Math.min(share * (0.8 + (0.4 * d) / DAYS), 0.9));
      const capable = Math.min(seen, Math.round(preferred * 1.1));
      yield copyRow(["apnic", asnOf(i), ccOf(i), DATES[d], seen, capable, preferred, null, runId]);
    }
  }
}

/** Loads the registry, names, population and daily rows; returns the daily rows written. */
export async function loadGeneratedNetworks(database: Database) {
  const dir = tmpdir();
  const write = (name: string, text: string) => {
    const file = path.join(dir, `atalaya-bench-api-${name}`);
    writeFileSync(file, text);
    return file;
  };
  const ctx = {
    database,
    log: silentLogger,
    fetch: { timeoutMs: 30_000, retries: 0, downloadDir: dir },
    maxRejected: 0,
  };
  await runIngest(delegatedSource, { file: write("delegated.txt", registryFile()) }, ctx);
  await runIngest(asNamesSource, { file: write("asnames.txt", asNamesFile()) }, ctx);
  await runIngest(asPopulationSource, { file: write("aspop.json", asPopulationFile()) }, ctx);
  // The measurements go straight to the live table with COPY, under a run of their own: fetching
  // 10,000 files is bench:apnic's subject, not this one's.
  const runId = await startRun(database.db, "apnic", "bench://generated", false);
  const rows = await database.copyIn(
    "daily_measurements",
    ["source", "asn", "cc", "date", "samples", "capable", "preferred", "ipv6", "run_id"],
    dailyRows(runId),
  );
  await database.db
    .update(ingestRuns)
    .set({ status: "succeeded", rows, dataDate: END, finishedAt: new Date() })
    .where(eq(ingestRuns.id, runId));
  await database.rows(sql`analyze`);
  return rows;
}
