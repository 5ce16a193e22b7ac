/**
 * Routes (prefix + origin) out of MRT records, for origin validation: every RIB entry (TABLE_DUMP
 * and TABLE_DUMP_V2 unicast) and every prefix a BGP4MP UPDATE announces, IPv4 NLRI and
 * MP_REACH_NLRI alike. Withdrawals carry no path and are not routes.
 *
 * The origin comes from the RFC 6793 path (AS4_PATH merged where a 2-byte session sent one), per
 * RFC 6811 §2: the last AS of a final AS_SEQUENCE, or NONE (an AS_SET origin here) when the final
 * segment is an AS_SET. Where RFC 6811 names the validating speaker's own AS instead — an empty
 * path, or a path ending in a confederation segment — a collector cannot know it, so the entry is
 * reported as skipped with its reason rather than guessed.
 */
import { reconstructAsPath } from "../mrt/attributes";
import {
  Afi,
  type AsPath,
  AsSegmentType,
  type MrtRecord,
  type Prefix as NlriPrefix,
  type PathAttributes,
  Safi,
} from "../mrt/models";
import { type IpPrefix, ipv4Prefix, ipv6Prefix } from "../prefix";
import { asSetOrigin, type Route, type RouteOrigin } from "./route";

export type MrtSkipReason =
  | "no AS_PATH"
  | "empty AS_PATH"
  | "AS_PATH ends in a confederation segment"
  | "malformed AS_PATH"
  | "not an IPv4 or IPv6 prefix";

export type MrtRouteItem =
  | { kind: "route"; route: Route }
  | { kind: "skipped"; prefix: IpPrefix | null; reason: MrtSkipReason };

/** The prefix of an NLRI entry; null for an address family other than IPv4/IPv6. */
export function nlriPrefix(prefix: NlriPrefix): IpPrefix | null {
  const bytes = prefix.address;
  if (prefix.afi === Afi.IPV4 && bytes.length >= 4 && prefix.length <= 32) {
    const address =
      (((bytes[0] as number) << 24) |
        ((bytes[1] as number) << 16) |
        ((bytes[2] as number) << 8) |
        (bytes[3] as number)) >>>
      0;
    return ipv4Prefix(address, prefix.length);
  }
  if (prefix.afi === Afi.IPV6 && bytes.length >= 16 && prefix.length <= 128) {
    let address = 0n;
    for (let i = 0; i < 16; i++) address = (address << 8n) | BigInt(bytes[i] as number);
    return ipv6Prefix(address, prefix.length);
  }
  return null;
}

/** The origin of an AS path, or why it has none a collector can name. */
export function pathOrigin(path: AsPath | undefined): RouteOrigin | MrtSkipReason {
  if (!path) return "no AS_PATH";
  if (path.malformed) return "malformed AS_PATH";
  const last = path.segments[path.segments.length - 1];
  if (!last || last.asns.length === 0) return "empty AS_PATH";
  if (last.type === AsSegmentType.AS_SEQUENCE) return last.asns[last.asns.length - 1] as number;
  if (last.type === AsSegmentType.AS_SET) return asSetOrigin(last.asns);
  return "AS_PATH ends in a confederation segment";
}

function itemsFor(
  prefixes: readonly NlriPrefix[],
  attributes: PathAttributes,
  asnLength: 2 | 4,
): MrtRouteItem[] {
  const origin = pathOrigin(reconstructAsPath(attributes, asnLength));
  const out: MrtRouteItem[] = [];
  for (const p of prefixes) {
    const prefix = nlriPrefix(p);
    if (!prefix) out.push({ kind: "skipped", prefix: null, reason: "not an IPv4 or IPv6 prefix" });
    else if (typeof origin === "string") out.push({ kind: "skipped", prefix, reason: origin });
    else out.push({ kind: "route", route: { prefix, origin } });
  }
  return out;
}

/** Whether a SAFI carries unicast routes. */
export function isUnicastSafi(safi: number): boolean {
  // SAFI 3 (unicast and multicast, deprecated by RFC 4760) still announces unicast routes.
  return safi === Safi.UNICAST || safi === Safi.UNICAST_MULTICAST;
}

/** The routes in one record, one item per (RIB entry or announced prefix); [] for other records. */
export function mrtRouteItems(record: MrtRecord): MrtRouteItem[] {
  switch (record.kind) {
    case "table_dump":
      // TABLE_DUMP subtypes 1 and 2 carry 2-byte AS paths; 3 and 4 (the AS4 variants) 4-byte ones.
      return itemsFor([record.prefix], record.attributes, record.header.subtype <= 2 ? 2 : 4);
    case "rib": {
      if (!isUnicastSafi(record.safi)) return [];
      // RFC 6396 §4.3.4: RIB entries always encode AS numbers in 4 bytes.
      return record.entries.flatMap((entry) => itemsFor([record.prefix], entry.attributes, 4));
    }
    case "bgp4mp_message": {
      const message = record.message;
      if (message.type !== "update") return [];
      const reach = message.attributes.mpReach;
      const mpPrefixes = reach && !reach.abbreviated && isUnicastSafi(reach.safi) ? reach.nlri : [];
      if (message.announced.length === 0 && mpPrefixes.length === 0) return [];
      return itemsFor([...message.announced, ...mpPrefixes], message.attributes, record.asnLength);
    }
    default:
      return [];
  }
}
