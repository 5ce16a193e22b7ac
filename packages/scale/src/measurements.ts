/**
 * Measurement files for the scale dataset, in the upstream layouts: APNIC Labs per-network JSON
 * (`v6economyas/<CC>/AS<n>.json`, a year of daily counts) for every region ASN of the registry
 * file, some of them measured in a second economy too, and APNIC's AS population list for the
 * same (ASN, economy) pairs. Shares and sample sizes are drawn per network from distributions
 * shaped like the region's: heavy-tailed samples (a few incumbents with tens of thousands a day,
 * most networks with a handful), shares centred per economy.
 */
import { type ApnicSeries, apnicJson, type Curve, type Random } from "@atalaya/demo";
import { LACNIC_COUNTRIES } from "@atalaya/net";

export interface MeasuredNetwork {
  asn: number;
  cc: string;
  /** Economies it is also measured in. */
  alsoIn: string[];
}

/** Rough centres of the region's IPv6 preference by economy; others get 0.08. */
const CENTRE: Record<string, number> = {
  BR: 0.42,
  MX: 0.38,
  UY: 0.4,
  GF: 0.35,
  PE: 0.3,
  EC: 0.25,
  CO: 0.18,
  AR: 0.16,
  CL: 0.12,
  GT: 0.2,
  TT: 0.22,
  VE: 0.03,
};

const CCS = LACNIC_COUNTRIES.map((c) => c.cc);

export function measuredNetworks(
  asns: ReadonlyArray<{ asn: number; cc: string }>,
  random: Random,
): MeasuredNetwork[] {
  return asns.map(({ asn, cc }) => ({
    asn,
    cc,
    // Transit and content networks show up in neighbouring economies' measurements.
    alsoIn: random.chance(0.02) ? [random.pick(CCS.filter((c) => c !== cc))] : [],
  }));
}

export function curveFor(cc: string, home: boolean, random: Random): Curve {
  const centre = CENTRE[cc] ?? 0.08;
  const start = Math.max(0, Math.min(0.9, centre * (0.3 + 1.2 * random.next())));
  const end = Math.max(0, Math.min(0.95, start * (0.85 + 0.5 * random.next())));
  // 10^0.3 … 10^4.7 a day, most networks at the small end.
  const samples = Math.round(10 ** (0.3 + 4.4 * random.next() ** 2.2) * (home ? 1 : 0.2));
  return {
    start,
    end,
    samples: Math.max(1, samples),
    gapAtEnd: random.chance(0.03) ? random.int(30, 120) : 0,
  };
}

export function apnicFileFor(
  network: MeasuredNetwork,
  cc: string,
  random: Random,
  series: ApnicSeries,
): { path: string; json: string; users: number } {
  const curve = curveFor(cc, cc === network.cc, random);
  return {
    path: `v6economyas/${cc}/AS${network.asn}.json`,
    json: apnicJson(network.asn, cc, curve, random, series),
    users: Math.round(curve.samples * (30 + 30 * random.next())),
  };
}

/** APNIC's AS population list (`aspop?f=j` layout), largest first. */
export function asPopulationJson(entries: Array<{ asn: number; cc: string; users: number }>): string {
  const sorted = [...entries].sort((a, b) => b.users - a.users || a.asn - b.asn);
  return JSON.stringify({
    Data: sorted.map((e, i) => ({
      rank: i + 1,
      AS: `AS${e.asn}`,
      Description: "scale benchmark network",
      CC: e.cc,
      Users: e.users,
      "Percent of CC Pop": null,
      "Percent of Internet": null,
      Samples: Math.round(e.users / 40),
    })),
  });
}
