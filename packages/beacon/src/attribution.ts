/**
 * Which network and economy a beacon client is in, from its address and nothing else: the origin
 * ASN of the most specific announced route covering it (the route table Atalaya holds: RIS and
 * pfx2as), and the economy of the registry block covering it (delegated statistics), else of the
 * ASN's registration. An address no route covers is "unrouted" (ASN 0); one in no block of a
 * known economy is "ZZ". The address is used for the lookup and dropped: only these two stay.
 */
import type { Database } from "@atalaya/db";
import { parseIpv4, parseIpv6, parsePrefix } from "@atalaya/net";
import { sql } from "drizzle-orm";
import { AddressMap, type AddressRange } from "./address-map";

export interface Attribution {
  /** Origin ASN; 0 when no route covers the address (unrouted). */
  asn: number;
  /** ISO 3166 economy from registry data; "ZZ" when unknown. */
  cc: string;
}

export const UNROUTED = 0;
export const UNKNOWN_ECONOMY = "ZZ";

export interface ClientAddress {
  family: 4 | 6;
  address: number | bigint;
}

/** A socket's remote address as Node gives it (`::ffff:192.0.2.1` for IPv4 on a dual-stack socket). */
export function clientAddress(remote: string | undefined): ClientAddress | null {
  if (!remote) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  const v4 = parseIpv4(mapped ? (mapped[1] as string) : remote);
  if (v4 !== null) return { family: 4, address: v4 };
  // A zone (`fe80::1%eth0`) says nothing about the network.
  const v6 = parseIpv6(remote.replace(/%.*$/, ""));
  return v6 === null ? null : { family: 6, address: v6 };
}

/** A CIDR prefix's first and last address, or null when it is not one. */
function prefixRange<T>(text: string, value: T): AddressRange<T> | null {
  const parsed = parsePrefix(text);
  if (!parsed.ok) return null;
  const p = parsed.prefix;
  if (p.family === 4)
    return { family: 4, first: p.address, last: p.address + 2 ** (32 - p.length) - 1, value };
  return { family: 6, first: p.address, last: p.address + (1n << BigInt(128 - p.length)) - 1n, value };
}

/** The comma-separated fields of each space-separated record of an aggregated text. */
function* fields(text: string): Generator<string[]> {
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf(" ", at);
    if (end < 0) end = text.length;
    yield text.slice(at, end).split(",");
    at = end + 1;
  }
}

export class Attributor {
  constructor(
    private readonly routes: AddressMap<number>,
    private readonly blocks: AddressMap<string>,
    private readonly asnEconomies: ReadonlyMap<number, string>,
  ) {}

  /**
   * Reads the live route table and registry blocks. A full table is ~1.8M routes: read as rows,
   * PGlite's worker spends ~15 s handing them over one by one, so each family comes as one text
   * value the database builds (~2 s), in prefix order (network, then wider first: the order the
   * map's flattening sorts into, so its sort finds them sorted). IPv4 ranges come as numbers the
   * database computes; IPv6 prefixes as text, parsed here.
   */
  static async load(database: Database): Promise<Attributor> {
    const [v4] = await database.rows<{ routes: string }>(sql`
      select coalesce(string_agg(concat_ws(',', prefix - '0.0.0.0'::inet, broadcast(prefix) - '0.0.0.0'::inet,
        origin_asn), ' ' order by prefix), '') as routes
      from routes where origin_asn is not null and family(prefix) = 4`);
    const [v6] = await database.rows<{ routes: string }>(sql`
      select coalesce(string_agg(concat_ws(',', prefix, origin_asn), ' ' order by prefix), '') as routes
      from routes where origin_asn is not null and family(prefix) = 6`);
    const blocks = await database.rows<{ prefix: string; cc: string }>(sql`
      select prefix::text as prefix, cc from registry_resources
      where prefix is not null and cc is not null and status in ('allocated', 'assigned')`);
    const asns = await database.rows<{ asn: number; cc: string }>(sql`
      select distinct on (asn) asn::float8 as asn, cc from registry_resources
      where type = 'asn' and cc is not null order by asn, registry`);
    function* routeRanges(): Generator<AddressRange<number>> {
      for (const [first, last, asn] of fields(v4?.routes ?? ""))
        yield { family: 4, first: Number(first), last: Number(last), value: Number(asn) };
      for (const [prefix, asn] of fields(v6?.routes ?? "")) {
        const range = prefixRange(prefix as string, Number(asn));
        if (range) yield range;
      }
    }
    return new Attributor(
      new AddressMap(routeRanges()),
      new AddressMap(blocks.flatMap((r) => prefixRange(r.prefix, r.cc) ?? [])),
      new Map(asns.map((a) => [Number(a.asn), a.cc])),
    );
  }

  attribute(client: ClientAddress): Attribution {
    const asn = this.routes.lookup(client.family, client.address) ?? UNROUTED;
    const cc =
      this.blocks.lookup(client.family, client.address) ??
      (asn === UNROUTED ? undefined : this.asnEconomies.get(asn)) ??
      UNKNOWN_ECONOMY;
    return { asn, cc };
  }
}
