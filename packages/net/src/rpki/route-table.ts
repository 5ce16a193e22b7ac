/**
 * A route table built from MRT records: one entry per (prefix, origin) with the number of peers
 * that carry it (DESIGN.md §3: store per (prefix, origin), not per peer). TABLE_DUMP_V2 RIB
 * records hold every peer's path for one prefix, so their peers are counted per record and only
 * a number is kept; TABLE_DUMP and BGP4MP records come one per peer and keep a set of peer keys.
 *
 * A full RIPE RIS RIB holds ~25M RIB entries for ~1.3M (prefix, origin) pairs, so what one pair
 * costs decides the memory. Each is a Map entry from a packed key (the prefix's 16-bit groups,
 * its length and the origin, one UTF-16 unit each: 7 for IPv4) to its count: ~80 bytes a pair,
 * where "prefix origin" text and prefix objects took ~200. Prefix and origin objects are made
 * only when `routes()` hands them out, and a RIB record's key prefix is made once for all its
 * entries. bench/route-table-memory.ts measures both on a generated full-size RIB.
 */
import { reconstructAsPath } from "../mrt/attributes";
import { Afi, type MrtRecord, type Prefix as NlriPrefix, type RibRecord } from "../mrt/models";
import { type IpPrefix, ipv4Prefix, ipv6Prefix } from "../prefix";
import { isUnicastSafi, mrtRouteItems, pathOrigin } from "./mrt-routes";
import { type AsSetOrigin, asSetOrigin, type RouteOrigin } from "./route";

export interface TableRoute {
  prefix: IpPrefix;
  origin: RouteOrigin;
  peers: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

// Key layout: family (4 or 6), the prefix's 16-bit groups (2 or 8, host bits cleared), its
// length, then the origin: ORIGIN_AS and the AS in two units, or ORIGIN_SET and each member so.
const ORIGIN_AS = 0;
const ORIGIN_SET = 1;

/** The key part of an NLRI prefix, as mrt-routes' nlriPrefix would read it; null where it reads none. */
function nlriKey(prefix: NlriPrefix): string | null {
  const bytes = prefix.address;
  const length = prefix.length;
  let groups: number;
  let family: number;
  if (prefix.afi === Afi.IPV4 && bytes.length >= 4 && length <= 32) {
    groups = 2;
    family = 4;
  } else if (prefix.afi === Afi.IPV6 && bytes.length >= 16 && length <= 128) {
    groups = 8;
    family = 6;
  } else return null;
  let key = String.fromCharCode(family);
  for (let g = 0; g < groups; g++) {
    const kept = Math.min(16, Math.max(0, length - 16 * g));
    const mask = kept === 0 ? 0 : (0xffff << (16 - kept)) & 0xffff;
    key += String.fromCharCode((((bytes[2 * g] as number) << 8) | (bytes[2 * g + 1] as number)) & mask);
  }
  return key + String.fromCharCode(length);
}

/** The key part of a prefix already parsed (canonical: host bits are clear). */
function prefixKey(prefix: IpPrefix): string {
  if (prefix.family === 4) {
    const a = prefix.address;
    return String.fromCharCode(4, a >>> 16, a & 0xffff, prefix.length);
  }
  let key = String.fromCharCode(6);
  for (let g = 7; g >= 0; g--)
    key += String.fromCharCode(Number((prefix.address >> BigInt(16 * g)) & 0xffffn));
  return key + String.fromCharCode(prefix.length);
}

function originKey(origin: RouteOrigin): string {
  if (typeof origin === "number") return String.fromCharCode(ORIGIN_AS, origin >>> 16, origin & 0xffff);
  let key = String.fromCharCode(ORIGIN_SET);
  for (const asn of origin.set) key += String.fromCharCode(asn >>> 16, asn & 0xffff);
  return key;
}

/** The route a key names. */
function routeOf(key: string, peers: number): TableRoute {
  const unit = (i: number) => key.charCodeAt(i);
  const v4 = unit(0) === 4;
  const groups = v4 ? 2 : 8;
  const length = unit(1 + groups);
  let prefix: IpPrefix;
  if (v4) prefix = ipv4Prefix(unit(1) * 65536 + unit(2), length);
  else {
    let address = 0n;
    for (let g = 1; g <= 8; g++) address = (address << 16n) | BigInt(unit(g));
    prefix = ipv6Prefix(address, length);
  }
  const at = 2 + groups;
  const asn = (i: number) => unit(i) * 65536 + unit(i + 1);
  let origin: number | AsSetOrigin;
  if (unit(at) === ORIGIN_AS) origin = asn(at + 1);
  else {
    const members: number[] = [];
    for (let i = at + 1; i < key.length; i += 2) members.push(asn(i));
    origin = asSetOrigin(members);
  }
  return { prefix, origin, peers };
}

export class RouteTable {
  /** Peers counted per key, from RIB records. */
  readonly #counted = new Map<string, number>();
  /** Distinct peers per key, from records that carry one peer each, by the peer's number here. */
  readonly #peerKeys = new Map<string, Set<number>>();
  /** A number per peer address, so that each key's set holds small numbers, not strings. */
  readonly #peerNumbers = new Map<string, number>();
  skipped = 0;

  add(record: MrtRecord): void {
    if (record.kind === "rib") {
      this.#addRib(record);
      return;
    }
    const address =
      record.kind === "table_dump"
        ? hex(record.peerAddress)
        : record.kind === "bgp4mp_message"
          ? hex(record.peerAddress)
          : null;
    if (address === null) return;
    let peer = this.#peerNumbers.get(address);
    if (peer === undefined) {
      peer = this.#peerNumbers.size;
      this.#peerNumbers.set(address, peer);
    }
    for (const item of mrtRouteItems(record)) {
      if (item.kind !== "route") {
        this.skipped++;
        continue;
      }
      const key = prefixKey(item.route.prefix) + originKey(item.route.origin);
      let peers = this.#peerKeys.get(key);
      if (!peers) {
        peers = new Set();
        this.#peerKeys.set(key, peers);
      }
      peers.add(peer);
    }
  }

  /** Every entry of the record, as mrtRouteItems would give them, without an item per entry. */
  #addRib(record: RibRecord): void {
    if (!isUnicastSafi(record.safi)) return;
    const prefix = nlriKey(record.prefix);
    if (prefix === null) {
      this.skipped += record.entries.length;
      return;
    }
    // Distinct peers per origin within this record (ADD-PATH may list a peer twice). A record
    // has one origin, seldom a few: arrays searched in place cost less than maps.
    const origins: string[] = [];
    const peers: number[][] = [];
    for (const entry of record.entries) {
      const origin = pathOrigin(reconstructAsPath(entry.attributes, 4));
      if (typeof origin === "string") {
        this.skipped++;
        continue;
      }
      const key = originKey(origin);
      const at = origins.indexOf(key);
      if (at < 0) {
        origins.push(key);
        peers.push([entry.peerIndex]);
      } else {
        const list = peers[at] as number[];
        if (!list.includes(entry.peerIndex)) list.push(entry.peerIndex);
      }
    }
    for (let i = 0; i < origins.length; i++) {
      const key = prefix + origins[i];
      this.#counted.set(key, (this.#counted.get(key) ?? 0) + (peers[i] as number[]).length);
    }
  }

  get size(): number {
    let n = this.#counted.size;
    for (const key of this.#peerKeys.keys()) if (!this.#counted.has(key)) n++;
    return n;
  }

  /** Routes seen by at least `minPeers` peers. */
  *routes(minPeers = 1): Generator<TableRoute> {
    for (const [key, counted] of this.#counted) {
      const peers = counted + (this.#peerKeys.get(key)?.size ?? 0);
      if (peers >= minPeers) yield routeOf(key, peers);
    }
    for (const [key, set] of this.#peerKeys) {
      if (!this.#counted.has(key) && set.size >= minPeers) yield routeOf(key, set.size);
    }
  }
}
