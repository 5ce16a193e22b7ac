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

export class Attributor {
  constructor(
    private readonly routes: AddressMap<number>,
    private readonly blocks: AddressMap<string>,
    private readonly asnEconomies: ReadonlyMap<number, string>,
  ) {}

  /** Reads the live route table and registry blocks (a second or two for a full table). */
  static async load(database: Database): Promise<Attributor> {
    const routes = await database.rows<{ prefix: string; asn: number }>(sql`
      select distinct prefix::text as prefix, origin_asn::float8 as asn
      from routes where origin_asn is not null`);
    const blocks = await database.rows<{ prefix: string; cc: string }>(sql`
      select prefix::text as prefix, cc from registry_resources
      where prefix is not null and cc is not null and status in ('allocated', 'assigned')`);
    const asns = await database.rows<{ asn: number; cc: string }>(sql`
      select distinct on (asn) asn::float8 as asn, cc from registry_resources
      where type = 'asn' and cc is not null order by asn, registry`);
    const ranges = <T>(rows: Array<{ prefix: string }>, value: (row: never) => T) =>
      rows.flatMap((r) => prefixRange(r.prefix, value(r as never)) ?? []);
    return new Attributor(
      new AddressMap(ranges(routes, (r: { asn: number }) => Number(r.asn))),
      new AddressMap(ranges(blocks, (r: { cc: string }) => r.cc)),
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
