/** Registry figures per economy, computed from live resource units in one pass. */
import { type Database, registryQueries } from "@atalaya/db";
import { SUB_REGION_NAMES, type SubRegion } from "@atalaya/net";
import type { EconomyShares, ShareFigure } from "../../lib/economy-shares";

/** The database knows sub-regions as text; the countries table only holds these three. */
type Row = registryQueries.EconomyFigures & { sub_region: SubRegion };

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
  const rows = (await registryQueries.economyFigures(database)) as Row[];
  return rows.map((row) => ({ ...summary(row), ipv6Share: shares.byCountry.get(row.cc) ?? NO_SHARE }));
}

export async function getCountry(database: Database, cc: string, shares: EconomyShares) {
  const [row] = (await registryQueries.economyFigures(database, cc)) as Row[];
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
