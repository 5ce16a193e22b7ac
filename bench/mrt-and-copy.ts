/**
 * `npm run bench` part two, each against a peer run side by side on the same machine:
 * - `atalaya mrt` vs Debian's `bgpdump -m` on the same MRT files (IPv4 RIB, IPv4/IPv6 updates);
 * - COPY through Atalaya's loader (postgres.js) vs `psql \copy` of the same rows into the same
 *   server table (needs DATABASE_URL).
 * A peer that is not installed is reported as such, never faked.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { REPO_ROOT, realData } from "../tests/helpers/shared-data";
import { benchTargets } from "./targets";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/**
 * Median time of ROUNDS runs, after one untimed run: that one reads the file into the page cache
 * for both tools, and lets atalaya build its bundle if a source changed since the last run
 * (a one-time cost, ADR 0003).
 */
function timeCommand(command: string, args: string[]): { ms: number; lines: number } {
  const times: number[] = [];
  let lines = 0;
  const shell = `${[command, ...args].map((a) => `'${a}'`).join(" ")} | wc -l`;
  spawnSync("sh", ["-c", shell]);
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const out = spawnSync("sh", ["-c", shell], { encoding: "utf8" });
    times.push(performance.now() - started);
    lines = Number(out.stdout.trim());
  }
  return { ms: median(times), lines };
}

function mrt() {
  const hasBgpdump = spawnSync("sh", ["-c", "command -v bgpdump"]).status === 0;
  const files = [
    "mrt-ripe-bgpdump/test_data/bview.20020722.2337.gz",
    "mrt-ripe-bgpdump/test_data/updates.20070211.0141.gz",
    "mrt-ripe-bgpdump/test_data/updates.et-header.2015.gz",
  ];
  for (const relative of files) {
    const file = realData(relative);
    if (!file) continue;
    const ours = timeCommand(process.execPath, [BIN, "mrt", file]);
    const rate = Math.round(ours.lines / (ours.ms / 1000));
    if (!hasBgpdump) {
      console.log(
        `mrt ${path.basename(file)}: atalaya ${ours.ms.toFixed(0)} ms (${rate.toLocaleString("en")} lines/s); bgpdump not installed (apt-get install bgpdump)`,
      );
      continue;
    }
    const theirs = timeCommand("bgpdump", ["-m", file]);
    console.log(
      `mrt ${path.basename(file)}: atalaya ${ours.ms.toFixed(0)} ms, bgpdump -m ${theirs.ms.toFixed(0)} ms ` +
        `(${ours.lines === theirs.lines ? "same line count" : `LINES DIFFER ${ours.lines} vs ${theirs.lines}`}); ` +
        `time ratio atalaya/bgpdump = ${(ours.ms / theirs.ms).toFixed(2)}; ${rate.toLocaleString("en")} lines/s`,
    );
  }
}

async function copy() {
  const url = process.env.DATABASE_URL;
  const server = benchTargets.find((t) => t.name === "postgres");
  if (!url || !server) {
    console.log("copy: skipped (set DATABASE_URL to compare with psql \\copy)");
    return;
  }
  const rows: string[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    rows.push(`1\tapnic\t${4200000000 + (i % 10000)}\tBR\t2026-01-01\t${1000 + (i % 97)}\t300\t200\t\\N\n`);
  }
  const file = path.join(tmpdir(), "atalaya-bench-copy.tsv");
  writeFileSync(file, rows.join(""));
  const { database, dispose } = await server.open();
  const columns = ["run_id", "source", "asn", "cc", "date", "samples", "capable", "preferred", "ipv6"];
  const dbUrl = (database.describe().match(/postgres:\/\/\S+/) ?? [url])[0] as string;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await database.db.execute(sql`truncate daily_measurements_staging`);
    let started = performance.now();
    await database.copyIn("daily_measurements_staging", columns, rows);
    ours.push(performance.now() - started);
    await database.db.execute(sql`truncate daily_measurements_staging`);
    started = performance.now();
    execFileSync("psql", [
      dbUrl,
      "-q",
      "-c",
      `\\copy daily_measurements_staging (${columns.join(", ")}) from '${file}'`,
    ]);
    theirs.push(performance.now() - started);
  }
  await dispose();
  const a = median(ours);
  const b = median(theirs);
  console.log(
    `copy 1,000,000 rows: atalaya ${a.toFixed(0)} ms, psql \\copy ${b.toFixed(0)} ms; rate ratio atalaya/psql = ${(b / a).toFixed(2)}`,
  );
}

mrt();
await copy();
