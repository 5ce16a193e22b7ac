/**
 * Benchmark: the beacon's requests per second on one core, counts going into Postgres in batches
 * (issue 14: ≥ 5,000 requests/s, p99 ≤ 20 ms at 50 connections).
 *
 * The real server (startServer with a BeaconService, as `atalaya serve` runs it) runs in a child
 * process pinned to CPU 0 (`taskset`), on a database of its own on the server named by
 * DATABASE_URL, with the loopback block routed so every test is attributed. autocannon, pinned
 * to CPU 1, drives 50 connections (`BENCH_CONNECTIONS`) for `BENCH_SECONDS` (15): each
 * connection runs whole tests, five requests each as a browser makes them (start, the three
 * fetches, the report). The per-address issue limit is lifted (every test comes from one
 * address here); the beacon flushes its counts to Postgres every 2 s as in production.
 *
 * Side by side, the same load against a bare node:http server on the same core that answers each
 * of the five requests with a fixed body: the floor of Node's HTTP on this machine, so the ratio
 * says what the beacon itself costs whatever the machine's noise.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:beacon
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@atalaya/api";
import { BeaconService, DEFAULT_BEACON_SETTINGS } from "@atalaya/beacon";
import { createLogger, silentLogger } from "@atalaya/config";
import { openDatabase } from "@atalaya/db";
import { delegatedSource, pfx2asSource, runIngest } from "@atalaya/ingest";
import autocannon from "autocannon";
import postgres from "postgres";
import { testContext } from "../tests/helpers/ingest";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SELF = fileURLToPath(import.meta.url);
const TOKEN = /"token":"([^"]+)"/;
/** What a connection remembers between its requests: the test it is running. */
type Context = { token?: string };

/** Child: the real server with the beacon, on `port`, every host name this machine's loopback. */
async function serveBeacon(url: string, port: number) {
  const database = await openDatabase({ databaseUrl: url });
  const hosts = { ipv4: `127.0.0.1:${port}`, ipv6: `[::1]:${port}`, dual: `localhost:${port}` };
  const beacon = new BeaconService(database, hosts, null, silentLogger, {
    ...DEFAULT_BEACON_SETTINGS,
    issuesPerMinute: Number.MAX_SAFE_INTEGER,
    maxTests: 1_000_000,
  }).start();
  await beacon.ready();
  const server = await startServer({
    database,
    // The request log at its default level, formatted as usual, written nowhere.
    log: createLogger("info", () => {}),
    host: "::",
    port,
    rateLimit: null,
    beacon,
  });
  process.stdout.write(`${server.url}\n`);
  process.once("SIGTERM", async () => {
    await beacon.stop();
    await server.close();
    await database.close();
    process.exit(0);
  });
}

/** Child: the floor, node:http answering the five requests with fixed bodies. */
function serveFloor(port: number) {
  const issued = JSON.stringify({
    token: "floor",
    windowMs: 15000,
    fetches: {},
    report: "/api/v1/beacon/tests/floor",
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body =
        req.url === "/api/v1/beacon/tests" ? issued : req.method === "POST" ? '{"counted":true}' : "ok";
      res.writeHead(req.url === "/api/v1/beacon/tests" ? 201 : 200, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
      });
      res.end(body);
    });
  });
  server.listen(port, "::", () => process.stdout.write(`http://localhost:${port}/\n`));
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
}

interface Figures {
  rps: number;
  tests: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** Whole tests over each connection: start, three fetches, report. */
function drive(base: string): Promise<Figures> {
  const origin = base.replace(/\/$/, "");
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: "POST",
            path: "/api/v1/beacon/tests",
            onResponse: (_status, body, context) => {
              (context as Context).token = TOKEN.exec(body)?.[1] ?? "missing";
            },
          },
          ...["ipv4", "ipv6", "dual"].map((kind) => ({
            method: "GET" as const,
            setupRequest: (request: autocannon.Request, context: object) => ({
              ...request,
              path: `/beacon/t/${kind}/${(context as Context).token}`,
            }),
          })),
          {
            method: "POST",
            setupRequest: (request: autocannon.Request, context: object) => ({
              ...request,
              path: `/api/v1/beacon/tests/${(context as Context).token}`,
              headers: { "content-type": "text/plain" },
              body: '{"ipv4":31,"ipv6":29,"dual":30}',
            }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = result.duration || 1;
        resolve({
          rps: result.requests.total / seconds,
          tests: Math.floor(result.requests.total / 5),
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

async function child(
  mode: string,
  port: number,
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; base: string }> {
  // BENCH_PROFILE=dir: the server writes a CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const args = ["-c", "0", process.execPath, ...profile, "--import", "tsx", SELF, mode, String(port)];
  const proc = spawn("taskset", args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const base = await new Promise<string>((resolve) =>
    proc.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { proc, base };
}

async function stop(proc: ChildProcess) {
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGTERM");
  await exited;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "::", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

function line(name: string, f: Figures) {
  return (
    `  ${name.padEnd(34)} ${Math.round(f.rps).toLocaleString("en").padStart(7)} req/s  ` +
    `(${Math.round(f.rps / 5).toLocaleString("en")} tests/s)  p50 ${f.p50} ms  p99 ${f.p99} ms  max ${f.max} ms  ` +
    `errors ${f.errors}  non-2xx ${f.non2xx}`
  );
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log("beacon: DATABASE_URL is not set; this benchmark needs a Postgres server (skipped)");
    return;
  }
  // Checked before pinning: pinned to CPU 1, this process sees one CPU.
  if (
    process.env.BENCH_PINNED !== "1" &&
    (spawnSync("taskset", ["-V"]).status !== 0 || os.availableParallelism() < 2)
  ) {
    console.log("beacon: needs taskset and two CPUs (one for the server, one for the load)");
    return;
  }
  // The load generator on the other core.
  if (process.env.BENCH_PINNED !== "1") {
    const result = spawnSync("taskset", ["-c", "1", process.execPath, "--import", "tsx", SELF], {
      stdio: "inherit",
      env: { ...process.env, BENCH_PINNED: "1" },
    });
    process.exit(result.status ?? 1);
  }
  const name = `atalaya_bench_beacon_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString() });
    await database.migrate();
    const dir = os.tmpdir();
    const registry = path.join(dir, `${name}-delegated.txt`);
    writeFileSync(
      registry,
      "2.3|lacnic|20261201|2|19870101|20261201|-0300\nlacnic|UY|asn|64496|1|20100101|allocated|H1\n" +
        "lacnic|UY|ipv4|127.0.0.0|16777216|20100101|allocated|H1\n",
    );
    const routes = path.join(dir, `${name}-routes.pfx2as`);
    writeFileSync(routes, "127.0.0.0\t8\t64496\n::\t64\t64496\n");
    const ctx = testContext(database);
    await runIngest(delegatedSource, { file: registry }, ctx);
    await runIngest(pfx2asSource, { file: routes }, ctx);
    await database.close();

    console.log(
      `beacon: ${CONNECTIONS} connections for ${SECONDS} s, whole tests (5 requests each); server pinned to CPU 0, ` +
        "load to CPU 1; target ≥ 5,000 req/s, p99 ≤ 20 ms",
    );
    const floorRun = await child("--floor", await freePort(), {});
    await drive(floorRun.base); // warm-up
    const floor = await drive(floorRun.base);
    await stop(floorRun.proc);
    console.log(line("node:http, fixed answers (floor)", floor));

    const beaconRun = await child("--serve", await freePort(), { BENCH_DATABASE_URL: url.toString() });
    await drive(beaconRun.base); // warm-up
    const measured = await drive(beaconRun.base);
    await stop(beaconRun.proc);
    console.log(line("Atalaya beacon, into Postgres", measured));
    const meets = measured.rps >= 5000 && measured.p99 <= 20 && measured.errors + measured.non2xx === 0;
    console.log(
      `  ratio to the floor: ${(measured.rps / floor.rps).toFixed(2)} of its requests/s; ` +
        (meets ? "meets the target" : "MISSES the target"),
    );
    const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [row] = await check<
      { tests: number }[]
    >`select coalesce(sum(tests), 0)::int as tests from beacon_daily`;
    await check.end();
    console.log(`  tests counted in beacon_daily (warm-up and run): ${row?.tests.toLocaleString("en")}`);
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const [mode, port] = process.argv.slice(2);
if (mode === "--serve") await serveBeacon(process.env.BENCH_DATABASE_URL as string, Number(port));
else if (mode === "--floor") serveFloor(Number(port));
else await main();
