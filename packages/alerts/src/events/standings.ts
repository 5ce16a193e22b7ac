/**
 * What detection is told about the region by the caller that can evaluate it (the API's board):
 * every region network and organisation with its Jim Bound standing under the default award
 * parameters. Kept as plain data so that this package does not evaluate anything itself.
 */
export interface StandingRow {
  state: "eligible" | "borderline" | "below" | "insufficient-data";
  share: number | null;
  lo: number | null;
  hi: number | null;
  samples: number;
  days: number;
}

export interface NetworkStanding extends StandingRow {
  asn: number;
  name: string | null;
  cc: string;
  organisationId: string | null;
  /** The projected day the share reaches the threshold at the last 90 days' pace; null: none. */
  crossing: string | null;
}

export interface OrganisationStanding extends StandingRow {
  id: string;
  name: string | null;
  cc: string | null;
  asns: number[];
}

export interface DetectionInput {
  /** The evaluation date (the last day with measurements); null when nothing was measured yet. */
  evaluationDate: string | null;
  threshold: number;
  networks: NetworkStanding[];
  organisations: OrganisationStanding[];
}
