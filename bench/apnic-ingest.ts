/**
 * Benchmark: ingest APNIC Labs files for N networks (default 10,000) from a local HTTP server,
 * then recompute every window and state (the Jim Bound board), on PGlite and, when DATABASE_URL
 * is set, on the Postgres server. Files are generated on the fly per request in the upstream
 * layout (`BENCH_DAYS` days each, default 365), so nothing large sits in memory.
 *
 *   npm run bench:apnic            (BENCH_NETWORKS=10000 BENCH_DAYS=365 BENCH_CONCURRENCY=16;
 *                                   BENCH_TARGETS=postgres runs one engine only)
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, silentLogger } from "@atalaya/config";
import { delegatedSource, ingestApnic, runIngest } from "@atalaya/ingest";
import { addDays, DEFAULT_PARAMETERS, METHOD_VERSION } from "@atalaya/metrics";
import { LACNIC_COUNTRIES } from "@atalaya/net";
import { computeBoard } from "../apps/api/src/lib/board";
import { benchTargets as targets } from "./targets";

const NETWORKS = Number(process.env.BENCH_NETWORKS ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ONLY = process.env.BENCH_TARGETS?.split(",");
const END = "2026-10-31";
const FIRST_ASN = 4_200_000_000;

function ccOf(i: number): string {
  return (LACNIC_COUNTRIES[i % 29] as { cc: string }).cc; // the 29 economies that hold resources
}

function registryFile(): string {
  const lines = [
    `2.3|lacnic|20261101|${NETWORKS}|19870101|20261101|-0300`,
    `lacnic|*|asn|*|${NETWORKS}|summary`,
  ];
  for (let i = 0; i < NETWORKS; i++)
    lines.push(`lacnic|${ccOf(i)}|asn|${FIRST_ASN + i}|1|20100101|allocated|B${i >> 1}`);
  return `${lines.join("\n")}\n`;
}

const DATES = Array.from({ length: DAYS }, (_, d) => addDays(END, d - DAYS + 1));

function apnicJson(asn: number, cc: string): string {
  const i = asn - FIRST_ASN;
  const data = [];
  for (let d = 0; d < DAYS; d++) {
    const seen = 200 + ((i * 7919 + d * 104729) % 5000);
    const share = ((i % 50) / 100) * (0.8 + (0.4 * d) / DAYS);
    const preferred = Math.round(seen * Math.min(share, 0.9));
    const capable = Math.min(seen, Math.round(preferred * 1.1));
    data.push({ date: DATES[d], as: asn, cc, type: "economyas", raw: { seen, capable, preferred } });
  }
  return JSON.stringify({ copyright: "bench", description: "bench", docs: "", data });
}

/** The file server runs in its own process, as a real upstream would, so it has its own core. */
async function serve() {
  const server = createServer((req, res) => {
    const m = /\/v6economyas\/([A-Z]{2})\/AS(\d+)\.json$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const body = apnicJson(Number(m[2]), m[1] as string);
    res.writeHead(200, { "content-type": "application/json", etag: `"${m[2]}-${DAYS}"` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
}

async function main() {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  const base = `http://127.0.0.1:${port}/v6stats`;
  const registry = path.join(tmpdir(), "atalaya-bench-registry.txt");
  writeFileSync(registry, registryFile());
  console.log(
    `networks ${NETWORKS}, ${DAYS} days each (${(NETWORKS * DAYS).toLocaleString("en")} daily rows), ` +
      `${CONCURRENCY} files in flight`,
  );
  for (const target of targets.filter((t) => !ONLY || ONLY.includes(t.name))) {
    const { database, dispose } = await target.open();
    const ctx = {
      database,
      // Phase timings (fetch_parse_ms, copy_ms, publish_ms) come in the "published" log line.
      log: process.env.BENCH_VERBOSE ? createLogger("info") : silentLogger,
      fetch: { timeoutMs: 30_000, retries: 2, downloadDir: tmpdir() },
      maxRejected: 0,
    };
    await runIngest(delegatedSource, { file: registry }, ctx);
    const started = performance.now();
    const result = await ingestApnic({ base, concurrency: CONCURRENCY }, ctx);
    const ingested = performance.now();
    const board = await computeBoard(
      database,
      { ...DEFAULT_PARAMETERS, evaluationDate: END },
      METHOD_VERSION,
    );
    const done = performance.now();
    const states: Record<string, number> = {};
    for (const n of board.networks) states[n.state] = (states[n.state] ?? 0) + 1;
    console.log(
      `${target.name}: ingest ${((ingested - started) / 1000).toFixed(1)} s (${result.rows.toLocaleString("en")} rows), ` +
        `board ${((done - ingested) / 1000).toFixed(1)} s, total ${((done - started) / 1000).toFixed(1)} s; states ${JSON.stringify(states)}`,
    );
    await dispose();
  }
  child.kill();
}

if (process.argv.includes("--serve")) await serve();
else await main();
