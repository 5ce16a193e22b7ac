/**
 * Fields that would reach Postgres as something it refuses (a NUL in text, year 0000) are
 * rejected by the parsers as malformed lines or entries, never passed on to fail the whole load.
 */
import { describe, expect, it } from "vitest";
import { apnicLines, parseApnicLabs } from "./apnic-labs";
import { parseRadarIpVersionSeries } from "./cloudflare-radar";
import { isStorableDate } from "./iso-date";
import type { TextLine } from "./lines";
import { isPlainText } from "./printable";
import { type DelegatedItem, parseDelegated } from "./rir-delegated";
import { parseVrps } from "./rpki/vrps";
import { parseTrafficCsv } from "./traffic-csv";

const lines = (text: string): TextLine[] => text.split("\n").map((t, i) => ({ number: i + 1, text: t }));

async function delegated(text: string): Promise<DelegatedItem[]> {
  const out: DelegatedItem[] = [];
  for await (const item of parseDelegated(lines(text))) out.push(item);
  return out;
}

describe("fields that are not text", () => {
  it("tells text from control characters, undecodable bytes and lone surrogates", () => {
    expect(isPlainText("ORG-AB1-LACNIC São Paulo 😀")).toBe(true);
    for (const bad of ["a\u0000b", "a\nb", "a\u007fb", "a\ufffdb", "a\ud800b"])
      expect(isPlainText(bad)).toBe(false);
  });

  it("rejects a delegated record whose opaque-id holds a NUL or bytes that were not UTF-8", async () => {
    const items = await delegated(
      [
        "2.3|lacnic|20240104|3|19870101|20240104|-0300",
        "lacnic|AR|asn|64496|1|20150224|allocated|900001",
        "lacnic|AR|asn|64497|1|20150224|allocated|9000\u000002",
        "lacnic|AR|asn|64498|1|20150224|allocated|9000\ufffd3",
      ].join("\n"),
    );
    expect(items.map((i) => i.kind)).toEqual(["header", "record", "reject", "reject"]);
    expect(items[2]).toMatchObject({ line: 3, reason: "opaque-id is not text" });
  });

  it("refuses a version line whose registry is not a registry name", async () => {
    const [header] = await delegated("2.3|lac\u0000nic|20240104|3|19870101|20240104|-0300");
    expect(header).toMatchObject({
      kind: "reject",
      line: 1,
      reason: expect.stringMatching(/malformed version line/),
    });
  });

  it("rejects a VRP whose trust anchor is not text, in JSON and in CSV", () => {
    const json = parseVrps(
      JSON.stringify({
        roas: [
          { asn: 64496, prefix: "2001:db8::/32", maxLength: 48, ta: "lacnic" },
          { asn: 64497, prefix: "2001:db8:1::/48", maxLength: 48, ta: "lac\u0000nic" },
          { asn: 64498, prefix: "2001:db8:2::/48", maxLength: 48, ta: "\ud800" },
        ],
      }),
    );
    expect(json.vrps.map((v) => v.asn)).toEqual([64496]);
    expect(json.rejects.map((r) => r.reason)).toEqual([
      "trust anchor is not text",
      "trust anchor is not text",
    ]);
    const csv = parseVrps("ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,2001:db8::/32,48,ripe\u0000\n");
    expect(csv.vrps).toEqual([]);
    expect(csv.rejects).toEqual([expect.objectContaining({ line: 2, reason: "trust anchor is not text" })]);
  });
});

describe("dates Postgres cannot store", () => {
  it("are not storable dates: year 0000, impossible days, other shapes", () => {
    expect(isStorableDate("2026-10-01")).toBe(true);
    expect(isStorableDate("0001-01-01")).toBe(true);
    for (const bad of ["0000-01-01", "2026-02-30", "10000-01-01", "2026-1-01", "+002026-01-01"])
      expect(isStorableDate(bad), bad).toBe(false);
  });

  it("are rejected rows of a self-reported CSV", () => {
    const { days, rejects } = parseTrafficCsv(
      lines("date,ipv4_bytes,ipv6_bytes\n0000-01-01,1,1\n2026-10-01,1,1"),
      "2026-11-01",
    );
    expect(days.map((d) => d.date)).toEqual(["2026-10-01"]);
    expect(rejects).toEqual([
      expect.objectContaining({ line: 2, reason: 'date "0000-01-01" is not a YYYY-MM-DD date' }),
    ]);
  });

  it("are rejected days of a Radar series", () => {
    const r = parseRadarIpVersionSeries(
      JSON.stringify({
        success: true,
        result: {
          serie_0: {
            timestamps: ["0000-01-01T00:00:00Z", "2026-10-30T00:00:00Z"],
            IPv4: ["80", "80"],
            IPv6: ["20", "20"],
          },
        },
      }),
    );
    expect(r.days.map((d) => d.date)).toEqual(["2026-10-30"]);
    expect(r.rejects).toHaveLength(1);
  });

  it("are rejected entries of an APNIC file, on the fast path as on the general one", () => {
    const entry = (date: string) => ({
      date,
      as: 64496,
      cc: "BR",
      raw: { seen: 10, capable: 2, preferred: 1 },
    });
    const text = JSON.stringify({ data: [entry("0000-01-01"), entry("2026-10-01")] });
    const general = parseApnicLabs(text, { asn: 64496, cc: "BR" });
    expect(general.days.map((d) => d.date)).toEqual(["2026-10-01"]);
    expect(general.rejects).toEqual([{ path: "data[0].date", reason: '"0000-01-01" is not a date' }]);
    const fast = apnicLines(Buffer.from(text), { asn: 64496, cc: "BR" }, "\n");
    expect(fast.text).toBe("64496\tBR\t2026-10-01\t10\t2\t1\n");
    expect(fast.rejects).toEqual(general.rejects);
  });
});
