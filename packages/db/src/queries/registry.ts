/**
 * Queries over the registry tables (schema/registry.ts): resource units per economy and holder,
 * the region's ASNs and organisations, and whether each registry prefix is announced (the
 * answers each validation run stores in registry_prefix_routing). Each names its index.
 */
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { countries } from "../schema/reference";
import { registryResources } from "../schema/registry";

export interface EconomyFigures {
  cc: string;
  name: string;
  sub_region: string;
  asns: number;
  ipv4_addresses: number;
  ipv6_slash32: number;
  organisations: number;
  ipv6_holders: number;
  asn_allocated: number;
  asn_assigned: number;
  ipv4_allocated: number;
  ipv4_assigned: number;
  ipv6_allocated: number;
  ipv6_assigned: number;
}

/**
 * Registry figures of the LACNIC-region economies (or of one), from live allocated and assigned
 * units in one pass: available and reserved space has no holder. Index: registry_resources_cc_idx (cc, type, status) per economy.
 * Casts keep both engines returning plain numbers (int8/numeric would come back as strings).
 */
export async function economyFigures(database: Database, only?: string): Promise<EconomyFigures[]> {
  return database.rows<EconomyFigures>(sql`
    select c.cc, c.name, c.sub_region,
      count(distinct r.asn)::int as asns,
      coalesce(sum(power(2, 32 - masklen(r.prefix))) filter (where r.type = 'ipv4'), 0)::float8 as ipv4_addresses,
      coalesce(sum(power(2, 32 - masklen(r.prefix))) filter (where r.type = 'ipv6'), 0)::float8 as ipv6_slash32,
      count(distinct r.registry || ':' || r.holder_id)::int as organisations,
      count(distinct r.registry || ':' || r.holder_id) filter (where r.type = 'ipv6')::int as ipv6_holders,
      count(*) filter (where r.type = 'asn' and r.status = 'allocated')::int as asn_allocated,
      count(*) filter (where r.type = 'asn' and r.status = 'assigned')::int as asn_assigned,
      count(*) filter (where r.type = 'ipv4' and r.status = 'allocated')::int as ipv4_allocated,
      count(*) filter (where r.type = 'ipv4' and r.status = 'assigned')::int as ipv4_assigned,
      count(*) filter (where r.type = 'ipv6' and r.status = 'allocated')::int as ipv6_allocated,
      count(*) filter (where r.type = 'ipv6' and r.status = 'assigned')::int as ipv6_assigned
    from countries c
    left join registry_resources r on r.cc = c.cc and r.status in ('allocated', 'assigned')
    where c.in_lacnic_region ${only === undefined ? sql`` : sql`and c.cc = ${only}`}
    group by c.cc, c.name, c.sub_region
    order by c.cc`);
}

export interface FamilyHolding {
  family: "ipv4" | "ipv6";
  held_prefixes: number;
  held_space: number;
  announced_prefixes: number;
  announced_space: number;
}

/**
 * An economy's allocated/assigned prefixes per family, and how many of them (and how much space)
 * anything announces. Indexes: registry_resources_cc_idx, then registry_prefix_routing's key.
 */
export async function familyHoldings(database: Database, cc: string): Promise<FamilyHolding[]> {
  return database.rows<FamilyHolding>(sql`
    select rr.type as family, count(*)::int as held_prefixes,
      sum(power(2, 32 - masklen(rr.prefix)))::float8 as held_space,
      count(*) filter (where a.announced)::int as announced_prefixes,
      coalesce(sum(power(2, 32 - masklen(rr.prefix))) filter (where a.announced), 0)::float8 as announced_space
    from registry_resources rr
    left join registry_prefix_routing a on a.prefix = rr.prefix
    where rr.cc = ${cc} and rr.type in ('ipv4', 'ipv6') and rr.status in ('allocated', 'assigned')
    group by rr.type`);
}

/**
 * A holder's IPv6 prefixes, their size in /32s, and whether anything announces each. Indexes:
 * registry_resources_holder_idx (registry, holder_id), then registry_prefix_routing's key.
 */
export async function heldIpv6(
  database: Database,
  holder: { registry: string; holderId: string },
): Promise<Array<{ prefix: string; slash32: number; announced: boolean }>> {
  return database.rows(sql`
    select rr.prefix::text as prefix, power(2, 32 - masklen(rr.prefix))::float8 as slash32,
      coalesce(a.announced, false) as announced
    from registry_resources rr
    left join registry_prefix_routing a on a.prefix = rr.prefix
    where rr.type = 'ipv6' and rr.registry = ${holder.registry} and rr.holder_id = ${holder.holderId}
    order by rr.prefix`);
}

export interface RegionAsn {
  asn: number;
  cc: string;
  registry: string;
  holder_id: string | null;
  name: string | null;
}

/**
 * Every allocated/assigned ASN in a LACNIC-region economy, with its holder and AS name, in AS
 * order. Index: registry_resources_cc_idx per region economy; asns' key per ASN.
 */
export async function regionAsns(database: Database): Promise<RegionAsn[]> {
  return database.rows<RegionAsn>(sql`
    select r.asn::float8 as asn, min(r.cc) as cc, min(r.registry) as registry, min(r.holder_id) as holder_id,
      min(n.name) as name
    from registry_resources r
    join countries c on c.cc = r.cc and c.in_lacnic_region
    left join asns n on n.asn = r.asn
    where r.type = 'asn' and r.status in ('allocated', 'assigned')
    group by r.asn order by r.asn`);
}

/** Every organisation's name and country by `registry:holder_id` (a scan of ~14k rows). */
export async function organisationNames(
  database: Database,
): Promise<Array<{ id: string; name: string | null; cc: string | null }>> {
  return database.rows(sql`select registry || ':' || holder_id as id, name, cc from organisations`);
}

/** The LACNIC-region economies, by code (the countries table's 31 region rows). */
export async function regionEconomies(
  database: Database,
): Promise<Array<{ cc: string; name: string; subRegion: string }>> {
  return database.db
    .select({ cc: countries.cc, name: countries.name, subRegion: countries.subRegion })
    .from(countries)
    .where(eq(countries.inLacnicRegion, true))
    .orderBy(asc(countries.cc));
}

/**
 * The registry country and holder of an ASN (any status). Index: registry_resources_asn_idx.
 */
export async function asnHolder(
  database: Database,
  asn: number,
): Promise<{ cc: string | null; registry: string; holderId: string | null } | undefined> {
  const [held] = await database.db
    .select({
      cc: registryResources.cc,
      registry: registryResources.registry,
      holderId: registryResources.holderId,
    })
    .from(registryResources)
    .where(and(eq(registryResources.type, "asn"), eq(registryResources.asn, asn)))
    .limit(1);
  return held;
}

/**
 * The ASNs (any status) held by some organisations (`registry:holder`), each with its holder, in
 * AS order: what an account acting for those organisations may act for. Ids that are not
 * `registry:holder` match nothing. Index: registry_resources_holder_idx (registry, holder_id).
 */
export async function holderAsns(
  database: Database,
  organisationIds: readonly string[],
): Promise<Array<{ asn: number; organisationId: string }>> {
  const holders = organisationIds.flatMap((id) => {
    const [registry, holderId, extra] = id.split(":");
    return registry && holderId && extra === undefined ? [{ registry, holderId }] : [];
  });
  if (holders.length === 0) return [];
  const rows = await database.db
    .selectDistinct({
      asn: registryResources.asn,
      registry: registryResources.registry,
      holderId: registryResources.holderId,
    })
    .from(registryResources)
    .where(
      and(
        eq(registryResources.type, "asn"),
        or(
          ...holders.map((h) =>
            and(eq(registryResources.registry, h.registry), eq(registryResources.holderId, h.holderId)),
          ),
        ),
      ),
    )
    .orderBy(asc(registryResources.asn));
  return rows.flatMap((r) =>
    r.asn === null ? [] : [{ asn: r.asn, organisationId: `${r.registry}:${r.holderId}` }],
  );
}
