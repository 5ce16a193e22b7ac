/**
 * `npm run scale:data`: writes the full-size reference dataset (or a slice of it) under `.scale/`,
 * in the upstream layouts the ingest reads. Real files from ../shared/data/real are used where
 * they exist (LACNIC delegated, AS names, RouteViews pfx2as v4/v6, Google's series); the rest is
 * generated, deterministically, keyed on the real registry file:
 *
 *   http/   served by `serveScaleData` as the upstream hosts lay it out (ATALAYA_*_URL point here)
 *   files/  read with `--file` (pfx2as)
 *   manifest.json  what was written, and the parameter values the benchmark calls endpoints with
 *
 * A slice (`fraction` 1/20 in CI) keeps every 20th region ASN and holder, every 20th pfx2as line,
 * and a twentieth of the RIB and the VRPs: the same shapes, a twentieth of the rows.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Random } from "@atalaya/demo";
import { addDays } from "@atalaya/metrics";
import { ipv4RangeToCidrs, parseIpv4 } from "@atalaya/net";
import { apnicFileFor, asPopulationJson, curveFor, measuredNetworks } from "./measurements";
import { type Holder, readRegistry, regionAsns } from "./registry";
import { type Announcement, ribAnnouncements, seededAnnouncement, writeRib } from "./rib";
import { FULL_VRPS, generateVrps } from "./vrps";

export const SCALE_SEED = 20261202;

/** The real files the dataset is built on, relative to `<shared>/data/real`. */
export const REAL_FILES = {
  delegated: "lacnic-delegated/delegated-lacnic-extended-20240104.gz",
  asNames: "asnames-potaroo/asn-20190327.txt.gz",
  pfx2asV4: "caida-pfx2as/routeviews-rv2-20140205-1200.pfx2as.gz",
  pfx2asV6: "caida-pfx2as/routeviews-rv6-20140205-1200.pfx2as.gz",
  google: "google-ipv6-adoption/google-ipv6-adoption-global-2008-2021.csv",
} as const;

/** Paths below `http/`, as the upstream hosts publish them. */
export const HTTP_PATHS = {
  delegated: "/pub/stats/lacnic/delegated-lacnic-extended-latest",
  asNames: "/asn.txt",
  asPopulation: "/aspop/aspop.json",
  apnicBase: "/v6stats",
  google: "/ipv6/statistics/data/adoption.csv",
  vrps: "/rpki-client/vrps.json",
  mrt: "/ris/rrc00/latest-bview.gz",
  /** Cloudflare's API base; `serveScaleData` answers `…/ip_version?asn=N` from `ip_version/AS<N>.json`. */
  radarBase: "/client/v4",
} as const;

export const RADAR_SERIES_PATH = "/client/v4/radar/http/timeseries_groups/ip_version";
const RADAR_NETWORKS = 2_000;

export interface ScaleManifest {
  fraction: number;
  generatedAt: string;
  /** The registry file's data date; measurements end the day before. */
  registryDate: string;
  measurementEnd: string;
  http: typeof HTTP_PATHS;
  files: { pfx2asV4: string; pfx2asV6: string };
  counts: {
    holders: number;
    apnicFiles: number;
    radarNetworks: number;
    measuredNetworks: number;
    dailyRows: number;
    ribPrefixes: number;
    ribEntries: number;
    vrps: number;
    pfx2asLines: number;
  };
  /** Real parameter values for the benchmark's calls. */
  picks: {
    economy: string;
    organisation: string;
    busiestAsn: number;
    crowdedPrefix: string;
    coveredPrefix: string;
    searchWord: string;
  };
}

export interface GenerateOptions {
  /** Where ../shared/data/real is. */
  realDir: string;
  out: string;
  /** 1 for the full dataset, 1/20 for the CI slice. */
  fraction: number;
  log?: (line: string) => void;
}

const DAYS = 365;

/** `.scale/full`, or `.scale/slice-<n>` for a fraction 1/n, at the repository's root. */
export function defaultScaleDir(fraction: number): string {
  const root = path.resolve(import.meta.dirname, "../../..");
  return path.join(root, ".scale", fraction === 1 ? "full" : `slice-${Math.round(1 / fraction)}`);
}

export async function generateScaleData(options: GenerateOptions): Promise<ScaleManifest> {
  const { realDir, out, fraction } = options;
  const log = options.log ?? (() => {});
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`fraction must be in (0, 1]: ${fraction}`);
  const step = Math.round(1 / fraction);
  const real = (name: keyof typeof REAL_FILES) => path.join(realDir, REAL_FILES[name]);
  rmSync(out, { recursive: true, force: true });
  const http = path.join(out, "http");
  const put = (relative: string, body: string | Buffer) => {
    const file = path.join(http, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  };

  const registry = readRegistry(real("delegated"));
  const measurementEnd = addDays(registry.date, -1);
  put(HTTP_PATHS.delegated, registry.gzip);
  put(HTTP_PATHS.asNames, readFileSync(real("asNames")));
  put(HTTP_PATHS.google, readFileSync(real("google")));
  const holders = registry.holders.filter((_, i) => i % step === 0);
  log(
    `registry ${registry.date}: ${registry.holders.length} region holders, ${holders.length} in this dataset`,
  );

  // Measurements: every region ASN of the kept holders, a year each.
  const random = new Random(SCALE_SEED);
  const asns = regionAsns({ ...registry, holders });
  const networks = measuredNetworks(asns, random);
  const series = { end: measurementEnd, days: DAYS, purpose: "the Atalaya scale benchmark" };
  const population: Array<{ asn: number; cc: string; users: number }> = [];
  let apnicFiles = 0;
  let dailyRows = 0;
  for (const network of networks) {
    for (const cc of [network.cc, ...network.alsoIn]) {
      const file = apnicFileFor(network, cc, random, series);
      put(path.join(HTTP_PATHS.apnicBase, file.path), file.json);
      population.push({ asn: network.asn, cc, users: file.users });
      apnicFiles++;
      dailyRows += (file.json.match(/"date":/g) ?? []).length;
    }
  }
  put(HTTP_PATHS.asPopulation, asPopulationJson(population));
  log(`APNIC: ${apnicFiles} files, ${dailyRows} daily rows`);
  // Cloudflare Radar measures fewer networks: the first RADAR_NETWORKS (by AS number) of the kept ones.
  const radarNetworks = networks.slice(0, Math.round(RADAR_NETWORKS * fraction));
  for (const network of radarNetworks) {
    put(`${RADAR_SERIES_PATH}/AS${network.asn}.json`, radarJson(network.cc, measurementEnd, random));
  }

  // Routes: the kept holders' registry blocks, announced by their own ASNs, inside a random table.
  const seeded = seedAnnouncements(holders, new Random(SCALE_SEED + 1));
  const table = ribAnnouncements(fraction, seeded);
  mkdirSync(path.dirname(path.join(http, HTTP_PATHS.mrt)), { recursive: true });
  const rib = await writeRib(path.join(http, HTTP_PATHS.mrt), table);
  log(`RIB: ${rib.prefixes} prefixes, ${rib.entries} entries`);
  const vrps = generateVrps(table, Math.round(FULL_VRPS * fraction), new Random(SCALE_SEED + 2));
  put(HTTP_PATHS.vrps, vrps.json);
  log(`VRPs: ${vrps.count}`);

  // pfx2as: the real RouteViews files, every `step`-th line in a slice.
  const files = { pfx2asV4: "files/routeviews-rv2.pfx2as.gz", pfx2asV6: "files/routeviews-rv6.pfx2as.gz" };
  mkdirSync(path.join(out, "files"), { recursive: true });
  let pfx2asLines = 0;
  for (const [name, target] of [
    ["pfx2asV4", files.pfx2asV4],
    ["pfx2asV6", files.pfx2asV6],
  ] as const) {
    const lines = gunzipSync(readFileSync(real(name)))
      .toString("utf8")
      .split("\n")
      .filter(Boolean);
    const kept = lines.filter((_, i) => i % step === 0);
    pfx2asLines += kept.length;
    writeFileSync(path.join(out, target), gzipSync(`${kept.join("\n")}\n`));
  }

  const manifest: ScaleManifest = {
    fraction,
    generatedAt: new Date().toISOString(),
    registryDate: registry.date,
    measurementEnd,
    http: HTTP_PATHS,
    files,
    counts: {
      holders: holders.length,
      apnicFiles,
      radarNetworks: radarNetworks.length,
      measuredNetworks: networks.length,
      dailyRows,
      ribPrefixes: rib.prefixes,
      ribEntries: rib.entries,
      vrps: vrps.count,
      pfx2asLines,
    },
    picks: picks(holders, table, vrps.crowdedPrefix),
  };
  writeFileSync(path.join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Holders announce most of their blocks from their first ASN (holders without an ASN through an
 * upstream's), some IPv4 blocks also as two halves, some IPv6 blocks also as a /48.
 */
function seedAnnouncements(holders: readonly Holder[], random: Random): Announcement[] {
  const upstreams = holders.filter((h) => h.asns.length > 0).slice(0, 50);
  const out: Announcement[] = [];
  const add = (prefix: string, origin: number) => {
    const a = seededAnnouncement(prefix, origin);
    if (a) out.push(a);
  };
  for (const holder of holders) {
    const origin = holder.asns[0] ?? (random.pick(upstreams).asns[0] as number);
    for (const block of holder.ipv4) {
      for (const cidr of ipv4RangeToCidrs(parseIpv4(block.start) as number, block.count)) {
        if (!random.chance(0.85)) continue;
        add(cidr.prefix, origin);
        if (cidr.length < 24 && random.chance(0.25)) {
          const start = parseIpv4(cidr.prefix.split("/")[0] as string) as number;
          const half = 2 ** (32 - cidr.length - 1);
          add(`${ipAt(start)}/${cidr.length + 1}`, origin);
          add(`${ipAt(start + half)}/${cidr.length + 1}`, origin);
        }
      }
    }
    for (const block of holder.ipv6) {
      if (!random.chance(0.7)) continue;
      add(`${block.start}/${block.length}`, origin);
      if (block.length < 48 && random.chance(0.2)) add(`${block.start}/48`, origin);
    }
  }
  return out;
}

/** A year of daily IPv4/IPv6 request shares in Radar's `timeseries_groups/ip_version` layout. */
function radarJson(cc: string, end: string, random: Random): string {
  const timestamps: string[] = [];
  const v4: string[] = [];
  const v6: string[] = [];
  const share = curveFor(cc, true, random);
  for (let i = 0; i < DAYS; i++) {
    timestamps.push(`${addDays(end, i - (DAYS - 1))}T00:00:00Z`);
    const ipv6 = Math.min(
      95,
      100 * (share.start + ((share.end - share.start) * i) / (DAYS - 1)) * (0.95 + 0.1 * random.next()),
    );
    v6.push(ipv6.toFixed(4));
    v4.push((100 - ipv6).toFixed(4));
  }
  return JSON.stringify({
    success: true,
    errors: [],
    result: {
      meta: { aggInterval: "ONE_DAY", lastUpdated: `${end}T00:00:00Z` },
      serie_0: { timestamps, IPv4: v4, IPv6: v6 },
    },
  });
}

function ipAt(value: number): string {
  return [24, 16, 8, 0].map((s) => (value >>> s) & 255).join(".");
}

function picks(
  holders: readonly Holder[],
  table: { v4: readonly Announcement[]; v6: readonly Announcement[] },
  crowdedPrefix: string,
): ScaleManifest["picks"] {
  const regionAsns = new Set(holders.flatMap((h) => h.asns));
  const perOrigin = new Map<number, number>();
  for (const a of [...table.v4, ...table.v6]) {
    if (regionAsns.has(a.origin)) perOrigin.set(a.origin, (perOrigin.get(a.origin) ?? 0) + 1);
  }
  const busiestAsn = [...perOrigin].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const size = (h: Holder) => h.asns.length + h.ipv4.length + h.ipv6.length;
  const largest = [...holders].sort((a, b) => size(b) - size(a) || a.holderId.localeCompare(b.holderId))[0];
  const [address, length] = crowdedPrefix.split("/") as [string, string];
  return {
    economy: "BR",
    organisation: `lacnic:${largest?.holderId ?? ""}`,
    busiestAsn,
    crowdedPrefix,
    // A /24 inside the crowded /16: every one of its ROAs covers it.
    coveredPrefix: Number(length) <= 24 ? `${address}/24` : crowdedPrefix,
    searchWord: "telecom",
  };
}
