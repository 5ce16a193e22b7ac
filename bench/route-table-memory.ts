/**
 * `npm run bench:route-table`: time and memory of building the route table from a full-size RIPE
 * RIS RIB, through the code the ingest runs (`mrtSource().parse`: MRT reader, RouteTable, staging
 * rows). No full RIB ships with the repository, so one is generated first, in a temp dir:
 * a TABLE_DUMP_V2 dump with a 40-peer PEER_INDEX_TABLE, ~1.0M IPv4 and ~230k IPv6 prefixes
 * (lengths distributed as in the global table), each carried by a random subset of the peers
 * (about 20 on average: ~25M RIB entries), AS paths from the peer through 1-4 transit ASes to the
 * origin with some prepending, 1.5% of prefixes with two origins (MOAS), a few AS_SET origins,
 * communities and MEDs, gzip-compressed.
 * The table is built in a child process (no generator memory in the way) that reports its peak
 * RSS from /proc/self/status (VmHWM) and the RSS sampled while it ran. The target: memory
 * flat while streaming, well under 1 GB.
 *
 * BENCH_RIB_SCALE=0.1 makes a tenth of the prefixes, for a quick run. BENCH_RIB_FILE=path keeps
 * the generated RIB there (or reuses it when it exists) instead of a temp dir.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { acquireFile, type IngestContext, mrtSource, Progress } from "@atalaya/ingest";
import { type GeneratedRib, ribAnnouncements, writeRib } from "@atalaya/scale";

const SCALE = Number(process.env.BENCH_RIB_SCALE ?? 1);

/** The scale dataset's RIB generator (packages/scale/src/rib.ts), without the region's seeds. */
async function generate(file: string): Promise<GeneratedRib> {
  return writeRib(file, ribAnnouncements(SCALE, []));
}

function statusKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : Number.NaN;
}

/** The child: builds the table as the ingest does and prints what it measured as JSON. */
async function measure(file: string): Promise<void> {
  const log = createLogger("warn");
  // The parse reads the database once, for the live row count; nothing else of it is used.
  const database = { rows: async () => [{ n: 0 }] } as unknown as Database;
  const ctx: IngestContext = {
    database,
    log,
    fetch: { timeoutMs: 1000, retries: 0, downloadDir: tmpdir() },
    maxRejected: 0,
  };
  const input = await acquireFile(file);
  const baselineRss = process.memoryUsage.rss();
  let sampledRss = baselineRss;
  let sampledHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    sampledRss = Math.max(sampledRss, process.memoryUsage.rss());
    sampledHeap = Math.max(sampledHeap, process.memoryUsage().heapUsed);
  }, 50);
  const started = performance.now();
  const parsed = await mrtSource(1).parse(
    file,
    input,
    new Progress({ label: "mrt", totalBytes: input.bytes, log }),
    ctx,
  );
  const ms = performance.now() - started;
  clearInterval(sampler);
  process.stdout.write(
    JSON.stringify({
      ms,
      rows: parsed.rows.length,
      rejected: parsed.rejectedCount,
      baselineRss,
      sampledRss,
      sampledHeap,
      peakRss: statusKb("VmHWM") * 1024,
    }),
  );
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function main(): Promise<void> {
  const kept = process.env.BENCH_RIB_FILE;
  const dir = kept ? null : mkdtempSync(path.join(tmpdir(), "atalaya-rib-"));
  try {
    const file = kept ?? path.join(dir as string, "bview.gz");
    let rib: GeneratedRib;
    let started = performance.now();
    if (kept && existsSync(`${kept}.json`)) {
      rib = JSON.parse(readFileSync(`${kept}.json`, "utf8")) as GeneratedRib;
      console.log(`route table: reusing ${kept}`);
    } else {
      rib = await generate(file);
      if (kept) writeFileSync(`${kept}.json`, JSON.stringify(rib));
      console.log(
        `route table: generated a RIB of ${rib.prefixes.toLocaleString("en")} prefixes, ` +
          `${rib.entries.toLocaleString("en")} entries (${mb(rib.rawBytes)}, ${mb(statSync(file).size)} gzip) ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    started = performance.now();
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--measure", file],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`measuring child failed (exit ${child.status ?? child.signal})`);
    const m = JSON.parse(child.stdout) as {
      ms: number;
      rows: number;
      rejected: number;
      baselineRss: number;
      sampledRss: number;
      sampledHeap: number;
      peakRss: number;
    };
    console.log(
      `route table: ${m.rows.toLocaleString("en")} (prefix, origin) routes from ` +
        `${rib.entries.toLocaleString("en")} entries in ${(m.ms / 1000).toFixed(1)} s ` +
        `(${Math.round(rib.entries / (m.ms / 1000)).toLocaleString("en")} entries/s); ` +
        `peak RSS ${mb(m.peakRss)} (VmHWM; ${mb(m.baselineRss)} before parsing, sampled peak ${mb(m.sampledRss)}, ` +
        `heap ${mb(m.sampledHeap)}); target: well under 1024 MB` +
        (m.rejected > 0 ? `; ${m.rejected} records rejected` : ""),
    );
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--measure") await measure(process.argv[3] as string);
else await main();
