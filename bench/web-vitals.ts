/**
 * Benchmark: the dashboard's speed budget (issue 5). Builds the dashboard, then reports
 *
 * - the initial JavaScript: the entry script and the chunks index.html preloads, gzipped
 *   (budget ≤ 200 KB, goal 150 KB); route chunks (the map, the charts) load later and are listed
 *   apart;
 * - the Largest Contentful Paint of a provider page (`/as/{asn}`) in headless Chromium on
 *   localhost, read with a PerformanceObserver('largest-contentful-paint'), over `BENCH_LOADS`
 *   loads (default 7), each in a fresh browser context (empty cache); the median is what counts
 *   (budget < 1.5 s).
 *
 *   npm run bench:web          (BENCH_LOADS=7; BENCH_SKIP_BUILD=1 to measure the existing build)
 *
 * The app is `atalaya start` on a fresh embedded database with the demo data, as a user runs it.
 * Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { freePort } from "../tests/helpers/app-process";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "apps/web/dist");
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const BUDGET_KB = 200;
const GOAL_KB = 150;
const LCP_BUDGET_MS = 1500;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function initialScripts(): { initial: string[]; lazy: string[] } {
  const html = readFileSync(path.join(DIST, "index.html"), "utf8");
  const initial = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => path.join(DIST, (m[1] as string).replace(/^\//, "")));
  const assets = path.join(DIST, "assets");
  const all = readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => path.join(assets, f));
  return { initial, lazy: all.filter((f) => !initial.includes(f)) };
}

/** `atalaya serve` (the build is fresh) on an empty embedded database, which loads the demo data. */
async function startApp(): Promise<{ url: string; stop: () => Promise<void>; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "atalaya-bench-web-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "packages/cli/bin/atalaya.js"), "serve"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", ATALAYA_DATA_DIR: dataDir, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /dashboard\s+(http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`atalaya exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main() {
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const { initial, lazy } = initialScripts();
  const initialGz = initial.reduce((n, f) => n + gzipped(f), 0);
  console.log("\nInitial JavaScript (entry + modulepreload), gzip -9:");
  for (const f of initial) console.log(`  ${path.basename(f).padEnd(40)} ${kb(gzipped(f)).padStart(10)}`);
  console.log(
    `  ${"total".padEnd(40)} ${kb(initialGz).padStart(10)}   budget ${BUDGET_KB} KB: ${
      initialGz <= BUDGET_KB * 1024 ? "met" : "MISSED"
    }; goal ${GOAL_KB} KB: ${initialGz <= GOAL_KB * 1024 ? "met" : "not yet"}`,
  );
  const largest = lazy
    .map((f) => ({ f, gz: gzipped(f) }))
    .sort((a, b) => b.gz - a.gz)
    .slice(0, 5);
  console.log("Largest chunks loaded per route:");
  for (const { f, gz } of largest) console.log(`  ${path.basename(f).padEnd(40)} ${kb(gz).padStart(10)}`);

  const executablePath =
    [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
      (p) => p && existsSync(p),
    ) ?? null;
  if (!executablePath) {
    console.log("\nLCP: skipped, no Chromium (apt-get install chromium, or set CHROMIUM_PATH)");
    return;
  }
  const app = await startApp();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const board = (await (await fetch(`${app.url}api/v1/awards/jim-bound?state=eligible`)).json()) as {
      data: { networks: Array<{ asn: number }> };
    };
    const asn = board.data.networks[0]?.asn;
    if (asn === undefined) throw new Error("no eligible network in the demo data");
    const target = `${app.url}as/${asn}`;
    const lcps: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __lcp: number };
        w.__lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__lcp = entry.startTime;
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      await page.goto(target, { waitUntil: "networkidle" });
      await page.getByRole("heading", { level: 1, name: new RegExp(`AS${asn}`) }).waitFor();
      await page.waitForTimeout(300);
      const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
      // The first load warms the server's caches (the board is computed once per data version).
      if (i > 0) lcps.push(lcp);
      await context.close();
    }
    const m = median(lcps);
    console.log(
      `\nLCP of ${target.replace(app.url, "/")} over ${LOADS} cold-cache loads (after one warm-up):`,
    );
    console.log(
      `  median ${m.toFixed(0)} ms, min ${Math.min(...lcps).toFixed(0)} ms, max ${Math.max(...lcps).toFixed(0)} ms` +
        `   budget ${LCP_BUDGET_MS} ms: ${m < LCP_BUDGET_MS ? "met" : "MISSED"}`,
    );
    console.log(`  loads: ${lcps.map((x) => x.toFixed(0)).join(", ")} ms`);
  } finally {
    await browser.close();
    await app.stop();
    rmSync(app.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
