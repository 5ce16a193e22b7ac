/**
 * LACNIC's service region: 31 economies (DESIGN.md §3), grouped in the sub-regions the dashboard
 * offers. Reference data, not a measurement: it changes only when LACNIC's region changes.
 */
export type SubRegion = "south-america" | "central-america-mexico" | "caribbean";

export const SUB_REGION_NAMES: Record<SubRegion, string> = {
  "south-america": "South America",
  "central-america-mexico": "Central America & Mexico",
  caribbean: "Caribbean",
};

export interface RegionCountry {
  cc: string;
  name: string;
  subRegion: SubRegion;
}

export const LACNIC_COUNTRIES: readonly RegionCountry[] = [
  { cc: "AR", name: "Argentina", subRegion: "south-america" },
  { cc: "AW", name: "Aruba", subRegion: "caribbean" },
  { cc: "BO", name: "Bolivia", subRegion: "south-america" },
  { cc: "BQ", name: "Bonaire, Sint Eustatius and Saba", subRegion: "caribbean" },
  { cc: "BR", name: "Brazil", subRegion: "south-america" },
  { cc: "BZ", name: "Belize", subRegion: "central-america-mexico" },
  { cc: "CL", name: "Chile", subRegion: "south-america" },
  { cc: "CO", name: "Colombia", subRegion: "south-america" },
  { cc: "CR", name: "Costa Rica", subRegion: "central-america-mexico" },
  { cc: "CU", name: "Cuba", subRegion: "caribbean" },
  { cc: "CW", name: "Curaçao", subRegion: "caribbean" },
  { cc: "DO", name: "Dominican Republic", subRegion: "caribbean" },
  { cc: "EC", name: "Ecuador", subRegion: "south-america" },
  { cc: "FK", name: "Falkland Islands (Malvinas)", subRegion: "south-america" },
  { cc: "GF", name: "French Guiana", subRegion: "south-america" },
  { cc: "GS", name: "South Georgia and the South Sandwich Islands", subRegion: "south-america" },
  { cc: "GT", name: "Guatemala", subRegion: "central-america-mexico" },
  { cc: "GY", name: "Guyana", subRegion: "south-america" },
  { cc: "HN", name: "Honduras", subRegion: "central-america-mexico" },
  { cc: "HT", name: "Haiti", subRegion: "caribbean" },
  { cc: "MX", name: "Mexico", subRegion: "central-america-mexico" },
  { cc: "NI", name: "Nicaragua", subRegion: "central-america-mexico" },
  { cc: "PA", name: "Panama", subRegion: "central-america-mexico" },
  { cc: "PE", name: "Peru", subRegion: "south-america" },
  { cc: "PY", name: "Paraguay", subRegion: "south-america" },
  { cc: "SR", name: "Suriname", subRegion: "south-america" },
  { cc: "SV", name: "El Salvador", subRegion: "central-america-mexico" },
  { cc: "SX", name: "Sint Maarten (Dutch part)", subRegion: "caribbean" },
  { cc: "TT", name: "Trinidad and Tobago", subRegion: "caribbean" },
  { cc: "UY", name: "Uruguay", subRegion: "south-america" },
  { cc: "VE", name: "Venezuela", subRegion: "south-america" },
];

const BY_CC = new Map(LACNIC_COUNTRIES.map((c) => [c.cc, c]));

export function lacnicCountry(cc: string): RegionCountry | undefined {
  return BY_CC.get(cc.toUpperCase());
}
