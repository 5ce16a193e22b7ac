import { describe, expect, it } from "vitest";
import {
  asPathLength,
  decodePathAttributes,
  readPrefixList,
  reconstructAggregator,
  reconstructAsPath,
} from "./attributes";
import { bgpdumpAsPath } from "./bgpdump-format";
import { ByteCursor } from "./byte-cursor";
import { AsSegmentType } from "./models";
import * as t from "./testing";

const { bytes, u16, u32, attribute } = t;
const { AS_SET, AS_SEQUENCE, AS_CONFED_SEQUENCE } = AsSegmentType;

function attrs(...parts: Uint8Array[]) {
  return decodePathAttributes(bytes(...parts), 2);
}

describe("AS4_PATH merge (RFC 6793 §4.2.3)", () => {
  it("replaces AS_TRANS with the 4-byte ASNs from AS4_PATH", () => {
    const { attributes } = attrs(t.asPath([[64496, 64497, 23456, 23456]], 2), t.as4Path([[196608, 196609]]));
    expect(reconstructAsPath(attributes, 2)?.segments).toEqual([
      { type: AS_SEQUENCE, asns: [64496, 64497, 196608, 196609] },
    ]);
    expect(bgpdumpAsPath(attributes, 2)).toBe("64496 64497 196608 196609");
  });

  it("counts an AS_SET as one AS and keeps it", () => {
    const { attributes } = attrs(
      t.asPath(
        [
          [64496, 23456],
          [AS_SET, [64500, 64501]],
        ],
        2,
      ),
      t.as4Path([[200000], [AS_SET, [64500, 64501]]]),
    );
    expect(asPathLength(attributes.asPath?.segments ?? [])).toBe(3);
    expect(reconstructAsPath(attributes, 2)?.segments).toEqual([
      { type: AS_SEQUENCE, asns: [64496, 200000] },
      { type: AS_SET, asns: [64500, 64501] },
    ]);
    expect(bgpdumpAsPath(attributes, 2)).toBe("64496 200000 {64500,64501}");
  });

  it("ignores an AS4_PATH longer than AS_PATH", () => {
    const { attributes } = attrs(t.asPath([[64496, 23456]], 2), t.as4Path([[1, 2, 200000]]));
    expect(reconstructAsPath(attributes, 2)?.segments).toEqual([{ type: AS_SEQUENCE, asns: [64496, 23456] }]);
    expect(bgpdumpAsPath(attributes, 2)).toBe("64496 23456");
  });

  it("ignores AS4_PATH and AS4_AGGREGATOR when AGGREGATOR names a real 2-byte AS", () => {
    const { attributes } = attrs(
      t.asPath([[64496, 23456]], 2),
      t.as4Path([[200000]]),
      attribute(0xc0, 7, bytes(u16(64496), t.ipv4("192.0.2.1"))),
      attribute(0xc0, 18, bytes(u32(200000), t.ipv4("192.0.2.2"))),
    );
    expect(reconstructAsPath(attributes, 2)?.segments[0]?.asns).toEqual([64496, 23456]);
    expect(reconstructAggregator(attributes, 2)?.asn).toBe(64496);
    expect(bgpdumpAsPath(attributes, 2)).toBe("64496 23456");
  });

  it("uses AS4_AGGREGATOR when AGGREGATOR is AS_TRANS", () => {
    const { attributes } = attrs(
      attribute(0xc0, 7, bytes(u16(23456), t.ipv4("192.0.2.1"))),
      attribute(0xc0, 18, bytes(u32(200000), t.ipv4("192.0.2.2"))),
    );
    expect(reconstructAggregator(attributes, 2)).toEqual({
      asn: 200000,
      address: Uint8Array.from([192, 0, 2, 2]),
    });
    // In a 4-byte session AS4 attributes mean nothing.
    expect(reconstructAggregator(attributes, 4)?.asn).toBe(23456);
  });

  it("does not count confederation segments, and keeps a leading one", () => {
    const { attributes } = attrs(
      t.asPath(
        [
          [AS_CONFED_SEQUENCE, [65001]],
          [3356, 23456],
        ],
        2,
      ),
      t.as4Path([[200000]]),
    );
    expect(reconstructAsPath(attributes, 2)?.segments).toEqual([
      { type: AS_CONFED_SEQUENCE, asns: [65001] },
      { type: AS_SEQUENCE, asns: [3356, 200000] },
    ]);
  });

  it("documents where bgpdump's merge departs from the RFC: it repeats AS_PATH's first segment", () => {
    const { attributes } = attrs(t.asPath([[64496], [64497, 23456]], 2), t.as4Path([[200000]]));
    expect(reconstructAsPath(attributes, 2)?.segments.flatMap((s) => s.asns)).toEqual([64496, 64497, 200000]);
    expect(bgpdumpAsPath(attributes, 2)).toBe("64496 64496 200000");
  });
});

describe("decodePathAttributes", () => {
  it("decodes the common attributes", () => {
    const { attributes, issues } = decodePathAttributes(
      bytes(
        t.origin(2),
        t.asPath([[4200000000, 64496]]),
        t.nextHop("192.0.2.1"),
        t.med(10),
        t.localPref(100),
        attribute(0x40, 6, []),
        t.communities([0xffffff01, 64496 * 65536 + 7]),
        attribute(0xc0, 32, bytes(u32(64496), u32(1), u32(2))),
        attribute(0xc0, 99, [1, 2, 3]),
      ),
      4,
    );
    expect(issues).toEqual([]);
    expect(attributes).toMatchObject({
      origin: 2,
      asPath: {
        asnLength: 4,
        malformed: false,
        segments: [{ type: AS_SEQUENCE, asns: [4200000000, 64496] }],
      },
      nextHop: Uint8Array.from([192, 0, 2, 1]),
      med: 10,
      localPref: 100,
      atomicAggregate: true,
      communities: [0xffffff01, 64496 * 65536 + 7],
      largeCommunities: [{ globalAdmin: 64496, localData1: 1, localData2: 2 }],
      unknown: [{ flags: 0xc0, code: 99, value: Uint8Array.from([1, 2, 3]) }],
    });
  });

  it("flags a malformed AS_PATH but keeps the segments before the error", () => {
    const { attributes } = decodePathAttributes(attribute(0x40, 2, [2, 1, 0, 0, 0, 1, 9, 1, 0]), 4);
    expect(attributes.asPath).toEqual({ asnLength: 4, malformed: true, segments: [{ type: 2, asns: [1] }] });
  });

  it("drops a cut attribute and keeps the first of duplicates, reporting both", () => {
    const cut = Uint8Array.from([0x40, 5, 4, 0, 0]);
    const { attributes, issues } = decodePathAttributes(bytes(t.origin(0), t.origin(1), cut), 4);
    expect(attributes.origin).toBe(0);
    expect(attributes.localPref).toBeUndefined();
    expect(issues).toEqual(["duplicate attribute 1 ignored", "attribute 5 cut short (2 of 4 bytes)"]);
  });

  it("decodes MP_REACH_NLRI, full and abbreviated, and MP_UNREACH_NLRI", () => {
    const full = attribute(
      0x80,
      14,
      bytes(
        u16(2),
        [1],
        [32],
        t.ipv6("2001:db8:0:0:0:0:0:1"),
        t.ipv6("fe80:0:0:0:0:0:0:1"),
        [0],
        t.nlri(t.ipv6("2001:db8:1:0:0:0:0:0"), 48),
      ),
    );
    const unreach = attribute(0x80, 15, bytes(u16(1), [1], t.nlri([10, 0, 0, 0], 8)));
    const { attributes } = decodePathAttributes(bytes(full, unreach), 4);
    expect(attributes.mpReach).toMatchObject({
      abbreviated: false,
      afi: 2,
      safi: 1,
      nlri: [{ afi: 2, length: 48 }],
    });
    expect(attributes.mpReach?.nextHop).toHaveLength(32);
    expect(attributes.mpUnreach).toMatchObject({ afi: 1, safi: 1, nlri: [{ length: 8 }] });
    const abbreviated = decodePathAttributes(
      attribute(0x80, 14, bytes([4], t.ipv4("192.0.2.9"))),
      4,
    ).attributes;
    expect(abbreviated.mpReach).toEqual({
      abbreviated: true,
      afi: 0,
      safi: 0,
      nextHop: Uint8Array.from([192, 0, 2, 9]),
      nlri: [],
    });
  });
});

describe("readPrefixList", () => {
  it("reads ADD-PATH path ids, clears host bits and reports a cut prefix", () => {
    const issues: string[] = [];
    const input = Uint8Array.from([...t.nlri([11, 13, 0, 0], 13, 7), ...u32(8), 24, 192, 0]);
    const prefixes = readPrefixList(new ByteCursor(input), 1, true, issues);
    expect(prefixes).toEqual([{ afi: 1, length: 13, address: Uint8Array.from([11, 8, 0, 0]), pathId: 7 }]);
    expect(issues).toEqual(["NLRI prefix /24 cut short (2 of 3 bytes)"]);
  });
});
