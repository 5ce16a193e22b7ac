/** Registry figures per economy, computed from live resource units in one pass. */
import type { Database } from "@atalaya/db";
import { SUB_REGION_NAMES, type SubRegion } from "@atalaya/net";
import { type SQL, sql } from "drizzle-orm";
import type { EconomyShares, ShareFigure } from "../../lib/economy-shares";

interface Row {
  cc: string;
  name: string;
  sub_region: SubRegion;
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

// Only allocated and assigned units belong to an economy; available/reserved space has no holder.
// Casts keep both engines returning plain JS numbers (int8/numeric would come back as strings).
function countryFigures(where: SQL) {
  return sql<Row>`
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
    where ${where}
    group by c.cc, c.name, c.sub_region
    order by c.cc`;
}

function summary(row: Row) {
  return {
    cc: row.cc,
    name: row.name,
    subRegion: row.sub_region,
    subRegionName: SUB_REGION_NAMES[row.sub_region],
    asns: row.asns,
    ipv4Addresses: row.ipv4_addresses,
    ipv6Slash32: row.ipv6_slash32,
    organisations: row.organisations,
  };
}

const NO_SHARE: ShareFigure = { share: null, weightedBy: null, networks: 0 };

export async function listCountries(database: Database, shares: EconomyShares) {
  const rows = await database.rows<Row>(countryFigures(sql`c.in_lacnic_region`));
  return rows.map((row) => ({ ...summary(row), ipv6Share: shares.byCountry.get(row.cc) ?? NO_SHARE }));
}

export async function getCountry(database: Database, cc: string, shares: EconomyShares) {
  const [row] = await database.rows<Row>(countryFigures(sql`c.in_lacnic_region and c.cc = ${cc}`));
  if (!row) return null;
  return {
    ...summary(row),
    ipv6Share: shares.byCountry.get(row.cc) ?? NO_SHARE,
    units: {
      asn: { allocated: row.asn_allocated, assigned: row.asn_assigned },
      ipv4: { allocated: row.ipv4_allocated, assigned: row.ipv4_assigned },
      ipv6: { allocated: row.ipv6_allocated, assigned: row.ipv6_assigned },
    },
    ipv6HolderShare: row.organisations > 0 ? row.ipv6_holders / row.organisations : null,
  };
}
