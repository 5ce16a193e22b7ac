/**
 * Benchmark: loading the beacon's attribution tables (Attributor.load) from a full-size route
 * table, and attributing addresses with them. The beacon reloads these tables whenever routes or
 * registry data are published, in the serving process, so the load's time and memory are what a
 * server pays each day.
 *
 * Data: the real-scale dataset (`npm run scale:data`, .scale/full): the registry, the RIS RIB
 * (1.26M prefixes) and RouteViews pfx2as v4 and v6, ingested into a fresh database: PGlite in a
 * temporary folder, or a database of its own on the server DATABASE_URL names.
 *
 *   npm run bench:beacon-attribution                      # PGlite
 *   BENCH_DB_DIR=/tmp/attribution npm run bench:beacon-attribution   # PGlite, kept and reused
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:beacon-attribution
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Attributor } from "@atalaya/beacon";
import { openDatabase } from "@atalaya/db";
import { delegatedSource, mrtSource, pfx2asSource, runIngest } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { testContext } from "../tests/helpers/ingest";

const ROOT = path.resolve(import.meta.dirname, "..", ".scale", "full");
const serverUrl = process.env.DATABASE_URL;
const LOOKUPS = 1_000_000;

/** What the process holds on the JS heap and in array buffers (the AddressMap's typed arrays). */
function held(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function loadRoutes(ctx: ReturnType<typeof testContext>) {
  await runIngest(
    delegatedSource,
    { file: path.join(ROOT, "http/pub/stats/lacnic/delegated-lacnic-extended-latest") },
    ctx,
  );
  await runIngest(mrtSource(), { file: path.join(ROOT, "http/ris/rrc00/latest-bview.gz") }, ctx);
  await runIngest(pfx2asSource, { file: path.join(ROOT, "files/routeviews-rv2.pfx2as.gz") }, ctx);
  await runIngest(pfx2asSource, { file: path.join(ROOT, "files/routeviews-rv6.pfx2as.gz") }, ctx);
}

async function main() {
  if (!existsSync(path.join(ROOT, "manifest.json"))) {
    console.error(`no real-scale dataset in ${ROOT}: run npm run scale:data first`);
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "atalaya-attribution-"));
  let drop = async () => {};
  let url: string | undefined;
  if (serverUrl) {
    const name = `atalaya_bench_${process.pid}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  // BENCH_DB_DIR keeps the PGlite folder, loaded once, for runs after a change (or a profile).
  const kept = url ? undefined : process.env.BENCH_DB_DIR;
  const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: kept ?? path.join(dir, "db") });
  try {
    await database.migrate();
    const ctx = testContext(database);
    const started = performance.now();
    const [present] = await database.rows<{ n: number }>(sql`select count(*)::int as n from routes`);
    if (!present?.n) await loadRoutes(ctx);
    const [routes] = await database.rows<{ n: number }>(sql`select count(*)::int as n from routes`);
    console.log(
      `engine ${url ? "postgres" : "pglite"}: ${routes?.n.toLocaleString("en")} routes ${present?.n ? "present" : `loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`}`,
    );

    const loads: number[] = [];
    let attributor: Attributor | null = null;
    let heap = 0;
    for (let i = 0; i < 3; i++) {
      attributor = null;
      global.gc?.();
      const before = held();
      const t0 = performance.now();
      attributor = await Attributor.load(database);
      loads.push(performance.now() - t0);
      global.gc?.();
      heap = held() - before;
    }
    // Addresses spread over the whole space: most are routed, some not.
    const t1 = performance.now();
    let routed = 0;
    let x = 0x9e3779b9;
    for (let i = 0; i < LOOKUPS; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      if ((attributor as Attributor).attribute({ family: 4, address: x }).asn !== 0) routed++;
    }
    const lookupMs = performance.now() - t1;
    console.log(
      `Attributor.load: ${loads.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")}; ` +
        `heap held ${(heap / 2 ** 20).toFixed(0)} MiB; ` +
        `${LOOKUPS.toLocaleString("en")} IPv4 lookups in ${(lookupMs / 1000).toFixed(2)} s (${routed.toLocaleString("en")} routed)`,
    );
  } finally {
    await database.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
