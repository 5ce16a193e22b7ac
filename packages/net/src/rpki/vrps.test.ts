import { describe, expect, it } from "vitest";
import { formatPrefix } from "../prefix";
import { type ListedVrp, parseVrps, splitCsvLine, type Vrp, VrpFormatError } from "./vrps";

const text = (v: Vrp) => `AS${v.asn} ${formatPrefix(v.prefix)} ${v.maxLength} ${v.ta ?? "-"}`;
/** `prefix-maxLength expiry` with the expiry in ISO text, or "-" for none. */
const expiry = (v: ListedVrp) =>
  `${formatPrefix(v.prefix)}-${v.maxLength} ${v.expires === null ? "-" : new Date(v.expires * 1000).toISOString()}`;

describe("parseVrps: JSON", () => {
  it("reads rpki-client vrps.json (numeric asn, metadata, expires, bgpsec_keys ignored)", () => {
    const input = JSON.stringify({
      metadata: { buildmachine: "console.rpki-client.org", buildtime: "2025-12-01T00:00:00Z", vrps: 3 },
      roas: [
        { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, ta: "lacnic", expires: 1767225600 },
        { asn: 0, prefix: "2001:db8::/32", maxLength: 128, ta: "lacnic", expires: 1767225600 },
        { asn: 64497, prefix: "2001:DB8:1::/48", maxLength: 48, ta: "ripe", expires: 1767225600 },
      ],
      bgpsec_keys: [{ asn: 64496, ski: "00", pubkey: "AA", ta: "ripe", expires: 1 }],
    });
    const result = parseVrps(input);
    expect(result.format).toBe("rpki-client-json");
    expect(result.vrps.map(text)).toEqual([
      "AS64496 192.0.2.0/24 24 lacnic",
      "AS0 2001:db8::/32 128 lacnic",
      "AS64497 2001:db8:1::/48 48 ripe",
    ]);
    expect(result).toMatchObject({ entries: 3, duplicates: 0, rejects: [] });
  });

  it("reads Routinator json and Cloudflare rpki.json (asn as AS…)", () => {
    const input = `{
      "metadata": { "generated": 1700000000, "generatedTime": "2023-11-14T22:13:20Z" },
      "roas": [
        { "asn": "AS64496", "prefix": "198.51.100.0/22", "maxLength": 24, "ta": "arin" },
        { "asn": "as64497", "prefix": "203.0.113.0/24", "maxLength": 24, "ta": "apnic" }
      ]
    }`;
    const result = parseVrps(input);
    expect(result.format).toBe("roas-json");
    expect(result.vrps.map(text)).toEqual([
      "AS64496 198.51.100.0/22 24 arin",
      "AS64497 203.0.113.0/24 24 apnic",
    ]);
  });

  it("reads Routinator jsonext, ignoring its source arrays", () => {
    const input = JSON.stringify({
      metadata: { generated: 0, generatedTime: "1970-01-01T00:00:00Z" },
      roas: [
        {
          asn: "AS64496",
          prefix: "192.0.2.0/24",
          maxLength: 24,
          source: [{ type: "roa", uri: "rsync://example.net/a.roa", validity: {}, chainValidity: {} }],
        },
      ],
      aspas: [{ customer: "AS64496", providers: ["AS64497"], source: [] }],
    });
    const result = parseVrps(input);
    expect(result.format).toBe("routinator-jsonext");
    expect(result.vrps.map(text)).toEqual(["AS64496 192.0.2.0/24 24 -"]);
  });

  it("rejects bad entries with their index and reason, keeping the rest", () => {
    const input = JSON.stringify({
      roas: [
        { asn: "AS64496", prefix: "192.0.2.0/24", maxLength: 23 },
        { asn: "AS64496", prefix: "192.0.2.0/24", maxLength: 33 },
        { asn: "AS64496", prefix: "2001:db8::/32", maxLength: 129 },
        { asn: "ASX", prefix: "192.0.2.0/24", maxLength: 24 },
        { asn: 4294967296, prefix: "192.0.2.0/24", maxLength: 24 },
        { asn: 64496, prefix: "192.0.2.0/33", maxLength: 24 },
        { asn: 64496, prefix: 17, maxLength: 24 },
        { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24.5 },
        "not an object",
        { asn: 64496, prefix: "192.0.2.0/24" },
      ],
    });
    const result = parseVrps(input);
    expect(result.rejects.map((r) => [r.index, r.reason])).toEqual([
      [0, "max length 23 is shorter than the prefix length 24"],
      [1, "max length 33 is over 32, the IPv4 maximum"],
      [2, "max length 129 is over 128, the IPv6 maximum"],
      [3, 'ASN "ASX" is not an AS number'],
      [4, "ASN 4294967296 is not an AS number"],
      [5, "IPv4 prefix length 33 is over 32"],
      [6, "prefix 17 is not text"],
      [7, "max length 24.5 is not a whole number"],
      [8, "entry is not an object"],
    ]);
    expect(result.rejects[0]?.raw).toBe('{"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":23}');
    // A missing maxLength is the prefix length.
    expect(result.vrps.map(text)).toEqual(["AS64496 192.0.2.0/24 24 -"]);
    expect(result.entries).toBe(10);
  });

  it("refuses JSON that is not a VRP list", () => {
    expect(() => parseVrps('{"vrps": []}')).toThrow(VrpFormatError);
    expect(() => parseVrps('{"roas": [')).toThrow(/not valid JSON/);
  });
});

describe("parseVrps: CSV", () => {
  it("reads Routinator csv", () => {
    const result = parseVrps(
      "ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,2001:db8::/32,48,ripe\nAS64496,192.0.2.0/24,24,ripe\n",
    );
    expect(result.format).toBe("vrp-csv");
    expect(result.vrps.map(text)).toEqual(["AS64496 2001:db8::/32 48 ripe", "AS64496 192.0.2.0/24 24 ripe"]);
  });

  it("reads Routinator csvcompat: every field quoted, ASN bare, CRLF endings", () => {
    const result = parseVrps(
      '"ASN","IP Prefix","Max Length","Trust Anchor"\r\n"64496","192.0.2.0/24","24","ripe"\r\n',
    );
    expect(result.vrps.map(text)).toEqual(["AS64496 192.0.2.0/24 24 ripe"]);
  });

  it("reads the RIPE archive roas.csv, whose columns come in another order", () => {
    const result = parseVrps(
      [
        "URI,ASN,IP Prefix,Max Length,Not Before,Not After",
        "rsync://rpki.example.net/a.roa,AS0,2001:db8::/32,128,2019-07-18 11:40:32,2029-07-18 11:40:32",
        "rsync://rpki.example.net/b.roa,AS64496,198.51.100.0/22,,2019-07-18 11:40:32,2029-07-18 11:40:32",
      ].join("\n"),
    );
    expect(result.format).toBe("roas-csv");
    // Empty Max Length = the prefix length; AS0 kept.
    expect(result.vrps.map(text)).toEqual(["AS0 2001:db8::/32 128 -", "AS64496 198.51.100.0/22 22 -"]);
  });

  it("de-duplicates identical (asn, prefix, maxLength), whatever the spelling or trust anchor", () => {
    const result = parseVrps(
      [
        "ASN,IP Prefix,Max Length,Trust Anchor",
        "AS64496,2001:db8::/32,48,ripe",
        "64496,2001:0DB8:0::/32,48,arin",
        "AS64496,2001:db8::/32,64,ripe",
        "AS64497,2001:db8::/32,48,ripe",
        "AS64496,2001:db8::1/32,48,ripe",
      ].join("\n"),
    );
    expect(result.vrps.map(text)).toEqual([
      "AS64496 2001:db8::/32 48 ripe",
      "AS64496 2001:db8::/32 64 ripe",
      "AS64497 2001:db8::/32 48 ripe",
    ]);
    expect(result).toMatchObject({ entries: 5, duplicates: 2, hostBitsCleared: 0 });
  });

  it("rejects bad rows with line numbers and reasons", () => {
    const result = parseVrps(
      [
        "ASN,IP Prefix,Max Length,Trust Anchor",
        "",
        "AS64496,192.0.2.0/24,16,ripe",
        "AS64496,192.0.2.0",
        'AS64496,"192.0.2.0/24,24,ripe',
        "AS64496,192.0.2.0/24,x,ripe",
        "AS64496,192.0.2.0/24,24,ripe",
      ].join("\n"),
    );
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, "max length 16 is shorter than the prefix length 24"],
      [4, "2 fields, fewer than the header names"],
      [5, "a quoted field is not closed"],
      [6, 'max length "x" is not a whole number'],
    ]);
    expect(result.rejects[1]?.raw).toBe("AS64496,192.0.2.0");
    expect(result.vrps).toHaveLength(1);
  });

  it("counts prefixes written with host bits, then clears them", () => {
    const result = parseVrps("ASN,IP Prefix,Max Length\nAS64496,192.0.2.1/24,24\n");
    expect(result.vrps.map(text)).toEqual(["AS64496 192.0.2.0/24 24 -"]);
    expect(result.hostBitsCleared).toBe(1);
  });

  it("refuses input without a header naming the columns", () => {
    expect(() => parseVrps("AS64496,192.0.2.0/24,24,ripe\n")).toThrow(/line 1: expected a CSV header/);
    expect(() => parseVrps("")).toThrow(VrpFormatError);
  });
});

describe("parseVrps: expiry", () => {
  it("checks rpki-client's and Cloudflare's chain-wide expires but keeps none; reads the build time", () => {
    const rpkiClient = parseVrps(
      JSON.stringify({
        metadata: { buildmachine: "rpki-client.example", buildtime: "2026-11-01T06:00:00Z" },
        roas: [
          { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, ta: "lacnic", expires: 1793520000 },
          { asn: 64496, prefix: "2001:db8::/32", maxLength: 48, ta: "lacnic" },
        ],
      }),
    );
    expect(rpkiClient.vrps.map(expiry)).toEqual(["192.0.2.0/24-24 -", "2001:db8::/32-48 -"]);
    expect(rpkiClient.builtAt).toBe(Date.parse("2026-11-01T06:00:00Z") / 1000);
    const cloudflare = parseVrps(
      '{"metadata":{"generated":1793512800},"roas":[{"prefix":"198.51.100.0/24","maxLength":24,"asn":"AS64497","ta":"arin","expires":1793606400}]}',
    );
    expect(cloudflare.vrps.map(expiry)).toEqual(["198.51.100.0/24-24 -"]);
    expect(cloudflare.builtAt).toBe(1793512800);
  });

  it("reads Routinator jsonext: the latest validity.notAfter (the ROA's own) of the ROA sources, and their tal", () => {
    const roa = (notAfter: string) => ({
      type: "roa",
      uri: "rsync://example.net/a.roa",
      tal: "lacnic",
      validity: { notBefore: "2026-01-01T00:00:00Z", notAfter },
      chainValidity: { notBefore: "2026-01-01T00:00:00Z", notAfter: "2026-10-02T00:00:00Z" },
    });
    const result = parseVrps(
      JSON.stringify({
        metadata: { generated: 0, generatedTime: "1970-01-01T00:00:00Z" },
        roas: [
          {
            asn: "AS64496",
            prefix: "192.0.2.0/24",
            maxLength: 24,
            source: [roa("2026-11-05T00:00:00Z"), roa("2026-12-01T12:00:00Z")],
          },
          {
            asn: "AS64496",
            prefix: "192.0.2.0/25",
            maxLength: 25,
            source: [{ type: "exception", path: null }],
          },
          { asn: "AS64496", prefix: "192.0.2.0/26", maxLength: 26, source: [roa("2026-02-30T00:00:00Z")] },
        ],
      }),
    );
    expect(result.vrps.map(expiry)).toEqual([
      "192.0.2.0/24-24 2026-12-01T12:00:00.000Z",
      "192.0.2.0/25-25 -",
    ]);
    expect(result.rejects.map((r) => [r.index, r.reason])).toEqual([
      [2, 'source[0].validity.notAfter "2026-02-30T00:00:00Z" is not a time (YYYY-MM-DD hh:mm:ss, UTC)'],
    ]);
  });

  it("reads roas.csv Not After (UTC); csvext N/A is none; rpki-client csv Expires is checked, not kept", () => {
    const roas = parseVrps(
      [
        "URI,ASN,IP Prefix,Max Length,Not Before,Not After",
        "rsync://a.example/a.roa,AS64496,192.0.2.0/24,24,2025-08-23 06:40:00,2026-08-22 06:45:00",
        "N/A,AS64496,192.0.2.0/25,25,N/A,N/A",
      ].join("\n"),
    );
    expect(roas.vrps.map(expiry)).toEqual(["192.0.2.0/24-24 2026-08-22T06:45:00.000Z", "192.0.2.0/25-25 -"]);
    expect(roas.builtAt).toBeNull();
    const csv = parseVrps(
      "ASN,IP Prefix,Max Length,Trust Anchor,Expires\nAS64496,192.0.2.0/24,24,ripe,1793520000\n",
    );
    expect(csv.vrps.map(expiry)).toEqual(["192.0.2.0/24-24 -"]);
  });

  it("keeps the latest expiry of identical VRPs, the first's trust anchor, and none only if no copy has one", () => {
    const result = parseVrps(
      [
        "ASN,IP Prefix,Max Length,Trust Anchor,Not After",
        "AS64496,192.0.2.0/24,24,ripe,2026-11-01 08:00:00",
        "AS64496,192.0.2.0/24,24,arin,2026-11-02 08:00:00",
        "AS64496,192.0.2.0/24,24,lacnic,2026-10-31 08:00:00",
        "AS64496,198.51.100.0/24,24,ripe,N/A",
        "AS64496,198.51.100.0/24,24,ripe,2026-11-01 08:00:00",
        "AS64496,203.0.113.0/24,24,ripe,",
        "AS64496,203.0.113.0/24,24,ripe,N/A",
      ].join("\n"),
    );
    expect(result.vrps.map(expiry)).toEqual([
      "192.0.2.0/24-24 2026-11-02T08:00:00.000Z",
      "198.51.100.0/24-24 2026-11-01T08:00:00.000Z",
      "203.0.113.0/24-24 -",
    ]);
    expect(result.vrps[0]?.ta).toBe("ripe");
    expect(result).toMatchObject({ entries: 7, duplicates: 4 });
  });

  it("rejects an expiry that is not a time, naming the line or entry and the field", () => {
    const csv = parseVrps(
      [
        "URI,ASN,IP Prefix,Max Length,Not Before,Not After",
        "rsync://a.example/a.roa,AS64496,192.0.2.0/24,24,2025-08-23 06:40:00,2026-13-22 06:45:00",
        "rsync://a.example/b.roa,AS64496,192.0.2.0/25,25,2025-08-23 06:40:00,tomorrow",
        "rsync://a.example/c.roa,AS64496,192.0.2.0/26,26,2025-08-23 06:40:00,2026-08-22 06:45:00",
      ].join("\n"),
    );
    expect(csv.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'Not After "2026-13-22 06:45:00" is not a time (YYYY-MM-DD hh:mm:ss, UTC)'],
      [3, 'Not After "tomorrow" is not a time (YYYY-MM-DD hh:mm:ss, UTC)'],
    ]);
    expect(csv.vrps).toHaveLength(1);
    const json = parseVrps(
      JSON.stringify({
        roas: [
          { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, expires: -1 },
          { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, expires: 1.5 },
          { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, expires: "soon" },
          { asn: 64496, prefix: "192.0.2.0/24", maxLength: 24, expires: 1e13 },
        ],
      }),
    );
    expect(json.rejects.map((r) => [r.index, r.reason])).toEqual([
      [0, "expires -1 is not a time (whole seconds since 1970-01-01 UTC)"],
      [1, "expires 1.5 is not a time (whole seconds since 1970-01-01 UTC)"],
      [2, 'expires "soon" is not a time (whole seconds since 1970-01-01 UTC)'],
      [3, "expires 10000000000000 is not a time (whole seconds since 1970-01-01 UTC)"],
    ]);
    const rpkiCsv = parseVrps(
      "ASN,IP Prefix,Max Length,Trust Anchor,Expires\nAS64496,192.0.2.0/24,24,ripe,x\n",
    );
    expect(rpkiCsv.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'Expires "x" is not a time (whole seconds since 1970-01-01 UTC)'],
    ]);
  });
});

describe("splitCsvLine", () => {
  it.each([
    ["a,b,c", ["a", "b", "c"]],
    ['"a","b,c",d', ["a", "b,c", "d"]],
    ['"say ""hi""",x', ['say "hi"', "x"]],
    ["a,,", ["a", "", ""]],
    ['"a"', ["a"]],
  ])("%s", (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it("returns null for an open quote or text after a closing quote", () => {
    expect(splitCsvLine('"a,b')).toBeNull();
    expect(splitCsvLine('"a"b,c')).toBeNull();
  });
});
