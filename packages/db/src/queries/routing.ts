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

export interface ExpiringVrp {
  prefix: string;
  maxLength: number;
  asn: number;
  /** ISO 8601, UTC. */
  expires: string;
}

/**
 * The VRPs of some ASNs that expire after `after` and no later than `until`, by ASN then soonest
 * first. Index: the primary key (asn, prefix, max_length), one range per ASN; expiry is checked
 * on the ASN's rows, which lie together (the VRP publish writes them in key order).
 */
export async function vrpsExpiringBetween(
  database: Database,
  asns: readonly number[],
  after: Date,
  until: Date,
): Promise<ExpiringVrp[]> {
  if (asns.length === 0) return [];
  // One array parameter: a region's 13k ASNs as separate parameters would near Postgres's limit.
  return database.rows<ExpiringVrp>(sql`
    select asn::float8 as asn, prefix::text as prefix, max_length as "maxLength",
      to_char(expires at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires
    from vrps
    where asn = any(${`{${asns.join(",")}}`}::bigint[])
      and expires > ${after.toISOString()}::timestamptz and expires <= ${until.toISOString()}::timestamptz
    order by vrps.asn, vrps.expires, family(vrps.prefix), vrps.prefix, vrps.max_length`);
}

export interface SoonestExpiringVrp extends ExpiringVrp {
  family: 4 | 6;
  /** The VRPs of this family that expire in the window, listed or not. */
  total: number;
  /** When the window starts: the VRP list's date (see soonestExpiringVrpsOf). */
  asOf: string;
}

/**
 * The VRPs of some ASNs that expire within `days` of the VRP list's own date, soonest first: the
 * first `limit` of each address family, each row with its family's total. The list's date is the
 * day it was built where it says (the run's data_date: rpki-client's buildtime), else when it was
 * fetched, so that a list read later (or the demo's, of its own date) is judged as of its making.
 * Index: the primary key (asn, prefix, max_length), one range per ASN, read three times (the
 * counts, then each family's first); a network's VRPs lie together (the publish writes them in
 * key order): 300 pages for one holding 19k, where in file order they touched nearly all 7,500.
 */
export async function soonestExpiringVrpsOf(
  database: Database,
  asns: readonly number[],
  days: number,
  limit: number,
): Promise<SoonestExpiringVrp[]> {
  if (asns.length === 0) return [];
  const inWindow = sql`v.asn in ${asns} and v.expires >= b.as_of and v.expires < b.as_of + make_interval(days => ${days})`;
  return database.rows<SoonestExpiringVrp>(sql`
    with basis as (
      select coalesce(r.data_date::timestamp at time zone 'UTC', r.fetched_at, r.started_at) as as_of
      from ingest_runs r where r.id = (select run_id from vrps limit 1)
    ), counts as (
      select family(v.prefix) as family, count(*)::int as total
      from vrps v cross join basis b where ${inWindow} group by 1
    )
    select s.prefix::text as prefix, s.max_length as "maxLength", s.asn::float8 as asn,
      to_char(s.expires at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires,
      f.family, c.total, to_char(b.as_of at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "asOf"
    -- The families as a list of two: driven by counts' rows, which the planner guesses in the
    -- thousands, the lateral's cost estimate passed jit_above_cost, and compiling took 0.6 s of
    -- a 0.05 s query on the server.
    from basis b cross join (values (4), (6)) as f(family)
    join counts c on c.family = f.family
    cross join lateral (
      select v.prefix, v.max_length, v.asn, v.expires from vrps v
      where ${inWindow} and family(v.prefix) = f.family
      order by v.expires, v.prefix, v.max_length limit ${limit}
    ) s
    order by s.expires, s.prefix, s.max_length`);
}
