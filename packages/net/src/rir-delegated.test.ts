import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { realData } from "../../../tests/helpers/shared-data";
import { splitLines, type TextLine } from "./lines";
import {
  type DelegatedItem,
  type DelegatedRecord,
  DelegatedTally,
  expandRecord,
  parseDelegated,
  parseRirDate,
} from "./rir-delegated";

async function parseText(text: string): Promise<DelegatedItem[]> {
  const lines: TextLine[] = text.split("\n").map((t, i) => ({ number: i + 1, text: t }));
  const out: DelegatedItem[] = [];
  for await (const item of parseDelegated(lines)) out.push(item);
  return out;
}

async function parseGzipFile(file: string): Promise<DelegatedItem[]> {
  const out: DelegatedItem[] = [];
  for await (const item of parseDelegated(splitLines(createReadStream(file).pipe(createGunzip()))))
    out.push(item);
  return out;
}

describe("parseDelegated: format quirks", () => {
  it("reads LACNIC's header, summaries and extended records", async () => {
    const items = await parseText(
      [
        "2.3|lacnic|20240104|3|19870101|20240104|-0300",
        "lacnic|*|ipv4|*|1|summary",
        "lacnic|BR|ipv4|24.152.0.0|768|20200310|allocated|310248",
        "lacnic||ipv6|2001:1200::|23||reserved|",
        "lacnic|AR|asn|27747|3|20020220|assigned|1234|e-stats",
      ].join("\n"),
    );
    expect(items[0]).toMatchObject({
      kind: "header",
      version: "2.3",
      registry: "lacnic",
      records: 3,
      endDate: "2024-01-04",
    });
    expect(items[1]).toMatchObject({ kind: "summary", type: "ipv4", count: 1 });
    const [v4, v6, asn] = items.slice(2) as DelegatedRecord[];
    expect(v4).toMatchObject({
      cc: "BR",
      type: "ipv4",
      value: 768,
      date: "2020-03-10",
      status: "allocated",
      opaqueId: "310248",
    });
    expect(expandRecord(v4 as DelegatedRecord)).toEqual([
      { type: "ipv4", prefix: "24.152.0.0/23", length: 23 },
      { type: "ipv4", prefix: "24.152.2.0/24", length: 24 },
    ]);
    expect(v6).toMatchObject({
      cc: null,
      date: null,
      status: "reserved",
      opaqueId: null,
      start: "2001:1200::",
    });
    expect(asn).toMatchObject({ extensions: ["e-stats"] });
    expect(expandRecord(asn as DelegatedRecord).map((u) => (u.type === "asn" ? u.asn : 0))).toEqual([
      27747, 27748, 27749,
    ]);
  });

  it("reads AFRINIC's ZZ country, zero dates and comment lines", async () => {
    const items = await parseText(
      [
        "# a comment, as APNIC and ARIN write them",
        "2|afrinic|20240105|1|00000000|20240105|00000",
        "",
        "afrinic|ZZ|ipv6|2001:4200::|23|00000000|available|",
      ].join("\n"),
    );
    expect(items[0]).toMatchObject({ kind: "header", startDate: null });
    expect(items[1]).toMatchObject({ kind: "record", cc: null, date: null, status: "available" });
  });

  it.each([
    ["lacnic|BR|ipv9|1.0.0.0|256|20200101|allocated|1", 'type "ipv9"'],
    ["lacnic|Br|ipv4|1.0.0.0|256|20200101|allocated|1", 'country code "Br"'],
    ["lacnic|BR|ipv4|1.0.0.256|256|20200101|allocated|1", "not an IPv4 address"],
    ["lacnic|BR|ipv4|1.0.0.0|0|20200101|allocated|1", "out of range"],
    ["lacnic|BR|ipv4|255.255.255.0|512|20200101|allocated|1", "out of range"],
    ["lacnic|BR|ipv6|2001:db8::1|32|20200101|allocated|1", "host bits"],
    ["lacnic|BR|ipv6|2001:db8::|129|20200101|allocated|1", "prefix length 129"],
    ["lacnic|BR|asn|4294967295|2|20200101|allocated|1", "ASN count"],
    ["lacnic|BR|asn|12x|1|20200101|allocated|1", "not an ASN"],
    ["lacnic|BR|asn|1|1|20200231|allocated|1", 'date "20200231"'],
    ["lacnic|BR|asn|1|1|20200101|issued|1", 'status "issued"'],
    ["lacnic|BR|asn|1|1", "5 fields"],
    ["lacnic|BR|asn|1|1|20200101|re", 'status "re"'],
  ])("rejects %j with a reason", async (line, reason) => {
    const items = await parseText(`2.3|lacnic|20240104|1|19870101|20240104|-0300\n${line}`);
    expect(items[1]).toMatchObject({
      kind: "reject",
      line: 2,
      raw: line,
      reason: expect.stringContaining(reason),
    });
  });

  it("reports a file shorter than its version line announces", async () => {
    const tally = new DelegatedTally();
    for (const item of await parseText(
      "2.3|lacnic|20240104|3|19870101|20240104|-0300\nlacnic|*|asn|*|3|summary\nlacnic|BR|asn|1|1|20200101|allocated|1",
    )) {
      tally.add(item);
    }
    expect(tally.problems()).toEqual(["version line announces 3 records but the file has 1 (truncated?)"]);
  });

  it("reports summary counts that disagree with the records", async () => {
    const tally = new DelegatedTally();
    for (const item of await parseText(
      "2.3|lacnic|20240104|1|19870101|20240104|-0300\nlacnic|*|asn|*|2|summary\nlacnic|BR|ipv4|1.0.0.0|256|20200101|allocated|1",
    )) {
      tally.add(item);
    }
    expect(tally.problems()).toEqual(["summary line announces 2 asn records but the file has 0"]);
  });

  it("reports an empty file", () => {
    expect(new DelegatedTally().problems()).toEqual([expect.stringContaining("no version line")]);
  });

  it("parses dates strictly", () => {
    expect(parseRirDate("20240229")).toBe("2024-02-29");
    expect(parseRirDate("20230229")).toBeUndefined();
    expect(parseRirDate("")).toBeNull();
    expect(parseRirDate("00000000")).toBeNull();
  });
});

// Expected numbers below come from awk over the same files, independently of this parser:
//   zcat FILE | awk -F'|' 'NR>1 && $6!="summary" {t[$3]++; s[$7]++} END {for (k in t) print k, t[k]; for (k in s) print k, s[k]}'
// and, per economy over allocated+assigned records: ASNs = sum of asn values, IPv4 = sum of ipv4
// values, IPv6 = ipv6 record count, organisations = distinct opaque-ids.
function tallyRecords(items: DelegatedItem[]) {
  const byType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const byCc: Record<string, [number, number, number, Set<string>]> = {};
  for (const item of items) {
    if (item.kind !== "record") continue;
    byType[item.type] = (byType[item.type] ?? 0) + 1;
    byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
    if ((item.status === "allocated" || item.status === "assigned") && item.cc) {
      byCc[item.cc] ??= [0, 0, 0, new Set()];
      const entry = byCc[item.cc] as [number, number, number, Set<string>];
      const units = expandRecord(item);
      if (item.type === "asn") entry[0] += units.length;
      if (item.type === "ipv4")
        entry[1] += units.reduce((n, u) => n + (u.type === "asn" ? 0 : 2 ** (32 - u.length)), 0);
      if (item.type === "ipv6") entry[2] += 1;
      if (item.opaqueId) entry[3].add(item.opaqueId);
    }
  }
  const perCc = Object.fromEntries(
    Object.entries(byCc).map(([cc, [a, v4, v6, orgs]]) => [cc, [a, v4, v6, orgs.size]]),
  );
  return { byType, byStatus, perCc };
}

describe("parseDelegated: LACNIC delegated-extended 2024-01-04 (real file)", () => {
  const file = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
  it.skipIf(!file)("accepts every line and matches independent counts", async () => {
    const items = await parseGzipFile(file as string);
    expect(items.filter((i) => i.kind === "reject")).toEqual([]);
    const tally = new DelegatedTally();
    for (const item of items) tally.add(item);
    expect(tally.problems()).toEqual([]);
    expect(tally.header).toMatchObject({
      registry: "lacnic",
      version: "2.3",
      records: 88_619,
      endDate: "2024-01-04",
    });
    const { byType, byStatus, perCc } = tallyRecords(items);
    expect(byType).toEqual({ asn: 14_642, ipv4: 19_778, ipv6: 54_199 });
    expect(byStatus).toEqual({ allocated: 41_040, assigned: 4_076, available: 27_536, reserved: 15_967 });
    // cc: [ASNs, IPv4 addresses, IPv6 records, organisations]
    expect(perCc).toEqual({
      AR: [1255, 19_463_680, 1101, 1284],
      AU: [1, 0, 0, 1],
      AW: [4, 111_872, 3, 4],
      BO: [60, 1_169_920, 50, 60],
      BQ: [5, 24_576, 5, 5],
      BR: [8951, 87_129_088, 8740, 8804],
      BZ: [22, 121_600, 26, 29],
      CL: [399, 10_028_032, 293, 508],
      CO: [436, 17_363_712, 605, 652],
      CR: [109, 2_332_928, 106, 107],
      CU: [7, 257_024, 6, 13],
      CW: [31, 188_416, 17, 32],
      DO: [139, 1_610_752, 137, 148],
      EC: [225, 2_705_152, 238, 338],
      GF: [7, 22_528, 6, 8],
      GT: [81, 641_280, 67, 79],
      GY: [7, 68_864, 8, 9],
      HN: [100, 534_528, 103, 111],
      HT: [13, 154_880, 10, 12],
      MX: [627, 29_019_904, 456, 885],
      NI: [31, 412_160, 23, 34],
      PA: [132, 1_707_008, 74, 129],
      PE: [175, 3_238_656, 158, 188],
      PY: [97, 1_147_136, 96, 98],
      SR: [7, 81_664, 5, 5],
      SV: [50, 663_808, 41, 52],
      SX: [4, 34_304, 7, 7],
      TT: [15, 544_768, 13, 18],
      US: [0, 2_048, 2, 2],
      UY: [43, 2_441_472, 36, 32],
      VE: [201, 6_708_736, 165, 221],
    });
  });
});

describe("parseDelegated: AFRINIC delegated-extended 2024-01-05 (real file)", () => {
  const file = realData("afrinic-delegated/delegated-afrinic-extended-latest.gz");
  it.skipIf(!file)("accepts every line and matches independent counts", async () => {
    const items = await parseGzipFile(file as string);
    expect(items.filter((i) => i.kind === "reject")).toEqual([]);
    const tally = new DelegatedTally();
    for (const item of items) tally.add(item);
    expect(tally.problems()).toEqual([]);
    expect(tally.header).toMatchObject({
      registry: "afrinic",
      version: "2",
      records: 15_814,
      startDate: null,
    });
    const { byType, byStatus, perCc } = tallyRecords(items);
    expect(byType).toEqual({ asn: 3_326, ipv4: 5_302, ipv6: 7_186 });
    expect(byStatus).toEqual({ allocated: 6_792, assigned: 1_851, available: 3_386, reserved: 3_785 });
    // ZZ means "no country": 7,171 records carry it (awk: $2=="ZZ"), none is allocated or assigned.
    expect(items.filter((i) => i.kind === "record" && i.cc === null)).toHaveLength(7_171);
    expect(Object.values(perCc).reduce((n, [asns]) => n + (asns as number), 0)).toBe(2_431);
    expect(Object.values(perCc).reduce((n, [, v4]) => n + (v4 as number), 0)).toBe(115_863_552);
    expect(perCc.ZA?.[0]).toBe(783);
    expect(perCc.NG?.[0]).toBe(259);
  });
});
