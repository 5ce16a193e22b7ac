/**
 * `npm run bench:scale`: Atalaya on the full-size reference dataset (`npm run scale:data`), on
 * PGlite and on the Postgres server, as a user runs it:
 *
 * 1. `atalaya ingest all` against the dataset served in the upstream layouts (Radar unpaced: the
 *    pacing is Cloudflare's rate limit, not Atalaya's speed), then `ingest pfx2as --file` for the
 *    two RouteViews files. Per source: wall time (from the run's own log lines) and the peak RSS
 *    of the process while that source ran (VmRSS sampled every 100 ms; PGlite's worker thread is
 *    in the same process).
 * 2. `atalaya serve`, then every public GET operation of /api/openapi.json with real parameter
 *    values: cold (the first request after start) and warm (BENCH_WARM more) p50/p95/max.
 * 3. Each main page (region, country BR, provider, organisation, board) in headless Chromium:
 *    Largest Contentful Paint, first load after start and a warm one.
 *
 *   npm run bench:scale                       full dataset, both engines (server from DATABASE_URL,
 *                                             default postgres://postgres@127.0.0.1:5432/test)
 *   npm run bench:scale -- --fraction 0.05    the CI slice
 *   npm run bench:scale -- --engines pglite --skip-ingest   reuse the last load
 *
 * Databases live under .scale/db/ (PGlite folder; `atalaya_scale_<n>` on the server) and are
 * kept, so `--skip-ingest` can measure the API again. Results go to stdout as Markdown tables and
 * to .scale/bench-<engine>-<dataset>.json.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { openDatabase } from "@atalaya/db";
import {
  defaultScaleDir,
  generateScaleData,
  liveValues,
  loadScaleCommittee,
  type OpenApiDocument,
  publicGetCalls,
  type ScaleManifest,
  serveScaleData,
} from "@atalaya/scale";
import { chromium } from "playwright-core";
import postgres from "postgres";
import { freePort } from "../tests/helpers/app-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "packages/cli/bin/atalaya.js");
const { values } = parseArgs({
  options: {
    fraction: { type: "string", default: "1" },
    engines: { type: "string", default: "pglite,postgres" },
    "skip-ingest": { type: "boolean", default: false },
  },
});
const FRACTION = Number(values.fraction);
const WARM = Number(process.env.BENCH_WARM ?? 20);
const SERVER_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const DATASET = defaultScaleDir(FRACTION);
const NAME = path.basename(DATASET);

type Engine = "pglite" | "postgres";

interface SourceFigure {
  source: string;
  seconds: number;
  peakRssMb: number;
}

interface EndpointFigure {
  operation: string;
  url: string;
  status: number;
  coldMs: number;
  p50: number;
  p95: number;
  max: number;
}

const rssMb = (pid: number) => {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // exited between samples
  }
};

/**
 * Runs an atalaya command, attributing wall time and peak RSS to the source each log line names
 * (`<source>: run started` … `<source>: published`; validation runs are their own phase).
 */
async function measuredCommand(args: string[], env: NodeJS.ProcessEnv): Promise<SourceFigure[]> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const figures = new Map<string, { start: number; end: number; peak: number }>();
  // What runs now: a source between its "run started" and "published" lines; between sources,
  // the validation pass (it logs only when done), whose figures start at the previous line.
  let current: string | null = null;
  let between = { start: performance.now(), peak: 0 };
  let output = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    process.stdout.write(text.replace(/^(?=.)/gm, "    "));
    for (const line of text.split("\n")) {
      // Alert detection after the load logs its own duration.
      const detected = /alert events detected.*?\bms\W+(\d+)/.exec(line);
      if (detected) {
        const now = performance.now();
        figures.set("alert detection", {
          start: now - Number(detected[1]),
          end: now,
          peak: between.peak,
        });
        between = { start: now, peak: 0 };
        continue;
      }
      const m = /\binfo (\w[\w-]*): (run started|published|stored|unchanged)/.exec(line);
      if (!m) continue;
      const source = m[1] as string;
      const now = performance.now();
      if (m[2] === "run started") {
        figures.set(source, { start: now, end: now, peak: 0 });
        current = source;
      } else if (source === "validation") {
        const f = figures.get(source) ?? { start: now, end: now, peak: 0 };
        figures.set(source, {
          start: f.start === now ? between.start : f.start,
          end: now,
          peak: Math.max(f.peak, between.peak),
        });
        between = { start: now, peak: 0 };
      } else {
        const f = figures.get(source);
        if (f) f.end = now;
        current = null;
        between = { start: now, peak: 0 };
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const sampler = setInterval(() => {
    const rss = rssMb(child.pid as number);
    const f = current ? figures.get(current) : undefined;
    if (f) f.peak = Math.max(f.peak, rss);
    else between.peak = Math.max(between.peak, rss);
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`atalaya ${args.join(" ")} exited with ${code}:\n${output.slice(-3000)}`);
  return [...figures].map(([source, f]) => ({
    source,
    seconds: (f.end - f.start) / 1000,
    peakRssMb: Math.round(f.peak),
  }));
}

async function engineEnv(engine: Engine, fresh: boolean): Promise<NodeJS.ProcessEnv> {
  if (engine === "pglite") {
    const dir = path.join(ROOT, ".scale/db", `pglite-${NAME}`);
    if (fresh) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return { ...process.env, DATABASE_URL: "", ATALAYA_DATA_DIR: dir };
  }
  const database = `atalaya_scale_${NAME.replace(/\W/g, "_")}`;
  if (fresh) {
    const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`create database ${database}`);
    await admin.end({ timeout: 5 });
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return {
    ...process.env,
    DATABASE_URL: url.toString(),
    ATALAYA_DATA_DIR: path.join(ROOT, ".scale/db", `downloads-${NAME}`),
  };
}

/** The dataset's IPv4 pfx2as file with every 100th line dropped and every 100th (+50) re-originated. */
function nextDayPfx2as(manifest: ScaleManifest): string {
  const file = path.join(DATASET, "files", "routeviews-rv2-next-day.pfx2as.gz");
  const lines = gunzipSync(readFileSync(path.join(DATASET, manifest.files.pfx2asV4)))
    .toString("utf8")
    .split("\n")
    .filter((line, i) => line !== "" && i % 100 !== 0)
    .map((line, i) => (i % 100 === 50 ? line.replace(/\t[^\t]*$/, "\t64496") : line));
  writeFileSync(file, gzipSync(`${lines.join("\n")}\n`));
  return file;
}

async function ingest(engine: Engine, manifest: ScaleManifest): Promise<SourceFigure[]> {
  const server = await serveScaleData(DATASET);
  try {
    const env: NodeJS.ProcessEnv = {
      ...(await engineEnv(engine, true)),
      ...server.env,
      ATALAYA_RADAR_TOKEN: "bench-scale",
      ATALAYA_RADAR_PACE_MS: "0",
    };
    const started = performance.now();
    const figures = await measuredCommand(["ingest", "all"], env);
    for (const file of [manifest.files.pfx2asV4, manifest.files.pfx2asV6]) {
      const [f] = await measuredCommand(["ingest", "pfx2as", "--file", path.join(DATASET, file)], env);
      if (f) figures.push({ ...f, source: `pfx2as ${path.basename(file)}` });
    }
    // The committee history (cycles, entries, scores, audit log) through the library, timed apart.
    const committeeStarted = performance.now();
    const database = await openDatabase(
      env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.ATALAYA_DATA_DIR as string },
    );
    try {
      await database.migrate();
      await loadScaleCommittee(database, FRACTION);
    } finally {
      await database.close();
    }
    figures.push({
      source: "committee history",
      seconds: (performance.now() - committeeStarted) / 1000,
      peakRssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
    });
    figures.push({
      source: "total",
      seconds: (performance.now() - started) / 1000,
      peakRssMb: Math.max(...figures.map((f) => f.peakRssMb)),
    });
    // The next day's IPv4 table, 1% of routes withdrawn and 1% re-originated: what a daily
    // pfx2as ingest costs once the VRPs are validated against (only the new routes are).
    for (const f of await measuredCommand(["ingest", "pfx2as", "--file", nextDayPfx2as(manifest)], env))
      figures.push({ ...f, source: `next day: ${f.source}` });
    return figures;
  } finally {
    await server.close();
  }
}

interface RunningApp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [CLI, "serve"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), ATALAYA_INGEST_CRON: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /dashboard\s+(http:\/\/\S+)/.exec(output);
      if (m) resolve((m[1] as string).replace(/\/$/, ""));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`atalaya serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

async function timed(url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

async function endpoints(app: RunningApp, manifest: ScaleManifest): Promise<EndpointFigure[]> {
  const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as OpenApiDocument;
  const { calls, uncalled } = publicGetCalls(
    doc,
    manifest.picks,
    await liveValues((u) => fetch(`${app.url}${u}`)),
  );
  if (uncalled.length > 0)
    console.log(
      `not called (no released results in this database, or a beacon test token): ${uncalled.join(", ")}`,
    );
  const figures: EndpointFigure[] = [];
  // Cold: each call once, in document order, right after start.
  const cold = new Map<string, { ms: number; status: number }>();
  for (const call of calls) {
    const first = await timed(`${app.url}${call.url}`);
    cold.set(call.url, first);
    console.log(`  cold ${f0(first.ms).padStart(6)} ms  ${first.status}  ${call.url}`);
  }
  for (const call of calls) {
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) warm.push((await timed(`${app.url}${call.url}`)).ms);
    warm.sort((a, b) => a - b);
    const first = cold.get(call.url) as { ms: number; status: number };
    figures.push({
      operation: call.operation,
      url: call.url,
      status: first.status,
      coldMs: first.ms,
      p50: percentile(warm, 50),
      p95: percentile(warm, 95),
      max: warm[warm.length - 1] as number,
    });
  }
  return figures;
}

interface PageFigure {
  page: string;
  firstLcpMs: number;
  warmLcpMs: number;
}

async function pages(app: RunningApp, manifest: ScaleManifest): Promise<PageFigure[]> {
  const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && existsSync(p));
  if (!executablePath) return [];
  const targets = [
    "/",
    `/country/${manifest.picks.economy}`,
    `/as/${manifest.picks.busiestAsn}`,
    `/org/${manifest.picks.organisation}`,
    "/jim-bound",
  ];
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const lcp = async (target: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number };
      w.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__lcp = entry.startTime;
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    await page.goto(`${app.url}${target}`, { waitUntil: "networkidle", timeout: 120_000 });
    await page.waitForTimeout(300);
    const value = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
    await context.close();
    return value;
  };
  try {
    const out: PageFigure[] = [];
    for (const target of targets)
      out.push({ page: target, firstLcpMs: await lcp(target), warmLcpMs: await lcp(target) });
    return out;
  } finally {
    await browser.close();
  }
}

const f0 = (n: number) => n.toFixed(0);

async function main() {
  let manifest: ScaleManifest;
  const manifestFile = path.join(DATASET, "manifest.json");
  if (existsSync(manifestFile)) manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as ScaleManifest;
  else {
    console.log(`generating ${DATASET} (npm run scale:data)`);
    manifest = await generateScaleData({
      realDir: path.join(ROOT, "..", "shared", "data", "real"),
      out: DATASET,
      fraction: FRACTION,
      log: (l) => console.log(`  ${l}`),
    });
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`dataset ${NAME}: ${JSON.stringify(manifest.counts)}\nmachine: ${machine}`);
  for (const engine of values.engines.split(",") as Engine[]) {
    console.log(`\n## ${engine}`);
    const report: Record<string, unknown> = {
      engine,
      dataset: NAME,
      date: new Date().toISOString(),
      machine,
    };
    if (!values["skip-ingest"]) {
      console.log("ingest:");
      const figures = await ingest(engine, manifest);
      report.ingest = figures;
      console.log("\n| source | wall time (s) | peak RSS (MB) |\n|---|---:|---:|");
      for (const f of figures) console.log(`| ${f.source} | ${f.seconds.toFixed(1)} | ${f.peakRssMb} |`);
    }
    const app = await serve(await engineEnv(engine, false));
    let peak = rssMb(app.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(app.pid))), 100);
    try {
      const figures = await endpoints(app, manifest);
      report.endpoints = figures;
      console.log(
        "\n| endpoint | status | cold (ms) | warm p50 | warm p95 | warm max |\n|---|---|---:|---:|---:|---:|",
      );
      for (const f of figures) {
        console.log(
          `| \`${f.url}\` | ${f.status} | ${f0(f.coldMs)} | ${f0(f.p50)} | ${f0(f.p95)} | ${f0(f.max)} |`,
        );
      }
      const colds = figures.map((f) => f.coldMs).sort((a, b) => a - b);
      const warms = figures.map((f) => f.p95).sort((a, b) => a - b);
      console.log(
        `\nall endpoints: cold p95 ${f0(percentile(colds, 95))} ms (max ${f0(colds[colds.length - 1] ?? 0)}), ` +
          `warm p95 of p95s ${f0(percentile(warms, 95))} ms; non-200: ${figures.filter((f) => f.status !== 200).length}`,
      );
      const lcps = await pages(app, manifest);
      report.pages = lcps;
      console.log("\n| page | LCP first load (ms) | LCP warm (ms) |\n|---|---:|---:|");
      for (const p of lcps) console.log(`| \`${p.page}\` | ${f0(p.firstLcpMs)} | ${f0(p.warmLcpMs)} |`);
    } finally {
      clearInterval(sampler);
      await app.stop();
    }
    report.servePeakRssMb = Math.round(peak);
    console.log(`\nserver peak RSS: ${Math.round(peak)} MB`);
    writeFileSync(
      path.join(ROOT, ".scale", `bench-${engine}-${NAME}.json`),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
