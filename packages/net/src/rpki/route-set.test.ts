import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPrefix, ipv4Prefix, ipv6Prefix } from "../prefix";
import { asSetOrigin, formatOrigin, type Route } from "./route";
import { RouteSet } from "./route-set";

// Octets and lengths near the text-order corners (1 < 10 < 100 < 2 < 25 < 255 < 3 …), origins of
// several digit counts, AS_SETs (which sort after every plain AS), and both families mixed.
const octet = fc.constantFrom(0, 1, 2, 9, 10, 19, 20, 25, 99, 100, 199, 200, 249, 250, 255);
const origin = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 7, 10, 64496, 65536, 4294967295) },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(1, 7, 64496), { minLength: 1, maxLength: 3 }).map(asSetOrigin),
  },
);
const v4Route: fc.Arbitrary<Route> = fc
  .record({ a: octet, b: octet, c: octet, d: octet, length: fc.integer({ min: 0, max: 32 }), origin })
  .map(({ a, b, c, d, length, origin }) => ({
    prefix: ipv4Prefix(((a << 24) | (b << 16) | (c << 8) | d) >>> 0, length),
    origin,
  }));
const v6Route: fc.Arbitrary<Route> = fc
  .record({
    high: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
    length: fc.integer({ min: 0, max: 128 }),
    origin,
  })
  .map(({ high, length, origin }) => ({ prefix: ipv6Prefix(high << 96n, length), origin }));

describe("RouteSet", () => {
  it("hands out each distinct route once, in the plain string order of 'prefix origin'", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(v4Route, v6Route), { maxLength: 60 }), (routes) => {
        const set = new RouteSet();
        for (const r of routes) set.add(r);
        const expected = [
          ...new Set(routes.map((r) => `${formatPrefix(r.prefix)} ${formatOrigin(r.origin)}`)),
        ].sort();
        const sorted = set.sorted();
        expect(sorted.map((r) => `${r.prefix} ${r.origin}`)).toEqual(expected);
        expect(set.size).toBe(expected.length);
        for (const r of sorted) {
          expect(formatPrefix(r.route.prefix)).toBe(r.prefix);
          expect(formatOrigin(r.route.origin)).toBe(r.origin);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("takes more routes after it was read, and keeps them in order", () => {
    const set = new RouteSet();
    set.add({ prefix: ipv4Prefix(0x0a000000, 8), origin: 1 });
    expect(set.size).toBe(1);
    set.add({ prefix: ipv4Prefix(0x09000000, 8), origin: 1 });
    set.add({ prefix: ipv4Prefix(0x0a000000, 8), origin: 1 });
    expect(set.sorted().map((r) => r.prefix)).toEqual(["10.0.0.0/8", "9.0.0.0/8"]);
  });
});
