/**
 * Benchmark: the HTTP API under load on the Postgres server, over loopback, with a realistic data
 * volume: 10,000 region ASNs (`BENCH_NETWORKS`) across the LACNIC economies, two per holder, each
 * with IPv4 and IPv6 space, AS names, APNIC's user estimates and a year (`BENCH_DAYS`, 365) of
 * daily APNIC Labs rows: 3.65 million rows, loaded with COPY.
 *
 * The real server (startServer, as `atalaya serve` starts it) runs in a child process with the
 * rate limit off, so the figures measure the API rather than 429s. autocannon then drives it with
 * 50 connections (`BENCH_CONNECTIONS`) for 15 s (`BENCH_SECONDS`) per endpoint, each request to
 * another provider (`/api/v1/asns/{asn}`, rotating over every ASN) or economy
 * (`/api/v1/countries/{cc}`, rotating over the 31). Requests carry no If-None-Match: every one is
 * answered in full. Target (issue 5): p99 ≤ 50 ms, ≥ 2,000 requests/s, no errors.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api
 *
 * Creates its own database on that server (the user needs CREATEDB) and drops it afterwards.
 * Without DATABASE_URL it says so and does nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { get } from "node:http";
import { fileURLToPath } from "node:url";
import { createLogger } from "@atalaya/config";
import { openDatabase } from "@atalaya/db";
import { LACNIC_COUNTRIES } from "@atalaya/net";
import autocannon from "autocannon";
import postgres from "postgres";
import { startServer } from "../apps/api/src/server";
import { asnOf, DAYS, loadGeneratedNetworks, NETWORKS } from "./generated-networks";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

/** The child: the real server over the bench database, rate limit off, on a free port. */
async function serveChild(url: string) {
  const database = await openDatabase({ databaseUrl: url });
  const server = await startServer({
    database,
    // The server's request log at its default level, formatted as usual, written nowhere.
    log: createLogger("info", () => {}),
    host: "127.0.0.1",
    port: 0,
    rateLimit: null,
    // BENCH_RESPONSE_CACHE_MB=0 measures every request computed (the default is the server's).
    ...(process.env.BENCH_RESPONSE_CACHE_MB
      ? { responseCacheBytes: Number(process.env.BENCH_RESPONSE_CACHE_MB) * 1024 * 1024 }
      : {}),
  });
  process.stdout.write(`${server.url}\n`);
  process.once("SIGTERM", async () => {
    await server.close();
    await database.close();
    process.exit(0);
  });
}

interface Figures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Bytes on the wire of one answer, asked with the given Accept-Encoding (fetch would decode gzip). */
function bodyBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve(bytes));
    }).on("error", reject);
  });
}

/** Drives `paths` in turn for `seconds`, or for exactly `amount` requests when given. */
function drive(name: string, base: string, paths: string[], run: { seconds?: number; amount?: number }) {
  let next = 0;
  return new Promise<Figures>((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        ...(run.amount ? { amount: run.amount } : { duration: run.seconds ?? SECONDS }),
        // As a browser asks: the API gzips JSON for clients that accept it.
        headers: { "accept-encoding": "gzip" },
        requests: [
          {
            method: "GET",
            setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          name,
          requests: result.requests.total,
          rps: result.requests.total / (result.duration || 1),
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

function report(r: Figures, target: boolean) {
  const meets = r.p99 <= 50 && r.rps >= 2000 && r.errors + r.timeouts + r.non2xx === 0;
  console.log(
    `  ${r.name.padEnd(44)} ${Math.round(r.rps).toLocaleString("en").padStart(6)} req/s  ` +
      `p50 ${r.p50} ms  p99 ${r.p99} ms  max ${r.max} ms  ` +
      `requests ${r.requests.toLocaleString("en")}  errors ${r.errors}  timeouts ${r.timeouts}  non-2xx ${r.non2xx}` +
      (target ? `  ${meets ? "meets the target" : "MISSES the target"}` : ""),
  );
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log("api-load: DATABASE_URL is not set; this benchmark needs a Postgres server (skipped)");
    return;
  }
  const name = `atalaya_bench_api_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const benchUrl = new URL(serverUrl);
  benchUrl.pathname = `/${name}`;
  let child: ChildProcess | null = null;
  try {
    const database = await openDatabase({ databaseUrl: benchUrl.toString() });
    await database.migrate();
    let started = performance.now();
    const rows = await loadGeneratedNetworks(database);
    await database.close();
    console.log(
      `api-load: ${NETWORKS.toLocaleString("en")} ASNs × ${DAYS} days = ${rows.toLocaleString("en")} daily rows ` +
        `loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // BENCH_PROFILE=dir: the server writes a CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    child = spawn(
      process.execPath,
      [...profile, "--import", "tsx", fileURLToPath(import.meta.url), "--serve"],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, BENCH_DATABASE_URL: benchUrl.toString() },
      },
    );
    const base = await new Promise<string>((resolve) =>
      (child as ChildProcess).stdout?.once("data", (d: Buffer) => resolve(d.toString().trim())),
    );
    // The first request computes the board for every network (cached per data version after).
    started = performance.now();
    const first = await fetch(`${base}api/v1/asns/AS${asnOf(0)}`);
    console.log(
      `api-load: server up (rate limit off); first provider request ${first.status} in ` +
        `${Math.round(performance.now() - started)} ms (computes the board of ${NETWORKS.toLocaleString("en")} networks)`,
    );
    await first.arrayBuffer();
    const plain = await bodyBytes(`${base}api/v1/asns/AS${asnOf(1)}`, "identity");
    const zipped = await bodyBytes(`${base}api/v1/asns/AS${asnOf(1)}`, "gzip");
    console.log(
      `api-load: a provider response is ${(plain / 1024).toFixed(1)} KiB, ${(zipped / 1024).toFixed(1)} KiB gzipped ` +
        `(${((zipped * NETWORKS) / 1024 / 1024).toFixed(0)} MiB for every ASN's)`,
    );

    const asns = Array.from({ length: NETWORKS }, (_, i) => `/api/v1/asns/AS${asnOf(i)}`);
    // Spread the rotation over the whole range: consecutive requests hit unrelated networks.
    const providers = asns.map((_, i) => asns[(i * 7919) % NETWORKS] as string);
    const countries = LACNIC_COUNTRIES.map((c) => `/api/v1/countries/${c.cc}`);
    console.log(
      `api-load: ${CONNECTIONS} connections, loopback, autocannon in this process (Accept-Encoding: gzip), ` +
        "server in a child; target p99 ≤ 50 ms, ≥ 2,000 req/s, no errors",
    );
    // Every ASN once: each answer computed (series, routing, standing), none rendered before.
    report(
      await drive("provider, first request per ASN (computed)", base, providers, { amount: NETWORKS }),
      false,
    );
    for (const [label, paths] of [
      [`provider /api/v1/asns/{asn}, ${SECONDS} s`, providers],
      [`country /api/v1/countries/{cc}, ${SECONDS} s`, countries],
    ] as const) {
      await drive(label, base, [...paths], { seconds: 2 }); // warm-up, not reported
      report(await drive(label, base, [...paths], { seconds: SECONDS }), true);
    }
  } finally {
    child?.kill("SIGTERM");
    if (child) await new Promise((resolve) => (child as ChildProcess).once("exit", resolve));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

if (process.argv.includes("--serve")) await serveChild(process.env.BENCH_DATABASE_URL as string);
else await main();
