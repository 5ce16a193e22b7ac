/**
 * BGP path attribute and NLRI decoding (RFC 4271 §4.3, RFC 4760, RFC 6793, RFC 7911, RFC 8092),
 * shared by the MRT record types that embed BGP data.
 *
 * Truncated or short fields are read the way bgpdump reads them (zero-filled, see byte-cursor.ts)
 * and reported in the record's `issues`, so output on damaged archives stays comparable.
 */
import { ByteCursor } from "./byte-cursor";
import {
  Afi,
  type AsPath,
  type AsPathSegment,
  AsSegmentType,
  type Issues,
  type MpReach,
  type MpUnreach,
  type PathAttributes,
  type Prefix,
} from "./models";

/** Path attribute type codes, named by their IANA "BGP Path Attributes" numbers. */
export const AttributeCode = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  LARGE_COMMUNITY: 32,
} as const;

const FLAG_EXTENDED_LENGTH = 0x10;
/** RFC 6793 §9: the 2-byte placeholder for an ASN that does not fit. */
export const AS_TRANS = 23456;

function addressSize(afi: number): number {
  return afi === Afi.IPV4 ? 4 : 16;
}

/**
 * Reads NLRI until the cursor is exhausted (RFC 4271 §4.3 encoding, with a 4-byte path id before
 * each prefix under ADD-PATH). A prefix cut by the end of the field is dropped and reported.
 * Host bits beyond the prefix length are cleared, as upstream bgpdump does since 2020.
 */
export function readPrefixList(cursor: ByteCursor, afi: number, addPath: boolean, issues: Issues): Prefix[] {
  const out: Prefix[] = [];
  const size = addressSize(afi);
  while (cursor.remaining > 0) {
    const pathId = addPath ? cursor.u32() : 0;
    const length = cursor.u8();
    const byteCount = (length + 7) >> 3;
    if (cursor.remaining < byteCount) {
      issues.push(`NLRI prefix /${length} cut short (${cursor.remaining} of ${byteCount} bytes)`);
      cursor.skip(cursor.remaining);
      break;
    }
    if (cursor.overrun) issues.push("NLRI path identifier cut short");
    const address = new Uint8Array(size);
    const kept = Math.min(byteCount, size);
    const bytes = cursor.bytes;
    for (let i = 0, p = cursor.pos; i < kept; i++, p++) address[i] = bytes[p] as number;
    cursor.pos += byteCount;
    if (byteCount > size) issues.push(`prefix length ${length} too long for AFI ${afi}`);
    const bits = length & 7;
    if (bits !== 0 && kept === byteCount)
      address[byteCount - 1] = (address[byteCount - 1] as number) & (0xff << (8 - bits));
    const prefix: Prefix = { afi, length, address };
    if (addPath) prefix.pathId = pathId;
    out.push(prefix);
  }
  return out;
}

/**
 * Decodes AS_PATH / AS4_PATH segments. Decoding stops at the first segment with an unknown type
 * or one that runs past the attribute; `malformed` then says so and the segments before it stay.
 */
export function decodeAsPath(cursor: ByteCursor, asnLength: 2 | 4): AsPath {
  const segments: AsPathSegment[] = [];
  const bytes = cursor.bytes;
  let p = cursor.pos;
  const end = cursor.end;
  while (p < end) {
    const type = bytes[p] as number;
    if (type < AsSegmentType.AS_SET || type > AsSegmentType.AS_CONFED_SET || p + 2 > end) {
      cursor.pos = end;
      return { asnLength, segments, malformed: true };
    }
    const count = bytes[p + 1] as number;
    if (p + 2 + count * asnLength > end) {
      cursor.pos = end;
      return { asnLength, segments, malformed: true };
    }
    const asns = new Array<number>(count);
    let q = p + 2;
    for (let i = 0; i < count; i++) {
      if (asnLength === 2) {
        asns[i] = ((bytes[q] as number) << 8) | (bytes[q + 1] as number);
        q += 2;
      } else {
        asns[i] =
          (((bytes[q] as number) << 24) |
            ((bytes[q + 1] as number) << 16) |
            ((bytes[q + 2] as number) << 8) |
            (bytes[q + 3] as number)) >>>
          0;
        q += 4;
      }
    }
    segments.push({ type, asns });
    p = q;
  }
  cursor.pos = end;
  return { asnLength, segments, malformed: false };
}

/**
 * The MP next-hop field. Lengths other than 4, 16 and 32 are not consumed (bgpdump leaves them
 * in the stream too, so the NLRI that follows is read from the same place it reads it).
 */
function readMpNextHop(cursor: ByteCursor, issues: Issues): Uint8Array {
  const length = cursor.u8();
  if (length === 4 || length === 16 || length === 32) return cursor.take(length);
  issues.push(`MP next hop of unexpected length ${length}`);
  return new Uint8Array(0);
}

function decodeMpReach(cursor: ByteCursor, addPath: boolean, issues: Issues): MpReach {
  // RFC 6396 §4.3.4: inside RIB entries only the next hop is written; its length byte is never
  // 0, while a full attribute starts with the high byte of an AFI, which always is.
  if (cursor.peek() !== 0) {
    return { abbreviated: true, afi: 0, safi: 0, nextHop: readMpNextHop(cursor, issues), nlri: [] };
  }
  const afi = cursor.u16();
  const safi = cursor.u8();
  if (afi > Afi.IPV6 || safi > 3) {
    issues.push(`MP_REACH_NLRI for unsupported AFI ${afi} SAFI ${safi} not decoded`);
    return { abbreviated: false, afi, safi, nextHop: new Uint8Array(0), nlri: [] };
  }
  const nextHop = readMpNextHop(cursor, issues);
  // SNPAs are obsolete (RFC 4760 §3) but still skipped properly.
  let snpaCount = cursor.u8();
  for (; snpaCount > 0; snpaCount--) cursor.skip(cursor.u8());
  return { abbreviated: false, afi, safi, nextHop, nlri: readPrefixList(cursor, afi, addPath, issues) };
}

function decodeMpUnreach(cursor: ByteCursor, addPath: boolean, issues: Issues): MpUnreach {
  const afi = cursor.u16();
  const safi = cursor.u8();
  if (afi > Afi.IPV6 || safi > 3) {
    issues.push(`MP_UNREACH_NLRI for unsupported AFI ${afi} SAFI ${safi} not decoded`);
    return { afi, safi, nlri: [] };
  }
  return { afi, safi, nlri: readPrefixList(cursor, afi, addPath, issues) };
}

const ATTRIBUTE_NAMES: Record<number, string> = {
  1: "ORIGIN",
  2: "AS_PATH",
  3: "NEXT_HOP",
  4: "MULTI_EXIT_DISC",
  5: "LOCAL_PREF",
  7: "AGGREGATOR",
  9: "ORIGINATOR_ID",
  14: "MP_REACH_NLRI",
  15: "MP_UNREACH_NLRI",
  18: "AS4_AGGREGATOR",
};

/**
 * Reads the 2-byte total length and the attributes that follow it. `asnLength` is the width of
 * ASNs in AS_PATH and AGGREGATOR (2 in old BGP sessions, 4 in AS4 ones and in TABLE_DUMP_V2).
 */
export function readPathAttributes(
  cursor: ByteCursor,
  asnLength: 2 | 4,
  addPath: boolean,
  issues: Issues,
): PathAttributes {
  const total = cursor.u16();
  const all = cursor.sub(total);
  if (all.remaining !== total) issues.push(`path attributes cut short (${all.remaining} of ${total} bytes)`);
  const attrs = emptyAttributes();
  // Codes decoded so far, one bit each below 32: RFC 7606 §3(g) keeps the first, discards the rest.
  let seen = 0;
  let seenLargeCommunities = false;
  // One cursor, moved from attribute to attribute: decoding keeps no reference to it.
  const value = new ByteCursor(all.bytes, all.pos, all.pos);
  while (all.remaining > 0) {
    const flags = all.u8();
    const code = all.u8();
    const length = flags & FLAG_EXTENDED_LENGTH ? all.u16() : all.u8();
    const start = all.pos;
    all.skip(length);
    value.reset(start, all.pos);
    if (value.remaining !== length) {
      // bgpdump drops such an attribute entirely; so do we.
      issues.push(`attribute ${code} cut short (${value.remaining} of ${length} bytes)`);
      continue;
    }
    if (code < 32 && FIELD_CODES & (1 << code)) {
      if (seen & (1 << code)) {
        issues.push(`duplicate attribute ${code} ignored`);
        continue;
      }
      seen |= 1 << code;
    } else if (code === AttributeCode.LARGE_COMMUNITY) {
      if (seenLargeCommunities) {
        issues.push(`duplicate attribute ${code} ignored`);
        continue;
      }
      seenLargeCommunities = true;
    }
    decodeAttribute(attrs, flags, code, value, asnLength, addPath, issues);
    if (value.overrun) issues.push(`${ATTRIBUTE_NAMES[code] ?? `attribute ${code}`} shorter than its value`);
  }
  return attrs;
}

/**
 * Every field in one order, unset ones undefined: attribute sets then share one shape whatever
 * order the attributes came in, so code reading them (the formatter, the route table) stays fast.
 */
function emptyAttributes(): PathAttributes {
  return {
    origin: undefined,
    asPath: undefined,
    as4Path: undefined,
    nextHop: undefined,
    med: undefined,
    localPref: undefined,
    atomicAggregate: false,
    aggregator: undefined,
    as4Aggregator: undefined,
    communities: undefined,
    largeCommunities: undefined,
    originatorId: undefined,
    clusterList: undefined,
    mpReach: undefined,
    mpUnreach: undefined,
    unknown: [],
  };
}

/** The codes below 32 that fill a field of PathAttributes (LARGE_COMMUNITY, 32, is checked apart). */
const FIELD_CODES = [
  AttributeCode.ORIGIN,
  AttributeCode.AS_PATH,
  AttributeCode.NEXT_HOP,
  AttributeCode.MULTI_EXIT_DISC,
  AttributeCode.LOCAL_PREF,
  AttributeCode.AGGREGATOR,
  AttributeCode.AS4_AGGREGATOR,
  AttributeCode.COMMUNITIES,
  AttributeCode.AS4_PATH,
  AttributeCode.ORIGINATOR_ID,
  AttributeCode.CLUSTER_LIST,
  AttributeCode.MP_REACH_NLRI,
  AttributeCode.MP_UNREACH_NLRI,
].reduce((bits, code) => bits | (1 << code), 0);

function decodeAttribute(
  attrs: PathAttributes,
  flags: number,
  code: number,
  value: ByteCursor,
  asnLength: 2 | 4,
  addPath: boolean,
  issues: Issues,
): void {
  switch (code) {
    case AttributeCode.ORIGIN:
      attrs.origin = value.u8();
      return;
    case AttributeCode.AS_PATH:
      attrs.asPath = decodeAsPath(value, asnLength);
      return;
    case AttributeCode.NEXT_HOP:
      attrs.nextHop = value.take(4);
      return;
    case AttributeCode.MULTI_EXIT_DISC:
      attrs.med = value.u32();
      return;
    case AttributeCode.LOCAL_PREF:
      attrs.localPref = value.u32();
      return;
    case AttributeCode.ATOMIC_AGGREGATE:
      attrs.atomicAggregate = true;
      return;
    case AttributeCode.AGGREGATOR: {
      const asn = asnLength === 2 ? value.u16() : value.u32();
      attrs.aggregator = { asn, address: value.take(4) };
      return;
    }
    case AttributeCode.AS4_AGGREGATOR: {
      const asn = value.u32();
      attrs.as4Aggregator = { asn, address: value.take(4) };
      return;
    }
    case AttributeCode.COMMUNITIES: {
      const list: number[] = [];
      for (let n = value.remaining >> 2; n > 0; n--) list.push(value.u32());
      attrs.communities = list;
      return;
    }
    case AttributeCode.LARGE_COMMUNITY: {
      attrs.largeCommunities = [];
      for (let n = Math.floor(value.remaining / 12); n > 0; n--) {
        attrs.largeCommunities.push({
          globalAdmin: value.u32(),
          localData1: value.u32(),
          localData2: value.u32(),
        });
      }
      return;
    }
    case AttributeCode.AS4_PATH:
      attrs.as4Path = decodeAsPath(value, 4);
      return;
    case AttributeCode.ORIGINATOR_ID:
      attrs.originatorId = value.take(4);
      return;
    case AttributeCode.CLUSTER_LIST: {
      const list: Uint8Array[] = [];
      for (let n = value.remaining >> 2; n > 0; n--) list.push(value.take(4));
      attrs.clusterList = list;
      return;
    }
    case AttributeCode.MP_REACH_NLRI:
      attrs.mpReach = decodeMpReach(value, addPath, issues);
      return;
    case AttributeCode.MP_UNREACH_NLRI:
      attrs.mpUnreach = decodeMpUnreach(value, addPath, issues);
      return;
    default:
      attrs.unknown.push({ flags, code, value: value.take(value.remaining) });
  }
}

/**
 * AS numbers counted for path length (RFC 4271 §9.1.2.2): a set counts once and confederation
 * segments not at all (RFC 5065 §5.3).
 */
export function asPathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.type === AsSegmentType.AS_SEQUENCE) n += s.asns.length;
    else if (s.type === AsSegmentType.AS_SET) n += 1;
  }
  return n;
}

/**
 * The AS path a 4-byte-capable speaker would reconstruct (RFC 6793 §4.2.3). `asnLength` is the
 * width AS_PATH was encoded with; with 4 there is nothing to merge. AS4_PATH is ignored when
 * AGGREGATOR names a real 2-byte AS while AS4_AGGREGATOR is present, when it is malformed, and
 * when it is longer than AS_PATH; otherwise the leading part of AS_PATH is kept so the result is
 * as long as AS_PATH, then AS4_PATH (without confederation segments) follows.
 */
export function reconstructAsPath(attrs: PathAttributes, asnLength: 2 | 4): AsPath | undefined {
  const asPath = attrs.asPath;
  const as4 = attrs.as4Path;
  if (!asPath || asnLength === 4 || !as4 || as4.malformed || asPath.malformed) return asPath;
  if (attrs.aggregator && attrs.as4Aggregator && attrs.aggregator.asn !== AS_TRANS) return asPath;
  const as4Segments = as4.segments.filter(
    (s) => s.type === AsSegmentType.AS_SEQUENCE || s.type === AsSegmentType.AS_SET,
  );
  let keep = asPathLength(asPath.segments) - asPathLength(as4Segments);
  if (keep < 0) return asPath;
  const head: AsPathSegment[] = [];
  for (const s of asPath.segments) {
    if (keep === 0) break;
    if (s.type === AsSegmentType.AS_SEQUENCE) {
      const taken = s.asns.slice(0, keep);
      keep -= taken.length;
      head.push({ type: s.type, asns: taken });
    } else {
      if (s.type === AsSegmentType.AS_SET) keep -= 1;
      head.push({ type: s.type, asns: [...s.asns] });
    }
  }
  const segments = [...head, ...as4Segments.map((s) => ({ type: s.type, asns: [...s.asns] }))];
  // The kept part of AS_PATH and AS4_PATH are one path: join the sequences where they meet.
  const joint = head.length;
  const left = segments[joint - 1];
  const right = segments[joint];
  if (left && right && left.type === AsSegmentType.AS_SEQUENCE && right.type === AsSegmentType.AS_SEQUENCE) {
    left.asns.push(...right.asns);
    segments.splice(joint, 1);
  }
  return { asnLength: 4, segments, malformed: false };
}

/** The aggregator after RFC 6793 §4.2.3 (AS4_AGGREGATOR replaces AGGREGATOR naming AS_TRANS). */
export function reconstructAggregator(attrs: PathAttributes, asnLength: 2 | 4): PathAttributes["aggregator"] {
  if (asnLength === 2 && attrs.aggregator?.asn === AS_TRANS && attrs.as4Aggregator)
    return attrs.as4Aggregator;
  return attrs.aggregator;
}

/** A convenience for tests and callers holding raw attribute bytes (without the length prefix). */
export function decodePathAttributes(
  bytes: Uint8Array,
  asnLength: 2 | 4,
  addPath = false,
): { attributes: PathAttributes; issues: Issues } {
  const framed = new Uint8Array(bytes.length + 2);
  framed[0] = bytes.length >> 8;
  framed[1] = bytes.length & 0xff;
  framed.set(bytes, 2);
  const issues: Issues = [];
  const attributes = readPathAttributes(new ByteCursor(framed), asnLength, addPath, issues);
  return { attributes, issues };
}
