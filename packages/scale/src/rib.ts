/**
 * A full-size RIPE RIS-like RIB (TABLE_DUMP_V2, gzip): a 40-peer PEER_INDEX_TABLE, ~1.0M IPv4 and
 * ~230k IPv6 prefixes with lengths distributed as in the global table, each carried by a random
 * subset of the peers (about 20 on average: ~25M RIB entries), AS paths from the peer through 1–4
 * transit ASes to the origin with some prepending, 1.5% of prefixes with two origins (MOAS), a few
 * AS_SET origins, communities and MEDs. Seeded announcements (the region's real registry blocks
 * and their holders' ASNs) are merged into the random table, so that the region's pages have
 * routes. Deterministic for a given seed; written streaming, only the prefix list in memory.
 */
import { createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";
import { Random } from "@atalaya/demo";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "@atalaya/net";
import * as t from "../../net/src/mrt/testing";

export const RIB_PEERS = 40;
const FULL_IPV4 = 1_000_000;
const FULL_IPV6 = 230_000;
const FULL_ORIGIN_ASES = 75_000;
export const DUMP_TIME = 1_700_000_000;

/** One prefix of the table with the origin most peers see. */
export interface Announcement {
  family: 4 | 6;
  /** IPv4: the address as an unsigned 32-bit number; IPv6: the high 64 bits (low bits zero). */
  high: number;
  low: number;
  length: number;
  origin: number;
}

export function announcementPrefix(a: Announcement): string {
  if (a.family === 4) return `${formatIpv4(a.high)}/${a.length}`;
  const value = (BigInt(a.high) << 96n) | (BigInt(a.low) << 64n);
  return `${formatIpv6(value)}/${a.length}`;
}

/** An announcement of `prefix` ("a.b.c.d/n" or IPv6) by `origin`, or null if it is not one. */
export function seededAnnouncement(prefix: string, origin: number): Announcement | null {
  const [address, lengthText] = prefix.split("/") as [string, string];
  const length = Number(lengthText);
  const v4 = parseIpv4(address);
  if (v4 !== null) return { family: 4, high: v4 >>> 0, low: 0, length, origin };
  const v6 = parseIpv6(address);
  if (v6 === null || length > 64) return null;
  return {
    family: 6,
    high: Number((v6 >> 96n) & 0xffffffffn),
    low: Number((v6 >> 64n) & 0xffffffffn),
    length,
    origin,
  };
}

/** Picks a value by weight: [[value, weight], ...]. */
function weighted(random: Random, table: ReadonlyArray<readonly [number, number]>): () => number {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = random.next() * total;
    for (const [value, weight] of table) {
      x -= weight;
      if (x < 0) return value;
    }
    return (table[table.length - 1] as readonly [number, number])[0];
  };
}

// Prefix lengths roughly as in the 2024 global table.
const V4_LENGTHS = [
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
] as const;
const V6_LENGTHS = [
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
] as const;

const clearHostBits = (value: number, keep: number) =>
  keep >= 32 ? value >>> 0 : keep <= 0 ? 0 : (value & ~(2 ** (32 - keep) - 1)) >>> 0;

/** Sort key: address then length, distinct per prefix (IPv6 on its first 64 bits). */
const keyOf = (a: Announcement) =>
  a.family === 4 ? a.high * 64 + a.length : a.high * 2 ** 21 + a.low / 2 ** 11;

/**
 * The table's prefixes in address order, per family: `scale` of the full size, random prefixes
 * with heavy-tailed origins, plus every seeded announcement (seeded ones win a clash).
 */
export function ribAnnouncements(
  scale: number,
  seeded: readonly Announcement[],
  seed = 20261126,
): { v4: Announcement[]; v6: Announcement[] } {
  const random = new Random(seed);
  const originCount = Math.max(100, Math.round(FULL_ORIGIN_ASES * Math.min(1, scale * 3)));
  const ases = Array.from({ length: originCount }, (_, i) => (i % 4 === 0 ? 262_144 + i * 3 : 1_000 + i));
  const pickOrigin = () => ases[Math.floor(originCount * random.next() ** 2.5)] as number;
  const v4Length = weighted(random, V4_LENGTHS);
  const v6Length = weighted(random, V6_LENGTHS);
  const out = { v4: new Map<string, Announcement>(), v6: new Map<string, Announcement>() };
  const id = (a: Announcement) => `${a.high}:${a.low}/${a.length}`;
  for (const a of seeded) (a.family === 4 ? out.v4 : out.v6).set(id(a), a);
  const v4Target = out.v4.size + Math.round(FULL_IPV4 * scale);
  while (out.v4.size < v4Target) {
    const length = v4Length();
    const high = clearHostBits(
      (1 + Math.floor(random.next() * 223)) * 2 ** 24 + Math.floor(random.next() * 2 ** 24),
      length,
    );
    const a: Announcement = { family: 4, high, low: 0, length, origin: pickOrigin() };
    if (!out.v4.has(id(a))) out.v4.set(id(a), a);
  }
  const v6Target = out.v6.size + Math.round(FULL_IPV6 * scale);
  while (out.v6.size < v6Target) {
    const length = v6Length();
    const high = clearHostBits((0x20000000 | Math.floor(random.next() * 2 ** 29)) >>> 0, length);
    const low = clearHostBits(Math.floor(random.next() * 2 ** 32), length - 32);
    const a: Announcement = { family: 6, high, low, length, origin: pickOrigin() };
    if (!out.v6.has(id(a))) out.v6.set(id(a), a);
  }
  const sorted = (m: Map<string, Announcement>) => [...m.values()].sort((a, b) => keyOf(a) - keyOf(b));
  return { v4: sorted(out.v4), v6: sorted(out.v6) };
}

interface GeneratedPeer {
  as: number;
  address: number[];
  /** Chance that this peer carries a given prefix (full feeds near 1, partial ones lower). */
  share: number;
  nextHop: Uint8Array;
  communities: Uint8Array[];
}

function peers(random: Random): GeneratedPeer[] {
  return Array.from({ length: RIB_PEERS }, (_, i) => {
    const as = i % 5 === 0 ? 200_000 + i * 7 : 1_000 + i * 97;
    const v6 = i >= 28;
    const address = v6 ? t.ipv6(`2001:7f8:0:0:0:0:${(i + 1).toString(16)}:1`) : [193, 0, 0, i + 1];
    const share = 0.2 + 0.6 * random.next();
    const nextHop = v6 ? t.ribMpNextHop(address) : t.nextHop(address.join("."));
    // Communities name a 16-bit AS; 32-bit peers use AS_TRANS there.
    const tag = (as > 65535 ? 23456 : as) * 65536;
    const communities = [[], [tag + 100], [tag + 200, tag + 3000 + random.int(0, 49)]].map((c) =>
      c.length === 0 ? new Uint8Array(0) : t.communities(c),
    );
    return { as: as >>> 0, address, share, nextHop, communities };
  });
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

export interface GeneratedRib {
  prefixes: number;
  entries: number;
  rawBytes: number;
}

function prefixBytes(a: Announcement): number[] {
  return a.family === 4
    ? t.u32(a.high)
    : [...t.u32(a.high), ...t.u32(a.low), ...new Array<number>(8).fill(0)];
}

/** Writes the RIB to `file` (gzip), streaming. */
export async function writeRib(
  file: string,
  table: { v4: readonly Announcement[]; v6: readonly Announcement[] },
  seed = 20261127,
): Promise<GeneratedRib> {
  const random = new Random(seed);
  const peerList = peers(random);
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
        "rrc-scale",
        peerList.map((p, i) => ({ bgpId: [10, 0, 0, i], ...p })),
      ),
      { timestamp: DUMP_TIME },
    ),
  );
  const origins = [t.origin(0), t.origin(1), t.origin(2)];
  const allOrigins = [...table.v4, ...table.v6];
  let sequence = 0;
  let entries = 0;
  for (const [family, prefixes] of [
    [4, table.v4],
    [6, table.v6],
  ] as const) {
    for (const prefix of prefixes) {
      const origin = prefix.origin;
      const moas = random.chance(0.015)
        ? (allOrigins[random.int(0, allOrigins.length - 1)] as Announcement).origin
        : null;
      const asSet = random.chance(0.0005);
      const ribEntries: Uint8Array[] = [];
      for (let p = 0; p < RIB_PEERS; p++) {
        const peer = peerList[p] as GeneratedPeer;
        if (random.next() >= peer.share) continue;
        const own = moas !== null && random.chance(0.3) ? moas : origin;
        const path = asPathFor(peer, p, own);
        const segments: Array<number[] | [number, number[]]> = asSet
          ? [path.slice(0, -1), [1, [own, own + 1]]]
          : [path];
        const attributes = [
          origins[random.int(0, 9) === 0 ? 2 : 0] as Uint8Array,
          t.asPath(segments),
          peer.nextHop,
        ];
        if (p % 3 === 0) attributes.push(t.med(random.int(0, 3) * 10));
        const communities = peer.communities[random.int(0, 2)] as Uint8Array;
        if (communities.length > 0) attributes.push(communities);
        ribEntries.push(t.ribEntry(p, DUMP_TIME - random.int(0, 86_400 * 30), attributes));
      }
      if (ribEntries.length === 0) continue;
      entries += ribEntries.length;
      await emit(
        t.mrt(
          13,
          family === 4 ? 2 : 4,
          t.ribBody(sequence++, prefixBytes(prefix), prefix.length, ribEntries),
          {
            timestamp: DUMP_TIME,
          },
        ),
      );
    }
  }
  if (pending.length > 0) gzip.write(Buffer.concat(pending));
  gzip.end();
  await done;
  return { prefixes: sequence, entries, rawBytes };
}
