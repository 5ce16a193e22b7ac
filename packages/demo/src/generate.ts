/**
 * The demo dataset: invented providers across the LACNIC region, written in the upstream formats
 * the ingest reads (RIR delegated-extended, AS-name list), so a demo start-up runs the real
 * parsers and the real publish path. Deterministic for a given seed. Only documentation and
 * private-use numbers appear: ASNs 64496–64511, 65536–65551 and 4200000000+; IPv4 from 10/8,
 * 100.64/10, 172.16/12; IPv6 from 3fff::/20 (RFC 9637) and 2001:db8::/32.
 */
import { formatIpv4, formatIpv6, LACNIC_COUNTRIES, parseIpv4, parseIpv6 } from "@atalaya/net";
import {
  type ApnicFile,
  apnicFiles,
  asPopulationJson,
  type DemoNetwork,
  demoNetworks,
  googleAdoptionJs,
  type SelfReportedTraffic,
  selfReportedTraffic,
} from "./measurements";
import { inventName } from "./names";
import { Random } from "./random";
import { type DemoRouting, demoRouting } from "./routing";

export const DEMO_SEED = 20261101;
/** The date the demo data describes; fixed so that the dataset never changes. */
export const DEMO_DATE = "20261101";

export interface DemoOrganisation {
  holderId: string;
  cc: string;
  name: string;
  kind: "isp" | "end-user";
  asns: number[];
  ipv4: Array<{ start: string; count: number }>;
  ipv6: Array<{ start: string; length: number }>;
  date: string;
}

export interface DemoDataset {
  organisations: DemoOrganisation[];
  /** `delegated-lacnic-extended` format. */
  delegated: string;
  /** potaroo format, `ASN<TAB>NAME,CC`. */
  asNames: string;
  /** Measured networks and their APNIC Labs files. */
  networks: DemoNetwork[];
  apnic: ApnicFile[];
  /** APNIC Labs AS population JSON. */
  asPopulation: string;
  /** Google adoption.js. */
  googleAdoption: string;
  /** One ISP's own traffic upload, a second source beside APNIC's. */
  selfReported: SelfReportedTraffic;
  /** Routes (pfx2as) and VRPs (Routinator jsonext). */
  routing: DemoRouting;
}

/** Providers per economy, roughly in proportion to the real region. */
const ORGANISATIONS_PER_COUNTRY: Record<string, number> = {
  BR: 40,
  MX: 14,
  AR: 14,
  CO: 10,
  CL: 9,
  VE: 6,
  PE: 6,
  EC: 5,
  CR: 4,
  DO: 4,
  PA: 4,
  UY: 4,
  GT: 3,
  HN: 3,
  PY: 3,
  BO: 3,
  SV: 3,
  NI: 2,
  TT: 2,
  HT: 2,
  CU: 1,
  BZ: 1,
  CW: 1,
  AW: 1,
  BQ: 1,
  GY: 1,
  SR: 1,
  GF: 1,
  SX: 1,
};

class AsnPool {
  #next = [64496, 65536, 4200000000];
  #limit = [64511, 65551, 4294967294];
  #pool = 0;
  take(): number {
    while ((this.#next[this.#pool] as number) > (this.#limit[this.#pool] as number)) this.#pool++;
    const asn = this.#next[this.#pool] as number;
    this.#next[this.#pool] = asn + 1;
    return asn;
  }
}

class Ipv4Pool {
  #blocks = ["10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12"].map((b) => {
    const [addr, len] = b.split("/") as [string, string];
    const start = parseIpv4(addr) as number;
    return { cursor: start, end: start + 2 ** (32 - Number(len)) };
  });
  take(count: number): string {
    for (const block of this.#blocks) {
      const aligned = Math.ceil(block.cursor / 256) * 256;
      if (aligned + count <= block.end) {
        block.cursor = aligned + count;
        return formatIpv4(aligned);
      }
    }
    throw new Error("demo IPv4 pools exhausted");
  }
}

class Ipv6Pool {
  #isp = parseIpv6("3fff::") as bigint; // /32s and /29s out of 3fff::/20
  #endUser = parseIpv6("2001:db8::") as bigint; // /48s out of 2001:db8::/32
  takeIsp(length: 29 | 32): string {
    const size = 1n << BigInt(128 - length);
    this.#isp = ((this.#isp + size - 1n) / size) * size;
    const start = this.#isp;
    this.#isp += size;
    return formatIpv6(start);
  }
  takeEndUser(): string {
    const start = this.#endUser;
    this.#endUser += 1n << 80n;
    return formatIpv6(start);
  }
}

function randomDate(random: Random): string {
  const year = random.int(2001, 2026);
  const month = year === 2026 ? random.int(1, 9) : random.int(1, 12);
  return `${year}${String(month).padStart(2, "0")}${String(random.int(1, 28)).padStart(2, "0")}`;
}

const IPV4_SIZES = [256, 512, 768, 1024, 1536, 2048, 4096, 8192];

export function generateDemo(seed = DEMO_SEED): DemoDataset {
  const random = new Random(seed);
  const asnPool = new AsnPool();
  const v4 = new Ipv4Pool();
  const v6 = new Ipv6Pool();
  const names = new Set<string>();
  const organisations: DemoOrganisation[] = [];
  let holder = 900000;
  for (const country of LACNIC_COUNTRIES) {
    const n = ORGANISATIONS_PER_COUNTRY[country.cc] ?? 0;
    for (let i = 0; i < n; i++) {
      const big = i < Math.ceil(n / 8); // the first few are the country's large incumbents
      const kind = !big && random.chance(0.15) ? "end-user" : "isp";
      const org: DemoOrganisation = {
        holderId: String(++holder),
        cc: country.cc,
        name: inventName(random, country.cc, names),
        kind,
        asns: [],
        ipv4: [],
        ipv6: [],
        date: randomDate(random),
      };
      const asnCount = big ? random.int(2, 4) : random.chance(0.2) ? 2 : 1;
      for (let a = 0; a < asnCount; a++) org.asns.push(asnPool.take());
      const v4Blocks = big ? random.int(3, 6) : random.int(1, 2);
      for (let b = 0; b < v4Blocks; b++) {
        const count = big ? random.pick([16384, 32768, 65536, 98304]) : random.pick(IPV4_SIZES);
        org.ipv4.push({ start: v4.take(count), count });
      }
      // Some providers still hold no IPv6 at all: the first rung of the readiness ladder.
      if (kind === "end-user") org.ipv6.push({ start: v6.takeEndUser(), length: 48 });
      else if (big) org.ipv6.push({ start: v6.takeIsp(29), length: 29 });
      else if (random.chance(0.85)) org.ipv6.push({ start: v6.takeIsp(32), length: 32 });
      organisations.push(org);
    }
  }
  const delegated = writeDelegated(organisations, random, asnPool, v6);
  // Measurements draw from their own stream so that registry files stay as they were.
  const measuring = new Random(seed + 1);
  const networks = demoNetworks(organisations, measuring);
  return {
    organisations,
    delegated,
    asNames: writeAsNames(organisations),
    networks,
    apnic: apnicFiles(networks, organisations, measuring),
    asPopulation: asPopulationJson(networks, organisations, measuring),
    googleAdoption: googleAdoptionJs(measuring),
    // Routing draws from a third stream, for the same reason.
    routing: demoRouting(organisations, new Random(seed + 2), DEMO_DATE),
    // The self-reported upload from a fourth.
    selfReported: selfReportedTraffic(networks, new Random(seed + 3)),
  };
}

function writeDelegated(
  organisations: DemoOrganisation[],
  random: Random,
  asnPool: AsnPool,
  v6: Ipv6Pool,
): string {
  const asn: string[] = [];
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const org of organisations) {
    const status = org.kind === "end-user" ? "assigned" : "allocated";
    for (const a of org.asns) asn.push(`lacnic|${org.cc}|asn|${a}|1|${org.date}|${status}|${org.holderId}`);
    for (const b of org.ipv4)
      ipv4.push(`lacnic|${org.cc}|ipv4|${b.start}|${b.count}|${org.date}|${status}|${org.holderId}`);
    for (const p of org.ipv6)
      ipv6.push(`lacnic|${org.cc}|ipv6|${p.start}|${p.length}|${org.date}|${status}|${org.holderId}`);
  }
  // Unallocated space, as LACNIC lists it: no country, no date, no holder.
  for (let i = 0; i < 8; i++)
    asn.push(`lacnic||asn|${asnPool.take()}|1||${i % 2 ? "reserved" : "available"}|`);
  for (let i = 0; i < 12; i++)
    ipv6.push(`lacnic||ipv6|${v6.takeIsp(32)}|32||${random.chance(0.5) ? "reserved" : "available"}|`);
  const records = [...asn, ...ipv4, ...ipv6];
  const header = `2.3|lacnic|${DEMO_DATE}|${records.length}|19870101|${DEMO_DATE}|-0300`;
  const summaries = [
    `lacnic|*|ipv4|*|${ipv4.length}|summary`,
    `lacnic|*|ipv6|*|${ipv6.length}|summary`,
    `lacnic|*|asn|*|${asn.length}|summary`,
  ];
  return `${[header, ...summaries, ...records].join("\n")}\n`;
}

function writeAsNames(organisations: DemoOrganisation[]): string {
  const lines: string[] = [];
  for (const org of organisations) {
    org.asns.forEach((asn, i) => {
      const label =
        org.asns.length > 1 ? ` - ${["backbone", "access", "mobile", "hosting"][i] ?? `AS ${i + 1}`}` : "";
      lines.push(`${asn}\t${org.name}${label},${org.cc}`);
    });
  }
  return `${lines.join("\n")}\n`;
}
