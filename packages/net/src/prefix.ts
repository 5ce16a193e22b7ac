/**
 * IP prefixes of both families as values: IPv4 addresses as plain numbers (exact below 2^32),
 * IPv6 as 128-bit bigints. Parsing clears host bits (and says so), so every prefix that leaves
 * this module is canonical and its text (RFC 5952 for IPv6) can serve as a key.
 */
import { formatIpv4, parseIpv4 } from "./ipv4";
import { formatIpv6, parseIpv6 } from "./ipv6";

export interface Ipv4Prefix {
  readonly family: 4;
  /** Network address, host bits cleared, 0 … 2^32-1. */
  readonly address: number;
  readonly length: number;
}

export interface Ipv6Prefix {
  readonly family: 6;
  /** Network address, host bits cleared. */
  readonly address: bigint;
  readonly length: number;
}

export type IpPrefix = Ipv4Prefix | Ipv6Prefix;

export type PrefixParse =
  | {
      ok: true;
      prefix: IpPrefix /** the text had bits set beyond the prefix length */;
      hostBitsCleared: boolean;
    }
  | { ok: false; reason: string };

const ALL_ONES_V6 = (1n << 128n) - 1n;

export function maxPrefixLength(family: 4 | 6): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** The IPv4 address with every bit beyond `length` cleared. */
export function maskIpv4(address: number, length: number): number {
  // `x << 32` shifts by 0 in JavaScript, so /0 needs its own case.
  if (length === 0) return 0;
  return (address & (-1 << (32 - length))) >>> 0;
}

export function maskIpv6(address: bigint, length: number): bigint {
  return address & (ALL_ONES_V6 ^ ((1n << BigInt(128 - length)) - 1n));
}

/** Builds a prefix from an address and a length already known to be valid, clearing host bits. */
export function ipv4Prefix(address: number, length: number): Ipv4Prefix {
  return { family: 4, address: maskIpv4(address, length), length };
}

export function ipv6Prefix(address: bigint, length: number): Ipv6Prefix {
  return { family: 6, address: maskIpv6(address, length), length };
}

/** Parses `address/length`; the family follows from the address text. */
export function parsePrefix(text: string): PrefixParse {
  const slash = text.indexOf("/");
  if (slash < 0) return { ok: false, reason: `"${text}" has no "/length"` };
  return parsePrefixParts(text.slice(0, slash), text.slice(slash + 1));
}

/** Parses a prefix given as separate address and length fields (pfx2as writes it so). */
export function parsePrefixParts(addressText: string, lengthText: string): PrefixParse {
  // "024" is refused for the same reason parseIpv4 refuses "01": no guessing at odd spellings.
  if (!/^(0|[1-9]\d{0,2})$/.test(lengthText)) {
    return { ok: false, reason: `prefix length "${lengthText}" is not a whole number` };
  }
  const length = Number(lengthText);
  if (addressText.includes(":")) {
    const address = parseIpv6(addressText);
    if (address === null) return { ok: false, reason: `"${addressText}" is not an IPv6 address` };
    if (length > 128) return { ok: false, reason: `IPv6 prefix length ${length} is over 128` };
    const prefix = ipv6Prefix(address, length);
    return { ok: true, prefix, hostBitsCleared: prefix.address !== address };
  }
  const address = parseIpv4(addressText);
  if (address === null) return { ok: false, reason: `"${addressText}" is not an IPv4 or IPv6 address` };
  if (length > 32) return { ok: false, reason: `IPv4 prefix length ${length} is over 32` };
  const prefix = ipv4Prefix(address, length);
  return { ok: true, prefix, hostBitsCleared: prefix.address !== address };
}

/** Like parsePrefix, for text that is known to be good (tests, constants): throws otherwise. */
export function prefixOf(text: string): IpPrefix {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.prefix;
}

/** Canonical text: dotted quad or RFC 5952, then "/length". */
export function formatPrefix(prefix: IpPrefix): string {
  const address = prefix.family === 4 ? formatIpv4(prefix.address) : formatIpv6(prefix.address);
  return `${address}/${prefix.length}`;
}

/** True when `inner` lies inside `outer` (equal included). Prefixes of different families never cover. */
export function covers(outer: IpPrefix, inner: IpPrefix): boolean {
  if (outer.length > inner.length) return false;
  if (outer.family === 4 && inner.family === 4)
    return maskIpv4(inner.address, outer.length) === outer.address;
  if (outer.family === 6 && inner.family === 6)
    return maskIpv6(inner.address, outer.length) === outer.address;
  return false;
}

export function samePrefix(a: IpPrefix, b: IpPrefix): boolean {
  return a.family === b.family && a.length === b.length && a.address === b.address;
}
