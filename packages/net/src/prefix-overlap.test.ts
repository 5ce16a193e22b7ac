import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { covers, type IpPrefix, prefixOf } from "./prefix";
import { PrefixOverlapIndex } from "./prefix-overlap";

const p = (text: string) => prefixOf(text);

describe("PrefixOverlapIndex", () => {
  const index = new PrefixOverlapIndex(
    ["10.0.0.0/8", "192.0.2.0/25", "198.51.100.0/24", "2001:db8::/32", "2001:db8:ffff::/48", "3fff::/20"].map(
      p,
    ),
  );

  it("finds the prefix itself, a part of it announced, and a cover of it", () => {
    expect(index.overlaps(p("198.51.100.0/24"))).toBe(true);
    expect(index.overlaps(p("192.0.2.0/24"))).toBe(true); // a /25 inside it
    expect(index.overlaps(p("10.20.0.0/16"))).toBe(true); // covered by the /8
    expect(index.overlaps(p("2001:db8:1234::/48"))).toBe(true);
    expect(index.overlaps(p("2001:db8::/31"))).toBe(true);
  });

  it("answers no for space beside the members and across families", () => {
    expect(index.overlaps(p("192.0.2.128/25"))).toBe(false);
    expect(index.overlaps(p("11.0.0.0/8"))).toBe(false);
    expect(index.overlaps(p("2001:db9::/32"))).toBe(false);
    expect(index.overlaps(p("3fff:1000::/20"))).toBe(false);
    expect(new PrefixOverlapIndex([]).overlaps(p("0.0.0.0/0"))).toBe(false);
  });

  it("agrees with a test of every member, on random sets", () => {
    const prefix = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 16 - 1 }), fc.integer({ min: 0, max: 16 }))
      .map(([high, length]) => {
        const address = ((high << 16) >>> 0) & (length === 0 ? 0 : ~(2 ** (32 - length) - 1));
        return { family: 4, address: address >>> 0, length } as IpPrefix;
      });
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 40 }), prefix, (members, question) => {
        const expected = members.some((m) => covers(m, question) || covers(question, m));
        expect(new PrefixOverlapIndex(members).overlaps(question)).toBe(expected);
      }),
    );
  });
});
