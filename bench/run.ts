/**
 * `npm run bench`: speed figures, reported as ratios against a peer run side by side on the same
 * machine (these machines are noisy; absolute times mean little).
 *
 * 1. Delegated parser vs awk: parse the real LACNIC file (decompressed in memory first) into
 *    typed records, against `awk -F'|'` tallying the same fields over the same bytes.
 * 2. Ingest of the same file, end to end (parse, COPY to staging, publish), on PGlite and on the
 *    Postgres server when DATABASE_URL is set: the ratio says what the embedded engine costs.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { silentLogger } from "@atalaya/config";
import { delegatedSource, runIngest } from "@atalaya/ingest";
import { type DelegatedItem, parseDelegated, splitLines } from "@atalaya/net";
import type { Target } from "../tests/helpers/databases";
import { realData } from "../tests/helpers/shared-data";
import { benchTargets as targets } from "./targets";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function rounds(fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await time(fn));
  return median(times);
}

async function parserVsAwk(file: string) {
  const text = gunzipSync(readFileSync(file));
  const plain = path.join(tmpdir(), "atalaya-bench-delegated.txt");
  writeFileSync(plain, text);
  const parse = async () => {
    let records = 0;
    async function* one() {
      yield new Uint8Array(text);
    }
    for await (const item of parseDelegated(splitLines(one())) as AsyncIterable<DelegatedItem>) {
      if (item.kind === "record") records++;
    }
    return records;
  };
  const awk = () =>
    execFileSync("awk", [
      "-F|",
      'NR>1 && $6!="summary" {t[$3]++; s[$7]++; c[$2]+=$5} END {print length(t)}',
      plain,
    ]);
  const ours = await rounds(parse);
  const theirs = await rounds(awk);
  const lines = text.toString("utf8").split("\n").length;
  console.log(
    `delegated parser: ${ours.toFixed(0)} ms (${Math.round(lines / (ours / 1000)).toLocaleString("en")} lines/s); ` +
      `awk: ${theirs.toFixed(0)} ms; ratio ours/awk = ${(ours / theirs).toFixed(2)}`,
  );
}

async function ingest(file: string, target: Target) {
  // A fresh database per engine (on the server: created and dropped), as the tests do.
  const { database, dispose } = await target.open();
  const ctx = {
    database,
    log: silentLogger,
    fetch: { timeoutMs: 1000, retries: 0, downloadDir: tmpdir() },
    maxRejected: 0,
    force: true,
  };
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate two byte-different copies so no run is skipped as "unchanged".
    const copy = path.join(tmpdir(), `atalaya-bench-${i % 2}.txt`);
    writeFileSync(copy, `${gunzipSync(readFileSync(file)).toString("utf8")}${i % 2 ? "\n" : ""}`);
    times.push(await time(() => runIngest(delegatedSource, { file: copy }, ctx)));
  }
  await dispose();
  return median(times);
}

async function main() {
  const file = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
  if (!file) return;
  await parserVsAwk(file);
  const [pgliteTarget, serverTarget] = targets;
  const pglite = await ingest(file, pgliteTarget as Target);
  console.log(`ingest delegated (88,619 records → 89,080 rows), PGlite: ${pglite.toFixed(0)} ms`);
  if (serverTarget) {
    const server = await ingest(file, serverTarget);
    console.log(
      `ingest delegated, Postgres server: ${server.toFixed(0)} ms; ratio PGlite/server = ${(pglite / server).toFixed(2)}`,
    );
  } else {
    console.log("Postgres server: skipped (set DATABASE_URL)");
  }
}

await main();
