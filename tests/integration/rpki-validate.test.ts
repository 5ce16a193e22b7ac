/**
 * Origin validation end to end on real data:
 * - every route of CAIDA's 2014-02-05 pfx2as (rv2 + rv6) against the AFRINIC and LACNIC archive
 *   VRPs, checked route by route against a reference built another way (sorted address ranges
 *   instead of a trie);
 * - routes taken out of real MRT files, checked against `bgpdump -m`'s own text of the same files;
 * - `validateFiles` (the `atalaya validate` command) on small files, plain and compressed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DEFAULT_INPUT_LIMITS, type InputLimits } from "@atalaya/config";
import { openDecompressed } from "@atalaya/ingest";
import {
  formatPrefix,
  type IpPrefix,
  maxPrefixLength,
  mrtRouteItems,
  parsePfx2asLine,
  parsePrefix,
  parseVrps,
  pfx2asRoutes,
  type Route,
  RouteSet,
  readMrtRecords,
  type Vrp,
  VrpIndex,
} from "@atalaya/net";
import { describe, expect, it } from "vitest";
import { type ValidateOutput, validateFiles } from "../../packages/cli/src/validate-command";
import { tempDir } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const rv2 = realData("caida-pfx2as/routeviews-rv2-20140205-1200.pfx2as.gz");
const rv6 = realData("caida-pfx2as/routeviews-rv6-20140205-1200.pfx2as.gz");
const afrinic = realData("rpki-afrinic-roas-ripe-archive/roas-afrinic-2022-01.csv.gz");
const lacnic = realData("rpki-lacnic-roas-ripe-archive/roas_202512.first74rows.csv");

function pfx2asFileRoutes(file: string): Route[] {
  const out: Route[] = [];
  gunzipSync(readFileSync(file))
    .toString("utf8")
    .split("\n")
    .forEach((text, i) => {
      const item = parsePfx2asLine({ number: i + 1, text });
      if (item?.kind === "entry") out.push(...pfx2asRoutes(item));
    });
  return out;
}

/** First and last address of a prefix, as bigints for both families. */
function range(prefix: IpPrefix): [bigint, bigint] {
  const start = BigInt(prefix.address);
  const hostBits = BigInt(maxPrefixLength(prefix.family) - prefix.length);
  return [start, start + (1n << hostBits) - 1n];
}

/**
 * The covering VRPs of every route, found by walking, for each VRP, the routes whose first
 * address falls inside it (routes sorted by first address; a route inside a VRP starts inside it
 * and is at least as long).
 */
function coveringByRanges(vrps: Vrp[], routes: Route[]): Vrp[][] {
  const covering: Vrp[][] = routes.map(() => []);
  for (const family of [4, 6] as const) {
    const order = routes
      .map((r, i) => ({ i, start: range(r.prefix)[0], length: r.prefix.length, family: r.prefix.family }))
      .filter((r) => r.family === family)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const v of vrps) {
      if (v.prefix.family !== family) continue;
      const [start, end] = range(v.prefix);
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((order[mid] as { start: bigint }).start < start) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < order.length && (order[k] as { start: bigint }).start <= end; k++) {
        const r = order[k] as { i: number; length: number };
        if (r.length >= v.prefix.length) (covering[r.i] as Vrp[]).push(v);
      }
    }
  }
  return covering;
}

describe("validation of the 2014 RouteViews table against AFRINIC and LACNIC VRPs", () => {
  it.skipIf(!rv2 || !rv6 || !afrinic || !lacnic)(
    "agrees with a range-based reference on all 522,408 routes",
    () => {
      const vrps = [
        ...parseVrps(gunzipSync(readFileSync(afrinic as string)).toString("utf8")).vrps,
        ...parseVrps(readFileSync(lacnic as string, "utf8")).vrps,
      ];
      const routes = [...pfx2asFileRoutes(rv2 as string), ...pfx2asFileRoutes(rv6 as string)];
      expect(routes).toHaveLength(522_408);
      const index = new VrpIndex(vrps);
      const reference = coveringByRanges(vrps, routes);
      const counts: Record<string, number> = {};
      routes.forEach((route, i) => {
        const result = index.validate(route);
        const covering = reference[i] as Vrp[];
        const origin = typeof route.origin === "number" ? route.origin : -1;
        const names = covering.filter((v) => v.asn !== 0 && v.asn === origin);
        const matched = names.filter((v) => route.prefix.length <= v.maxLength);
        const state = matched.length > 0 ? "valid" : covering.length > 0 ? "invalid" : "not-found";
        const reason = state === "invalid" ? (names.length > 0 ? "length" : "as") : null;
        if (result.state !== state || result.reason !== reason) {
          throw new Error(
            `${formatPrefix(route.prefix)} ${JSON.stringify(route.origin)}: ${result.state}/${result.reason}, expected ${state}/${reason}`,
          );
        }
        const listed = result.matched.length + result.unmatchedAs.length + result.unmatchedLength.length;
        if (listed !== covering.length || result.matched.length !== matched.length) {
          throw new Error(
            `${formatPrefix(route.prefix)}: ${listed} covering VRPs listed, expected ${covering.length}`,
          );
        }
        const key = `${state}${reason ? `/${reason}` : ""}`;
        counts[key] = (counts[key] ?? 0) + 1;
      });
      // Few routes of 2014 are covered by these 4,446 VRPs (of 2021/2025), and those few in every way.
      expect(counts).toEqual({ "not-found": 520_983, valid: 1_242, "invalid/as": 151, "invalid/length": 32 });
    },
  );
});

// ------------------------------------------------------------------ MRT against bgpdump -m

/** (prefix, origin) pairs as `bgpdump -m` prints them: RIB ("B") and announcement ("A") lines. */
function bgpdumpRoutes(text: string): { routes: Set<string>; noOrigin: number } {
  const routes = new Set<string>();
  let noOrigin = 0;
  for (const line of text.split("\n")) {
    const f = line.split("|");
    if (f[2] !== "B" && f[2] !== "A") continue;
    const parsed = parsePrefix(f[5] ?? "");
    if (!parsed.ok) throw new Error(`bad prefix in ${line}`);
    // ADD-PATH lines (TABLE_DUMP2_AP, BGP4MP_AP) put the path id before the AS path.
    const pathField = f[0]?.endsWith("_AP") ? f[7] : f[6];
    const last = (pathField ?? "").trim().split(" ").pop() ?? "";
    if (/^\d+$/.test(last)) routes.add(`${formatPrefix(parsed.prefix)} ${last}`);
    else if (/^\{[\d,]+\}$/.test(last)) {
      const set = [...new Set(last.slice(1, -1).split(",").map(Number))].sort((a, b) => a - b);
      routes.add(`${formatPrefix(parsed.prefix)} {${set.join(",")}}`);
    } else noOrigin++;
  }
  return { routes, noOrigin };
}

async function mrtRoutes(file: string): Promise<{ routes: Set<string>; skipped: number }> {
  const set = new RouteSet();
  let skipped = 0;
  for await (const record of readMrtRecords(openDecompressed(file))) {
    for (const item of mrtRouteItems(record)) {
      if (item.kind === "route") set.add(item.route);
      else skipped++;
    }
  }
  return { routes: new Set(set.sorted().map((r) => `${r.prefix} ${r.origin}`)), skipped };
}

const MRT_CASES = [
  [
    "TABLE_DUMP RIB, RIS 2002",
    "mrt-ripe-bgpdump/test_data/bview.20020722.2337.gz",
    "mrt-ripe-bgpdump/test_expect/bview.20020722.2337.gz.bgp.gz",
  ],
  [
    "BGP4MP updates, RIS 2016",
    "mrt-ripe-bgpdump/test_data/updates.20160811.1600.gz",
    "mrt-ripe-bgpdump/test_expect/updates.20160811.1600.gz.bgp.gz",
  ],
  [
    "BGP4MP updates, rrc15 São Paulo 2010",
    "mrt-ripe-ris-bgpkit/rrc15.updates.20100227.1600.gz",
    "mrt-ripe-ris-bgpkit/bgpdump-m-reference/rrc15.updates.20100227.1600.gz.bgpdump-m.txt.gz",
  ],
  [
    "TABLE_DUMP_V2 ADD-PATH RIB, IPv6",
    "mrt-ripe-bgpdump/test_data/bview.ipv6_unicast_add_path.gz",
    "mrt-ripe-bgpdump/test_expect/bview.ipv6_unicast_add_path.gz.bgp.gz",
  ],
] as const;

describe("routes out of real MRT files", () => {
  for (const [name, input, reference] of MRT_CASES) {
    const mrt = realData(input);
    const expected = realData(reference);
    it.skipIf(!mrt || !expected)(`${name}: the (prefix, origin) pairs bgpdump prints`, async () => {
      const want = bgpdumpRoutes(gunzipSync(readFileSync(expected as string)).toString("utf8"));
      const got = await mrtRoutes(mrt as string);
      expect(got.routes.size).toBeGreaterThan(0);
      expect([...got.routes].filter((r) => !want.routes.has(r)).slice(0, 5)).toEqual([]);
      expect([...want.routes].filter((r) => !got.routes.has(r)).slice(0, 5)).toEqual([]);
      expect(got.skipped).toBe(want.noOrigin);
    });
  }
});

// ------------------------------------------------------------------ the command

function collector(): ValidateOutput & { text: string; notes: string[] } {
  const out = {
    text: "",
    notes: [] as string[],
    async write(text: string) {
      out.text += text;
    },
    note(text: string) {
      out.notes.push(text);
    },
  };
  return out;
}

describe("validateFiles (atalaya validate)", () => {
  const dir = tempDir();
  const vrpsJson = JSON.stringify({
    metadata: { buildmachine: "test" },
    roas: [
      { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, ta: "test", expires: 0 },
      { asn: 64497, prefix: "2001:db8::/32", maxLength: 48, ta: "test", expires: 0 },
      { asn: 0, prefix: "203.0.113.0/24", maxLength: 32, ta: "test", expires: 0 },
      // Rejected: a max length below the prefix length.
      { asn: 64496, prefix: "192.0.2.0/24", maxLength: 16, ta: "test", expires: 0 },
      { asn: 64496, prefix: "192.0.2.0/23", maxLength: 23, ta: "test", expires: 0 },
    ],
  });
  const pfx2as = [
    "192.0.2.0\t24\t64496_64499",
    "192.0.2.128\t25\t64496",
    "2001:DB8:0:0::\t48\t64497",
    "2001:db8::\t32\t64496,64497",
    "203.0.113.0\t24\t64500",
    "198.51.100.0\t24\t64501",
    "10.0.0.0\t8\t64502",
    "garbage",
    "",
  ].join("\n");
  const expectedCsv = [
    "prefix,origin,state,reason",
    "10.0.0.0/8,64502,not-found,",
    "192.0.2.0/24,64496,valid,",
    "192.0.2.0/24,64499,invalid,as",
    "192.0.2.128/25,64496,invalid,length",
    "198.51.100.0/24,64501,not-found,",
    '2001:db8::/32,"{64496,64497}",invalid,as',
    "2001:db8::/48,64497,valid,",
    "203.0.113.0/24,64500,invalid,as",
    "",
  ].join("\n");

  it("validates pfx2as routes against rpki-client JSON, gzip and bzip2 alike", async () => {
    const vrpsFile = path.join(dir, "vrps.json.gz");
    writeFileSync(vrpsFile, gzipSync(vrpsJson));
    const plain = path.join(dir, "routes.pfx2as");
    writeFileSync(plain, pfx2as);
    const bz = spawnSync("bzip2", ["-kf", plain]);
    const files = bz.status === 0 ? [plain, `${plain}.bz2`] : [plain];
    for (const routes of files) {
      const out = collector();
      const summary = await validateFiles(vrpsFile, routes, "csv", out);
      expect(out.text).toBe(expectedCsv);
      expect(summary).toMatchObject({
        routesFormat: "pfx2as",
        routes: 8,
        distinct: 8,
        rejected: 1,
        states: { valid: 2, invalid: 4, "not-found": 2 },
      });
      expect(summary.vrps.count).toBe(4);
      expect(summary.vrps.rejects).toMatchObject([
        { index: 3, reason: "max length 16 is shorter than the prefix length 24" },
      ]);
      expect(out.notes).toContain(
        `${routes}: line 8: expected 3 fields (prefix, length, origin), found 1: garbage`,
      );
    }
  });

  it("writes Routinator's JSON", async () => {
    const vrpsFile = path.join(dir, "vrps.json");
    writeFileSync(vrpsFile, vrpsJson);
    const routes = path.join(dir, "routes2.pfx2as");
    writeFileSync(routes, "192.0.2.128\t25\t64496\n");
    const out = collector();
    await validateFiles(vrpsFile, routes, "json", out, new Date("2026-01-02T03:04:05Z"));
    expect(JSON.parse(out.text)).toEqual({
      validated_routes: [
        {
          route: { origin_asn: "AS64496", prefix: "192.0.2.128/25" },
          validity: {
            state: "invalid",
            reason: "length",
            description: expect.stringContaining("maximum length"),
            VRPs: {
              matched: [],
              unmatched_as: [],
              unmatched_length: [
                // Shortest VRP prefix first.
                { asn: "AS64496", prefix: "192.0.2.0/23", max_length: "23" },
                { asn: "AS64496", prefix: "192.0.2.0/24", max_length: "24" },
              ],
            },
          },
        },
      ],
      generatedTime: "2026-01-02T03:04:05.000Z",
    });
  });

  const quagga = realData("mrt-mrtparse-samples/quagga_rib.mrt");
  it.skipIf(!quagga)("reads MRT routes, recognised by their first bytes", async () => {
    const vrpsFile = path.join(dir, "vrps.csv");
    writeFileSync(
      vrpsFile,
      "ASN,IP Prefix,Max Length,Trust Anchor\nAS64512,172.17.0.0/16,24,test\nAS64513,fd01::/16,48,test\n",
    );
    const out = collector();
    const summary = await validateFiles(vrpsFile, quagga as string, "csv", out);
    expect(summary.routesFormat).toBe("mrt");
    expect(out.text).toBe(
      [
        "prefix,origin,state,reason",
        "172.17.0.0/24,64512,valid,",
        "172.17.1.0/24,64512,valid,",
        "172.17.2.0/24,64512,valid,",
        "fd01:1:1::/64,64512,invalid,as",
        "fd01:1:2::/64,64512,invalid,as",
        "fd01:1::/64,64512,invalid,as",
        "",
      ].join("\n"),
    );
  });

  it("refuses a file that is not a VRP list, and one without routes, naming the file", async () => {
    const bad = path.join(dir, "bad.txt");
    writeFileSync(bad, "hello\n");
    const routes = path.join(dir, "routes3.pfx2as");
    writeFileSync(routes, "192.0.2.0\t24\t64496\n");
    await expect(validateFiles(bad, routes, "csv", collector())).rejects.toThrow(
      /bad\.txt: line 1: expected a CSV header/,
    );
    const vrpsFile = path.join(dir, "vrps2.json");
    writeFileSync(vrpsFile, vrpsJson);
    await expect(validateFiles(vrpsFile, bad, "csv", collector())).rejects.toThrow(
      /bad\.txt: no routes found/,
    );
    await expect(validateFiles(path.join(dir, "missing"), routes, "csv", collector())).rejects.toThrow(
      /missing: cannot be read/,
    );
  });

  it("reads no more than the ingest's input limits allow, and says which limit stopped it", async () => {
    const vrpsFile = path.join(dir, "vrps-limit.json");
    writeFileSync(vrpsFile, vrpsJson);
    const routes = path.join(dir, "routes-limit.pfx2as");
    writeFileSync(routes, `192.0.2.0\t24\t64496\n${"1".repeat(300)}\n`);
    const limits = (changes: Partial<InputLimits>): InputLimits => ({ ...DEFAULT_INPUT_LIMITS, ...changes });
    await expect(
      validateFiles(vrpsFile, routes, "csv", collector(), new Date(), {
        ...limits({ vrps: { decompressedBytes: 100, lineBytes: null } }),
      }),
    ).rejects.toThrow(/vrps-limit\.json: .*limit for vrps/);
    await expect(
      validateFiles(vrpsFile, routes, "csv", collector(), new Date(), {
        ...limits({ pfx2as: { decompressedBytes: 1 << 20, lineBytes: 200 } }),
      }),
    ).rejects.toThrow(/routes-limit\.pfx2as:2: line 2 is longer than/);
  });
});
