/**
 * Queries over the routing tables (schema/routing.ts): the stored RFC 6811 state of every
 * announced route (route_validity, written by each validation run with peers and, for invalid
 * routes, the VRPs behind the state) and the answers for registry prefixes. Each names its index.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";

export interface RouteState {
  prefix: string;
  origin: string;
  state: "valid" | "invalid" | "not-found";
  reason: "as" | "length" | null;
  peers: number | null;
  /** JSON of Routinator's VRP lists, for invalid routes. */
  vrps: string | null;
}

/**
 * The routes some ASNs originate, with their stored states. Index: route_validity_origin_asn_idx
 * (one range per ASN); sorted by family then prefix.
 */
export async function routeStatesOf(database: Database, asns: readonly number[]): Promise<RouteState[]> {
  if (asns.length === 0) return [];
  return database.rows<RouteState>(sql`
    select v.prefix::text as prefix, v.origin, v.state, v.reason, v.peers, v.vrps
    from route_validity v
    where v.origin_asn in ${asns}
    order by family(v.prefix), v.prefix`);
}

export interface RoaCounts {
  asn: number;
  announced: number;
  valid: number;
  invalid: number;
  not_found: number;
}

/** Routes per state for each of some ASNs. Index: route_validity_origin_asn_idx. */
export async function roaCountsOf(
  database: Database,
  asns: readonly number[],
): Promise<Map<number, RoaCounts>> {
  if (asns.length === 0) return new Map();
  const rows = await database.rows<RoaCounts>(sql`
    select origin_asn::float8 as asn, count(*)::int as announced,
      count(*) filter (where state = 'valid')::int as valid,
      count(*) filter (where state = 'invalid')::int as invalid,
      count(*) filter (where state = 'not-found')::int as not_found
    from route_validity where origin_asn in ${asns} group by origin_asn`);
  return new Map(rows.map((r) => [Number(r.asn), r]));
}

/**
 * Routes per address family originated by an economy's allocated/assigned ASNs. Indexes:
 * registry_resources_cc_idx (cc, type, status) for the ASNs, then route_validity_origin_asn_idx
 * per ASN.
 */
export async function routesPerFamilyOfEconomy(
  database: Database,
  cc: string,
): Promise<Array<{ family: "ipv4" | "ipv6"; routes: number }>> {
  return database.rows(sql`
    with mine as (
      select distinct rr.asn from registry_resources rr
      where rr.cc = ${cc} and rr.type = 'asn' and rr.status in ('allocated', 'assigned')
    )
    select case when family(v.prefix) = 4 then 'ipv4' else 'ipv6' end as family, count(*)::int as routes
    from route_validity v join mine on mine.asn = v.origin_asn group by 1`);
}
