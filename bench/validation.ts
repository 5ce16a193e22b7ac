/**
 * `npm run bench` part three: RFC 6811 validation at global scale. 800k VRPs (lengths drawn from
 * the real table, half built around real routes so they cover and match) against 1.3M routes
 * (1.04M IPv4 + 0.22M IPv6: the real 2014 RouteViews routes plus more-specifics of them).
 * Reports index build and validation time on one core, and the heap they take (target: under 3 s
 * together, under 500 MB).
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  formatIpv4,
  formatIpv6,
  type IpPrefix,
  ipv4Prefix,
  ipv6Prefix,
  parsePfx2asLine,
  pfx2asRoutes,
  type Route,
  type Vrp,
  VrpIndex,
} from "@atalaya/net";
import { REPO_ROOT, realData } from "../tests/helpers/shared-data";

let seed = 12345;
// mulberry32: the same VRPs and routes on every run.
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const ri = (n: number) => Math.floor(rnd() * n);

function realRoutes(): Route[] {
  const routes: Route[] = [];
  for (const f of ["rv2", "rv6"]) {
    const file = realData(`caida-pfx2as/routeviews-${f}-20140205-1200.pfx2as.gz`);
    if (!file) return [];
    gunzipSync(readFileSync(file))
      .toString("utf8")
      .split("\n")
      .forEach((text, i) => {
        const item = parsePfx2asLine({ number: i + 1, text });
        if (item?.kind === "entry") routes.push(...pfx2asRoutes(item));
      });
  }
  return routes;
}

function moreSpecific(r: Route, origin: Route["origin"]): Route {
  const p = r.prefix;
  if (p.family === 4) {
    const len = Math.min(32, p.length + ri(4));
    return { prefix: ipv4Prefix((p.address + ri(2 ** (32 - p.length))) >>> 0, len), origin };
  }
  const len = Math.min(128, p.length + ri(8));
  return {
    prefix: ipv6Prefix(p.address | (BigInt(ri(2 ** 16)) << BigInt(Math.max(0, 112 - p.length))), len),
    origin,
  };
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  let batch = "";
  for (const line of lines) {
    batch += line;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((r) => out.once("drain", () => r()));
      batch = "";
    }
  }
  out.end(batch);
  await new Promise<void>((r) => out.once("finish", () => r()));
}

const address = (p: IpPrefix) => (p.family === 4 ? formatIpv4(p.address) : formatIpv6(p.address));

/**
 * The same inputs through the command a user runs: VRPs as Routinator CSV and routes as pfx2as
 * on disk, `atalaya validate` in its own process, timed with its peak memory (GNU time's %M), so
 * the figure is the tool's own and not this benchmark's arrays.
 */
async function viaCommand(vrps: Vrp[], routes: Route[]) {
  const dir = mkdtempSync(path.join(tmpdir(), "atalaya-bench-validate-"));
  try {
    const vrpFile = path.join(dir, "vrps.csv");
    const routeFile = path.join(dir, "routes.pfx2as");
    await writeLines(vrpFile, [
      "ASN,IP Prefix,Max Length,Trust Anchor\n",
      ...vrps.map((v) => `AS${v.asn},${address(v.prefix)}/${v.prefix.length},${v.maxLength},synthetic\n`),
    ]);
    await writeLines(
      routeFile,
      routes.map(
        (r) =>
          `${address(r.prefix)}\t${r.prefix.length}\t${typeof r.origin === "number" ? r.origin : r.origin.set.join(",")}\n`,
      ),
    );
    const bin = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");
    // One untimed run builds the CLI bundle if sources changed since the last one.
    spawnSync(process.execPath, [bin, "--help"], { stdio: "ignore" });
    const timed = spawnSync(
      "/usr/bin/time",
      ["-f", "%e %M", process.execPath, bin, "validate", "--vrps", vrpFile, "--routes", routeFile],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
    if (timed.error || timed.status !== 0) {
      console.log(
        `validation via atalaya validate: could not run (${timed.error?.message ?? timed.stderr.slice(-300)})`,
      );
      return;
    }
    const [seconds, kb] = (timed.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
    const rows = timed.stdout.split("\n").length - 2;
    console.log(
      `validation via atalaya validate (parse ${vrps.length.toLocaleString("en")} VRPs and ` +
        `${routes.length.toLocaleString("en")} routes from files, index, validate, sort, write ${rows.toLocaleString("en")} CSV rows): ` +
        `${seconds?.toFixed(2)} s, peak RSS ${((kb ?? 0) / 1024).toFixed(0)} MiB (the whole command: file parsing, per-(prefix, origin) de-duplication, sorting and CSV included)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const routes = realRoutes();
  if (routes.length === 0) return;
  const asns = [...new Set(routes.map((r) => (typeof r.origin === "number" ? r.origin : 0)))];
  const v4 = routes.filter((r) => r.prefix.family === 4);
  const v6 = routes.filter((r) => r.prefix.family === 6);
  const all: Route[] = [...routes];
  const randomOrigin = (r: Route) => (rnd() < 0.5 ? r.origin : (asns[ri(asns.length)] as number));
  for (let n = v4.length; n < 1_040_000; n++)
    all.push(moreSpecific(v4[ri(v4.length)] as Route, randomOrigin(v4[0] as Route)));
  for (let n = v6.length; n < 220_000; n++)
    all.push(moreSpecific(v6[ri(v6.length)] as Route, randomOrigin(v6[0] as Route)));
  const lengthLike = (family: 4 | 6) =>
    ((family === 4 ? v4 : v6)[ri(family === 4 ? v4.length : v6.length)] as Route).prefix.length;
  const vrps: Vrp[] = [];
  while (vrps.length < 800_000) {
    let prefix: IpPrefix;
    let asn = asns[ri(asns.length)] as number;
    if (rnd() < 0.5) {
      const r = routes[ri(routes.length)] as Route;
      const shorten = rnd() < 0.3 ? ri(4) : 0;
      prefix =
        r.prefix.family === 4
          ? ipv4Prefix(r.prefix.address, Math.max(0, r.prefix.length - shorten))
          : ipv6Prefix(r.prefix.address, Math.max(0, r.prefix.length - shorten));
      if (rnd() < 0.8 && typeof r.origin === "number") asn = r.origin;
    } else if (rnd() < 0.8) {
      prefix = ipv4Prefix(ri(2 ** 32), lengthLike(4));
    } else {
      prefix = ipv6Prefix(
        (0x2000n << 112n) | (BigInt(ri(2 ** 30)) << 82n) | (BigInt(ri(2 ** 30)) << 52n),
        Math.max(19, lengthLike(6)),
      );
    }
    const max = prefix.family === 4 ? 32 : 128;
    const maxLength =
      rnd() < 0.7 ? prefix.length : Math.min(max, prefix.length + ri(prefix.family === 4 ? 8 : 16));
    vrps.push({ asn: rnd() < 0.01 ? 0 : asn, prefix, maxLength, ta: "synthetic" });
  }
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = new VrpIndex(vrps);
  const built = performance.now();
  const counts: Record<string, number> = {};
  for (const r of all) {
    const v = index.validate(r);
    const k = v.reason ? `${v.state}/${v.reason}` : v.state;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const done = performance.now();
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  console.log(
    `validation: ${vrps.length.toLocaleString("en")} VRPs indexed in ${(built - started).toFixed(0)} ms, ` +
      `${all.length.toLocaleString("en")} routes validated in ${(done - built).toFixed(0)} ms ` +
      `(total ${((done - started) / 1000).toFixed(2)} s, heap +${heap.toFixed(0)} MiB for the index, ` +
      `process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB with all inputs); ${JSON.stringify(counts)}`,
  );
  await viaCommand(vrps, all);
}

await main();
