/**
 * A route as origin validation sees it: a prefix and the AS that originates it. When the AS path
 * ends in an AS_SET (aggregation, RFC 4271 §5.1.2) there is no single origin AS; RFC 6811 §2
 * calls that origin NONE, and such a route can match no VRP.
 */
import type { IpPrefix } from "../prefix";

export interface AsSetOrigin {
  /** Member ASNs, ascending and without repeats: a set has no order. */
  readonly set: readonly number[];
}

export type RouteOrigin = number | AsSetOrigin;

export interface Route {
  readonly prefix: IpPrefix;
  readonly origin: RouteOrigin;
}

export const MAX_ASN = 4294967295;

/** An AS_SET origin in canonical form (sorted, de-duplicated), so equal sets print alike. */
export function asSetOrigin(asns: readonly number[]): AsSetOrigin {
  return { set: [...new Set(asns)].sort((a, b) => a - b) };
}

/** "64496" for an AS, "{64496,64497}" for an AS_SET. */
export function formatOrigin(origin: RouteOrigin): string {
  return typeof origin === "number" ? String(origin) : `{${origin.set.join(",")}}`;
}

/** The origin formatOrigin wrote ("64496" or "{64496,64497}"); for text known to be its output. */
export function parseOrigin(text: string): RouteOrigin {
  return text.startsWith("{") ? asSetOrigin(text.slice(1, -1).split(",").map(Number)) : Number(text);
}

/** Parses a plain AS number ("64496", "AS64496", "as64496"); null when it is not one. */
export function parseAsn(text: string): number | null {
  const m = /^(?:AS)?(\d{1,10})$/i.exec(text);
  if (!m) return null;
  const asn = Number(m[1]);
  return asn <= MAX_ASN ? asn : null;
}
