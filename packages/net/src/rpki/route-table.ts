/**
 * A route table built from MRT records: one entry per (prefix, origin) with the number of peers
 * that carry it (DESIGN.md §3: store per (prefix, origin), not per peer). TABLE_DUMP_V2 RIB
 * records hold every peer's path for one prefix, so their peers are counted per record and only
 * a number is kept; TABLE_DUMP and BGP4MP records come one per peer and keep a set of peer keys.
 */
import type { MrtRecord } from "../mrt/models";
import { formatPrefix, type IpPrefix } from "../prefix";
import { mrtRouteItems } from "./mrt-routes";
import { formatOrigin, type RouteOrigin } from "./route";

export interface TableRoute {
  prefix: IpPrefix;
  origin: RouteOrigin;
  peers: number;
}

interface Entry {
  prefix: IpPrefix;
  origin: RouteOrigin;
  counted: number;
  peerKeys: Set<string> | null;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

export class RouteTable {
  readonly #entries = new Map<string, Entry>();
  skipped = 0;

  #entry(prefix: IpPrefix, origin: RouteOrigin): Entry {
    const key = `${formatPrefix(prefix)} ${formatOrigin(origin)}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { prefix, origin, counted: 0, peerKeys: null };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  add(record: MrtRecord): void {
    if (record.kind === "rib") {
      // Distinct peers per (prefix, origin) within this record; ADD-PATH may list a peer twice.
      const perKey = new Map<Entry, Set<number>>();
      for (const entry of record.entries) {
        for (const item of mrtRouteItems({ ...record, entries: [entry] })) {
          if (item.kind !== "route") {
            this.skipped++;
            continue;
          }
          const target = this.#entry(item.route.prefix, item.route.origin);
          const peers = perKey.get(target) ?? new Set<number>();
          peers.add(entry.peerIndex);
          perKey.set(target, peers);
        }
      }
      for (const [target, peers] of perKey) target.counted += peers.size;
      return;
    }
    const peer =
      record.kind === "table_dump"
        ? hex(record.peerAddress)
        : record.kind === "bgp4mp_message"
          ? hex(record.peerAddress)
          : null;
    if (peer === null) return;
    for (const item of mrtRouteItems(record)) {
      if (item.kind !== "route") {
        this.skipped++;
        continue;
      }
      const target = this.#entry(item.route.prefix, item.route.origin);
      target.peerKeys ??= new Set();
      target.peerKeys.add(peer);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Routes seen by at least `minPeers` peers. */
  *routes(minPeers = 1): Generator<TableRoute> {
    for (const e of this.#entries.values()) {
      const peers = e.counted + (e.peerKeys?.size ?? 0);
      if (peers >= minPeers) yield { prefix: e.prefix, origin: e.origin, peers };
    }
  }
}
