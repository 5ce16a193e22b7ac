/**
 * Builders for synthetic MRT and BGP bytes, for tests: each returns the exact wire encoding, so a
 * test states its input field by field instead of as an opaque hex dump.
 */
import { AttributeCode } from "./attributes";
import { AsSegmentType, MrtType } from "./models";

type Part = number[] | Uint8Array;

export function bytes(...parts: Part[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const u16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
export const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

export function ipv4(text: string): number[] {
  return text.split(".").map(Number);
}

/** Full IPv6 address from 8 hex groups written out (no "::"), e.g. "2001:db8:0:0:0:0:0:1". */
export function ipv6(groups: string): number[] {
  return groups.split(":").flatMap((g) => u16(Number.parseInt(g, 16)));
}

/** An MRT record: header (with the BGP4MP_ET microsecond field when asked) and body. */
export function mrt(
  type: number,
  subtype: number,
  body: Part,
  options: { timestamp?: number; microseconds?: number } = {},
): Uint8Array {
  const et = type === MrtType.BGP4MP_ET;
  const length = body.length + (et ? 4 : 0);
  return bytes(
    u32(options.timestamp ?? 1700000000),
    u16(type),
    u16(subtype),
    u32(length),
    et ? u32(options.microseconds ?? 0) : [],
    body,
  );
}

export function attribute(flags: number, code: number, value: Part): Uint8Array {
  const extended = value.length > 255;
  return bytes([flags | (extended ? 0x10 : 0), code], extended ? u16(value.length) : [value.length], value);
}

/** Segments as [type, asns]; type defaults to AS_SEQUENCE when given a bare list. */
export function asPathValue(segments: Array<number[] | [number, number[]]>, asnLength: 2 | 4): Uint8Array {
  const parts: number[] = [];
  for (const s of segments) {
    const [type, asns] = Array.isArray(s[1])
      ? (s as [number, number[]])
      : [AsSegmentType.AS_SEQUENCE, s as number[]];
    parts.push(type, asns.length);
    for (const a of asns) parts.push(...(asnLength === 2 ? u16(a) : u32(a)));
  }
  return Uint8Array.from(parts);
}

export const origin = (value: number) => attribute(0x40, AttributeCode.ORIGIN, [value]);
export const asPath = (segments: Array<number[] | [number, number[]]>, asnLength: 2 | 4 = 4) =>
  attribute(0x40, AttributeCode.AS_PATH, asPathValue(segments, asnLength));
export const as4Path = (segments: Array<number[] | [number, number[]]>) =>
  attribute(0xc0, AttributeCode.AS4_PATH, asPathValue(segments, 4));
export const nextHop = (address: string) => attribute(0x40, AttributeCode.NEXT_HOP, ipv4(address));
export const med = (value: number) => attribute(0x80, AttributeCode.MULTI_EXIT_DISC, u32(value));
export const localPref = (value: number) => attribute(0x40, AttributeCode.LOCAL_PREF, u32(value));
export const communities = (values: number[]) =>
  attribute(
    0xc0,
    AttributeCode.COMMUNITIES,
    values.flatMap((v) => u32(v)),
  );

/** One NLRI entry: optional ADD-PATH path id, length in bits, then only the significant bytes. */
export function nlri(prefix: number[], length: number, pathId?: number): number[] {
  return [...(pathId === undefined ? [] : u32(pathId)), length, ...prefix.slice(0, (length + 7) >> 3)];
}

/** Path attributes with their 2-byte total length in front. */
export function attributeBlock(...attributes: Part[]): Uint8Array {
  const body = bytes(...attributes);
  return bytes(u16(body.length), body);
}

/** A complete BGP UPDATE message, marker included. */
export function bgpUpdate(withdrawn: Part, attributes: Part[], announced: Part): Uint8Array {
  const body = bytes(u16(withdrawn.length), withdrawn, attributeBlock(...attributes), announced);
  return bytes(new Uint8Array(16).fill(0xff), u16(19 + body.length), [2], body);
}

/** A BGP4MP MESSAGE-family body (subtype decides AS width) around a BGP message. */
export function bgp4mpMessageBody(
  asnLength: 2 | 4,
  peer: { as: number; address: number[] },
  local: { as: number; address: number[] },
  message: Part,
): Uint8Array {
  const as = (n: number) => (asnLength === 2 ? u16(n) : u32(n));
  const afi = peer.address.length === 4 ? 1 : 2;
  return bytes(as(peer.as), as(local.as), u16(0), u16(afi), peer.address, local.address, message);
}

/** A TABLE_DUMP_V2 PEER_INDEX_TABLE body (RFC 6396 §4.3.1); every peer gets a 4-byte ASN. */
export function peerIndexTable(
  collectorBgpId: number[],
  viewName: string,
  peers: Array<{ bgpId: number[]; address: number[]; as: number }>,
): Uint8Array {
  const name = new TextEncoder().encode(viewName);
  const entries = peers.map((p) =>
    bytes([(p.address.length === 16 ? 1 : 0) | 2], p.bgpId, p.address, u32(p.as)),
  );
  return bytes(collectorBgpId, u16(name.length), name, u16(peers.length), ...entries);
}

/** One RIB entry (RFC 6396 §4.3.4): peer index, originated time, path attributes. */
export function ribEntry(peerIndex: number, originatedTime: number, attributes: Part[]): Uint8Array {
  return bytes(u16(peerIndex), u32(originatedTime), attributeBlock(...attributes));
}

/** A RIB_IPV4_UNICAST or RIB_IPV6_UNICAST body: sequence number, prefix, entries. */
export function ribBody(
  sequence: number,
  prefix: number[],
  length: number,
  entries: Uint8Array[],
): Uint8Array {
  return bytes(u32(sequence), nlri(prefix, length), u16(entries.length), ...entries);
}

/** MP_REACH_NLRI as RIB entries abbreviate it (RFC 6396 §4.3.4): next-hop length and address. */
export const ribMpNextHop = (address: number[]) =>
  attribute(0x80, AttributeCode.MP_REACH_NLRI, bytes([address.length], address));
