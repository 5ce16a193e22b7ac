/**
 * The sources Atalaya keeps fresh, in dependency order (registry before measurements), with the
 * cadence their upstream publishes at. Data whose last good run is older than twice its cadence
 * is flagged stale by the API and the dashboard.
 */
export interface SourceInfo {
  name: string;
  title: string;
  /** Hours between upstream updates. */
  cadenceHours: number;
}

export const SOURCES: readonly SourceInfo[] = [
  { name: "delegated", title: "RIR delegated statistics", cadenceHours: 24 },
  { name: "asnames", title: "AS names", cadenceHours: 24 * 7 },
  { name: "aspop", title: "APNIC Labs AS population", cadenceHours: 24 * 7 },
  { name: "apnic", title: "APNIC Labs IPv6 measurement", cadenceHours: 24 },
  {
    name: "radar",
    title: "Cloudflare Radar HTTP requests over IPv6 (optional: needs ATALAYA_RADAR_TOKEN)",
    cadenceHours: 24,
  },
  { name: "google", title: "Google IPv6 adoption (global context)", cadenceHours: 24 * 7 },
  {
    name: "atalaya-beacon",
    title: "Atalaya's own beacon measurement (where sites embed it; needs ATALAYA_BEACON_*_HOST)",
    cadenceHours: 24,
  },
  { name: "vrps", title: "RPKI validated ROA payloads", cadenceHours: 24 },
  { name: "mrt", title: "BGP routes (RIPE RIS RIB dump)", cadenceHours: 24 },
  { name: "pfx2as", title: "BGP routes (CAIDA prefix-to-AS)", cadenceHours: 24 * 7 },
];

export const STALE_AFTER_CADENCES = 2;

export type Freshness = "fresh" | "stale" | "never" | "demo";

/** `lastGood` is when the last succeeded or unchanged run finished. */
export function freshness(source: SourceInfo, lastGood: Date | null, isDemo: boolean, now: Date): Freshness {
  if (!lastGood) return "never";
  if (isDemo) return "demo";
  const ageHours = (now.getTime() - lastGood.getTime()) / 3_600_000;
  return ageHours > source.cadenceHours * STALE_AFTER_CADENCES ? "stale" : "fresh";
}
