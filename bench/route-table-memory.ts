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
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { createLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { acquireFile, type IngestContext, mrtSource, Progress } from "@atalaya/ingest";
import * as t from "../packages/net/src/mrt/testing";

const SCALE = Number(process.env.BENCH_RIB_SCALE ?? 1);
const PEERS = 40;
const IPV4_PREFIXES = Math.round(1_000_000 * SCALE);
const IPV6_PREFIXES = Math.round(230_000 * SCALE);
const ORIGIN_ASES = Math.max(100, Math.round(75_000 * Math.min(1, SCALE * 3)));
const DUMP_TIME = 1_700_000_000;

let seed = 20261126;
// mulberry32: the same RIB on every run.
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const ri = (n: number) => Math.floor(rnd() * n);

/** Picks a value by weight: [[value, weight], ...]. */
function weighted(table: ReadonlyArray<readonly [number, number]>): () => number {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = rnd() * total;
    for (const [value, weight] of table) {
      x -= weight;
      if (x < 0) return value;
    }
    return (table[table.length - 1] as readonly [number, number])[0];
  };
}

// Prefix lengths roughly as in the 2024 global table.
const v4Length = weighted([
  [24, 58],
  [23, 9],
  [22, 10],
  [21, 5],
  [20, 5],
  [19, 4],
  [18, 2],
  [17, 1.5],
  [16, 3.5],
  [15, 0.4],
  [14, 0.3],
  [13, 0.2],
  [12, 0.1],
  [25, 0.3],
  [28, 0.2],
  [32, 0.2],
]);
const v6Length = weighted([
  [48, 48],
  [32, 15],
  [44, 8],
  [40, 6],
  [36, 4],
  [29, 3],
  [47, 3],
  [46, 2],
  [30, 1],
  [31, 1],
  [33, 1],
  [34, 1],
  [35, 1],
  [42, 2],
  [45, 2],
  [56, 1],
  [64, 1],
]);

interface RibPrefix {
  bytes: number[];
  length: number;
}

/** Distinct IPv4 prefixes in address order, as a RIB dump lists them. */
function ipv4Prefixes(count: number): RibPrefix[] {
  const keys = new Float64Array(count * 1.05);
  for (let i = 0; i < keys.length; i++) {
    const length = v4Length();
    const address = ((1 + ri(223)) * 2 ** 24 + ri(2 ** 24)) & ~(2 ** (32 - length) - 1);
    keys[i] = (address >>> 0) * 64 + length;
  }
  keys.sort();
  const out: RibPrefix[] = [];
  for (let i = 0; i < keys.length && out.length < count; i++) {
    const key = keys[i] as number;
    if (i > 0 && key === keys[i - 1]) continue;
    const length = key % 64;
    const address = (key - length) / 64;
    out.push({ bytes: t.u32(address), length });
  }
  return out;
}

/** Distinct IPv6 prefixes inside 2000::/3 in address order (only the first 64 bits vary). */
function ipv6Prefixes(count: number): RibPrefix[] {
  const seen = new Set<string>();
  const out: Array<RibPrefix & { key: string }> = [];
  while (out.length < count) {
    const length = v6Length();
    const high = (0x20000000 | ri(2 ** 29)) >>> 0;
    const low = ri(2 ** 32);
    const bits = (value: number, keep: number) =>
      keep >= 32 ? value : keep <= 0 ? 0 : (value & ~(2 ** (32 - keep) - 1)) >>> 0;
    const h = bits(high, length);
    const l = bits(low, length - 32);
    const key = `${h.toString(16).padStart(8, "0")}${l.toString(16).padStart(8, "0")}/${length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, bytes: [...t.u32(h), ...t.u32(l), ...new Array<number>(8).fill(0)], length });
  }
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.map(({ bytes, length }) => ({ bytes, length }));
}

interface GeneratedPeer {
  as: number;
  address: number[];
  /** Chance that this peer carries a given prefix (full feeds near 1, partial ones lower). */
  share: number;
  nextHop: Uint8Array;
  communities: Uint8Array[];
}

function peers(): GeneratedPeer[] {
  return Array.from({ length: PEERS }, (_, i) => {
    const as = i % 5 === 0 ? 200_000 + i * 7 : 1_000 + i * 97;
    const v6 = i >= 28;
    const address = v6 ? t.ipv6(`2001:7f8:0:0:0:0:${(i + 1).toString(16)}:1`) : [193, 0, 0, i + 1];
    const share = 0.2 + 0.6 * rnd();
    const nextHop = v6 ? t.ribMpNextHop(address) : t.nextHop(address.join("."));
    // Communities name a 16-bit AS; 32-bit peers use AS_TRANS there.
    const tag = (as > 65535 ? 23456 : as) * 65536;
    const communities = [[], [tag + 100], [tag + 200, tag + 3000 + ri(50)]].map((c) =>
      c.length === 0 ? new Uint8Array(0) : t.communities(c),
    );
    return { as: as >>> 0, address, share, nextHop, communities };
  });
}

/** ~75k origin ASes, 16- and 32-bit, a few originating many prefixes (heavy-tailed). */
function originPicker(): () => number {
  const ases = Array.from({ length: ORIGIN_ASES }, (_, i) => (i % 4 === 0 ? 262_144 + i * 3 : 1_000 + i));
  return () => ases[Math.floor(ORIGIN_ASES * rnd() ** 2.5)] as number;
}

const TRANSIT = [174, 1299, 2914, 3257, 3356, 6453, 6762, 6939, 7018, 9002, 12956, 262_589, 28_598, 16_735];

/** The AS path from a peer to an origin: stable per (peer, origin), as real paths mostly are. */
function asPathFor(peer: GeneratedPeer, peerIndex: number, origin: number): number[] {
  const h = Math.imul(origin ^ (peerIndex * 0x9e3779b1), 0x85ebca6b) >>> 0;
  const hops = 1 + (h % 4);
  const path = [peer.as];
  for (let k = 0; k < hops; k++) path.push(TRANSIT[(h >>> (3 * k + 2)) % TRANSIT.length] as number);
  path.push(origin);
  if (h % 17 === 0) path.push(origin, origin); // prepending
  return path;
}

interface GeneratedRib {
  prefixes: number;
  entries: number;
  rawBytes: number;
}

/** Writes the RIB to `file` (gzip), streaming: nothing but the prefix list is held in memory. */
async function generate(file: string): Promise<GeneratedRib> {
  const peerList = peers();
  const pickOrigin = originPicker();
  const gzip = createGzip({ level: 1 });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    gzip.pipe(out).on("finish", resolve).on("error", reject);
  });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let rawBytes = 0;
  const emit = async (record: Uint8Array) => {
    pending.push(record);
    pendingBytes += record.length;
    rawBytes += record.length;
    if (pendingBytes >= 1 << 22) {
      const block = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      if (!gzip.write(block)) await new Promise((r) => gzip.once("drain", r));
    }
  };
  await emit(
    t.mrt(
      13,
      1,
      t.peerIndexTable(
        [192, 0, 2, 1],
        "rrc-bench",
        peerList.map((p, i) => ({ bgpId: [10, 0, 0, i], ...p })),
      ),
      { timestamp: DUMP_TIME },
    ),
  );
  const origins = [t.origin(0), t.origin(1), t.origin(2)];
  let sequence = 0;
  let entries = 0;
  for (const [family, prefixes] of [
    [4, ipv4Prefixes(IPV4_PREFIXES)],
    [6, ipv6Prefixes(IPV6_PREFIXES)],
  ] as const) {
    for (const prefix of prefixes) {
      const origin = pickOrigin();
      const moas = rnd() < 0.015 ? pickOrigin() : null;
      const asSet = rnd() < 0.0005;
      const ribEntries: Uint8Array[] = [];
      for (let p = 0; p < PEERS; p++) {
        const peer = peerList[p] as GeneratedPeer;
        if (rnd() >= peer.share) continue;
        const own = moas !== null && rnd() < 0.3 ? moas : origin;
        const path = asPathFor(peer, p, own);
        const segments: Array<number[] | [number, number[]]> = asSet
          ? [path.slice(0, -1), [1, [own, own + 1]]]
          : [path];
        const attributes = [origins[ri(10) === 0 ? 2 : 0] as Uint8Array, t.asPath(segments), peer.nextHop];
        if (p % 3 === 0) attributes.push(t.med(ri(4) * 10));
        const communities = peer.communities[ri(3)] as Uint8Array;
        if (communities.length > 0) attributes.push(communities);
        ribEntries.push(t.ribEntry(p, DUMP_TIME - ri(86_400 * 30), attributes));
      }
      if (ribEntries.length === 0) continue;
      entries += ribEntries.length;
      await emit(
        t.mrt(13, family === 4 ? 2 : 4, t.ribBody(sequence++, prefix.bytes, prefix.length, ribEntries), {
          timestamp: DUMP_TIME,
        }),
      );
    }
  }
  if (pending.length > 0) gzip.write(Buffer.concat(pending));
  gzip.end();
  await done;
  return { prefixes: sequence, entries, rawBytes };
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
