/**
 * Demo IPv6 measurements in APNIC Labs' per-network JSON layout (`v6economyas/<CC>/AS<n>.json`),
 * one year of daily counts ending on the demo date. Every state the award board shows has at
 * least one network: clearly eligible, borderline, below, too few samples, data only before the
 * window, a falling share, a multi-economy network, and networks APNIC never measured.
 */
import { addDays } from "@atalaya/metrics";
import type { DemoOrganisation } from "./generate";
import type { Random } from "./random";

/** The last measured day: the day before the demo registry date. */
export const DEMO_MEASUREMENT_END = "2026-10-31";
export const DEMO_DAYS = 365;

export type Profile =
  | "growing"
  | "eligible"
  | "borderline"
  | "falling"
  | "low-samples"
  | "stopped"
  | "flat-low";

export interface DemoNetwork {
  asn: number;
  cc: string;
  profile: Profile;
  /** Economies measured for this ASN besides its registry one. */
  alsoIn: string[];
}

export interface ApnicFile {
  /** Path below the v6stats base, e.g. `v6economyas/BR/AS64496.json`. */
  path: string;
  json: string;
}

export interface Curve {
  start: number;
  end: number;
  samples: number;
  /** Days at the end of the year without data. */
  gapAtEnd: number;
}

function curveFor(profile: Profile, big: boolean, random: Random): Curve {
  const samples = big ? random.int(20_000, 60_000) : random.int(400, 3_000);
  switch (profile) {
    case "eligible":
      return { start: random.int(22, 30) / 100, end: random.int(34, 48) / 100, samples, gapAtEnd: 0 };
    case "borderline":
      return { start: 0.14, end: 0.2, samples: random.int(60, 120), gapAtEnd: 0 };
    case "falling":
      return { start: random.int(25, 30) / 100, end: random.int(12, 16) / 100, samples, gapAtEnd: 0 };
    case "low-samples":
      return { start: 0.3, end: 0.35, samples: random.int(3, 12), gapAtEnd: 0 };
    case "stopped":
      return { start: 0.2, end: 0.3, samples, gapAtEnd: random.int(45, 90) };
    case "flat-low":
      return { start: random.int(1, 4) / 100, end: random.int(1, 4) / 100, samples, gapAtEnd: 0 };
    default:
      return { start: random.int(3, 12) / 100, end: random.int(12, 19) / 100, samples, gapAtEnd: 0 };
  }
}

function pickProfile(org: DemoOrganisation, index: number, random: Random): Profile {
  // The first networks get one of each notable profile so the demo always shows them all.
  const fixed: Profile[] = ["eligible", "borderline", "low-samples", "stopped", "falling", "eligible"];
  if (index < fixed.length) return fixed[index] as Profile;
  if (org.ipv6.length === 0) return "flat-low";
  const roll = random.next();
  return roll < 0.2
    ? "eligible"
    : roll < 0.3
      ? "falling"
      : roll < 0.4
        ? "flat-low"
        : roll < 0.45
          ? "low-samples"
          : "growing";
}

/** Which demo networks APNIC "measures", with their profiles. */
export function demoNetworks(organisations: readonly DemoOrganisation[], random: Random): DemoNetwork[] {
  const networks: DemoNetwork[] = [];
  for (const org of organisations) {
    if (org.kind === "end-user" && random.chance(0.7)) continue; // mostly too small to be measured
    for (const asn of org.asns) {
      if (random.chance(0.08)) continue; // never measured: the API answers 404
      const profile = pickProfile(org, networks.length, random);
      // One Brazilian incumbent also serves Paraguay: the multi-economy case.
      const alsoIn =
        org.cc === "BR" && networks.every((n) => n.alsoIn.length === 0) && org.asns.length > 1 ? ["PY"] : [];
      networks.push({ asn, cc: org.cc, profile, alsoIn });
    }
  }
  return networks;
}

export function apnicFiles(
  networks: readonly DemoNetwork[],
  organisations: readonly DemoOrganisation[],
  random: Random,
): ApnicFile[] {
  const bigAsns = new Set(
    organisations.filter((o) => o.ipv4.some((b) => b.count >= 16384)).flatMap((o) => o.asns),
  );
  const files: ApnicFile[] = [];
  for (const network of networks) {
    for (const cc of [network.cc, ...network.alsoIn]) {
      const curve = curveFor(network.profile, bigAsns.has(network.asn) && cc === network.cc, random);
      files.push({
        path: `v6economyas/${cc}/AS${network.asn}.json`,
        json: apnicJson(network.asn, cc, curve, random),
      });
    }
  }
  return files;
}

/** What generated a file, for its `copyright` and `description` fields. */
export interface ApnicSeries {
  /** The last measured day. */
  end: string;
  days: number;
  /** Who made the file, e.g. "demonstration" or "the scale benchmark". */
  purpose: string;
}

const DEMO_SERIES: ApnicSeries = { end: DEMO_MEASUREMENT_END, days: DEMO_DAYS, purpose: "demonstration" };

/** One network's daily series in APNIC Labs' layout: `raw` counts and the pooled 30-day figures. */
export function apnicJson(
  asn: number,
  cc: string,
  curve: Curve,
  random: Random,
  series: ApnicSeries = DEMO_SERIES,
): string {
  const data: object[] = [];
  const window: Array<{ seen: number; capable: number; preferred: number }> = [];
  for (let i = 0; i < series.days - curve.gapAtEnd; i++) {
    const date = addDays(series.end, i - (series.days - 1));
    const trend = curve.start + ((curve.end - curve.start) * i) / (series.days - 1);
    const seen = Math.max(
      0,
      Math.round(curve.samples * (0.7 + 0.6 * random.next()) * (i % 7 >= 5 ? 0.8 : 1)),
    );
    if (seen === 0) continue;
    const share = Math.min(0.95, Math.max(0, trend * (0.9 + 0.2 * random.next())));
    const preferred = Math.round(seen * share);
    const capable = Math.min(seen, Math.round(preferred * (1.05 + 0.2 * random.next())));
    window.push({ seen, capable, preferred });
    if (window.length > 30) window.shift();
    const pooled = window.reduce(
      (a, d) => ({
        seen: a.seen + d.seen,
        capable: a.capable + d.capable,
        preferred: a.preferred + d.preferred,
      }),
      {
        seen: 0,
        capable: 0,
        preferred: 0,
      },
    );
    const pc = (n: number, d: number) => Math.round((10_000 * n) / d) / 100;
    data.push({
      date,
      as: asn,
      cc,
      type: "economyas",
      raw: { seen, capable, capable_pc: pc(capable, seen), preferred, preferred_pc: pc(preferred, seen) },
      "30": {
        ...pooled,
        capable_pc: pc(pooled.capable, pooled.seen),
        preferred_pc: pc(pooled.preferred, pooled.seen),
      },
    });
  }
  return JSON.stringify({
    copyright: `Generated by Atalaya for ${series.purpose} (APNIC Labs layout); not a measurement`,
    description: `IPv6 capability and preference, AS${asn} in ${cc} (${series.purpose})`,
    docs: "https://data1.labs.apnic.net/ipv6-data-format.html",
    data,
  });
}

/** Traffic totals an ISP uploaded for one of its networks (`date,ipv4_bytes,ipv6_bytes`). */
export interface SelfReportedTraffic {
  asn: number;
  cc: string;
  csv: string;
}

/**
 * The first eligible network's own traffic counts, at 12–16% over IPv6 for 60 days: APNIC's
 * sampled users prefer IPv6 well above 20% there, so the board shows the two sources disagree.
 */
export function selfReportedTraffic(networks: readonly DemoNetwork[], random: Random): SelfReportedTraffic {
  const network = networks.find((n) => n.profile === "eligible");
  if (!network) throw new Error("the demo has no eligible network to report traffic for");
  const lines = ["date,ipv4_bytes,ipv6_bytes"];
  for (let i = 0; i < 60; i++) {
    const total = random.int(8_000, 12_000) * 1_000_000_000;
    const ipv6 = Math.round(total * (0.12 + 0.04 * random.next()));
    lines.push(`${addDays(DEMO_MEASUREMENT_END, i - 59)},${total - ipv6},${ipv6}`);
  }
  return { asn: network.asn, cc: network.cc, csv: `${lines.join("\n")}\n` };
}

/** APNIC's AS population estimate for the demo networks (`aspop?f=j` layout). */
export function asPopulationJson(
  networks: readonly DemoNetwork[],
  organisations: readonly DemoOrganisation[],
  random: Random,
): string {
  const bigAsns = new Set(
    organisations.filter((o) => o.ipv4.some((b) => b.count >= 16384)).flatMap((o) => o.asns),
  );
  const entries = networks.flatMap((n) =>
    [n.cc, ...n.alsoIn].map((cc) => {
      const home = cc === n.cc;
      const users = bigAsns.has(n.asn) && home ? random.int(200_000, 3_000_000) : random.int(2_000, 60_000);
      return {
        AS: `AS${n.asn}`,
        Description: "demo network",
        CC: cc,
        Users: users,
        Samples: Math.round(users / 40),
      };
    }),
  );
  entries.sort((a, b) => b.Users - a.Users);
  return JSON.stringify({
    Data: entries.map((e, i) => ({
      rank: i + 1,
      ...e,
      "Percent of CC Pop": null,
      "Percent of Internet": null,
    })),
  });
}

/**
 * A global adoption curve in Google's adoption.js layout (0-based months, percentages), for the
 * demo's context chart: invented, smooth growth with weekend peaks, labelled as demo.
 */
export function googleAdoptionJs(random: Random): string {
  const rows: string[] = [];
  for (let i = 0; i < 3 * 365; i++) {
    const date = addDays(DEMO_MEASUREMENT_END, i - (3 * 365 - 1));
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const weekend = new Date(`${date}T00:00:00Z`).getUTCDay() % 6 === 0 ? 3 : 0;
    const total = 38 + (10 * i) / (3 * 365) + weekend + random.next();
    rows.push(`  [${y}, ${m - 1}, ${d}, ${total.toFixed(6)}, ${(total - 0.02).toFixed(6)}, ],`);
  }
  return `// Demo data generated by Atalaya in the layout of Google's adoption.js; not a measurement.\nvar adoption = [\n${rows.join("\n")}\n];\n`;
}
