import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPrefix, type IpPrefix, ipv4Prefix, ipv6Prefix, prefixOf } from "../prefix";
import { asSetOrigin, type Route, type RouteOrigin } from "./route";
import { type RouteValidity, VrpIndex } from "./validate";
import type { Vrp } from "./vrps";

// Documentation resources (RFC 5737, RFC 3849, RFC 5398) wherever the case allows.
function vrp(asn: number, prefix: string, maxLength?: number): Vrp {
  const p = prefixOf(prefix);
  return { asn, prefix: p, maxLength: maxLength ?? p.length, ta: null };
}

function route(prefix: string, origin: RouteOrigin): Route {
  return { prefix: prefixOf(prefix), origin };
}

const key = (v: Vrp) => `AS${v.asn} ${formatPrefix(v.prefix)}-${v.maxLength}`;

function summary(result: RouteValidity) {
  return {
    state: result.state,
    reason: result.reason,
    matched: result.matched.map(key),
    unmatchedAs: result.unmatchedAs.map(key),
    unmatchedLength: result.unmatchedLength.map(key),
  };
}

function check(vrps: Vrp[], r: Route) {
  return summary(new VrpIndex(vrps).validate(r));
}

describe("RFC 6811 origin validation", () => {
  it("is valid on an exact match", () => {
    expect(check([vrp(64496, "192.0.2.0/24")], route("192.0.2.0/24", 64496))).toEqual({
      state: "valid",
      reason: null,
      matched: ["AS64496 192.0.2.0/24-24"],
      unmatchedAs: [],
      unmatchedLength: [],
    });
  });

  it("is valid for a more specific within maxLength, invalid (length) beyond it", () => {
    const vrps = [vrp(64496, "198.51.100.0/22", 24)];
    expect(check(vrps, route("198.51.100.0/24", 64496)).state).toBe("valid");
    expect(check(vrps, route("198.51.103.0/24", 64496)).state).toBe("valid");
    expect(check(vrps, route("198.51.100.0/25", 64496))).toEqual({
      state: "invalid",
      reason: "length",
      matched: [],
      unmatchedAs: [],
      unmatchedLength: ["AS64496 198.51.100.0/22-24"],
    });
  });

  it("is invalid (as) for another origin AS", () => {
    expect(check([vrp(64496, "192.0.2.0/24")], route("192.0.2.0/24", 64497))).toEqual({
      state: "invalid",
      reason: "as",
      matched: [],
      unmatchedAs: ["AS64496 192.0.2.0/24-24"],
      unmatchedLength: [],
    });
  });

  it("is not-found when nothing covers, including a less specific route and a neighbour", () => {
    const vrps = [vrp(64496, "198.51.100.0/24", 32)];
    expect(check(vrps, route("198.51.100.0/23", 64496)).state).toBe("not-found");
    expect(check(vrps, route("198.51.101.0/24", 64496)).state).toBe("not-found");
    expect(check([], route("198.51.100.0/24", 64496))).toMatchObject({ state: "not-found", reason: null });
  });

  it("never matches an AS0 VRP (RFC 7607), though it covers", () => {
    const as0 = vrp(0, "203.0.113.0/24", 32);
    expect(check([as0], route("203.0.113.0/24", 64496))).toMatchObject({
      state: "invalid",
      reason: "as",
      unmatchedAs: ["AS0 203.0.113.0/24-32"],
    });
    // A route "originated" by AS0 is not valid either.
    expect(check([as0], route("203.0.113.128/25", 0))).toMatchObject({ state: "invalid", reason: "as" });
  });

  it("is valid with both an AS0 VRP and a matching one", () => {
    const result = check(
      [vrp(0, "203.0.113.0/24", 32), vrp(64496, "203.0.113.0/24")],
      route("203.0.113.0/24", 64496),
    );
    expect(result).toEqual({
      state: "valid",
      reason: null,
      matched: ["AS64496 203.0.113.0/24-24"],
      unmatchedAs: ["AS0 203.0.113.0/24-32"],
      unmatchedLength: [],
    });
  });

  it("weighs overlapping VRPs of different lengths together", () => {
    const vrps = [vrp(64496, "10.0.0.0/8", 8), vrp(64497, "10.1.0.0/16", 24), vrp(64496, "10.1.2.0/24")];
    // Matched by the /24, covered by the other two.
    expect(check(vrps, route("10.1.2.0/24", 64496))).toEqual({
      state: "valid",
      reason: null,
      matched: ["AS64496 10.1.2.0/24-24"],
      unmatchedAs: ["AS64497 10.1.0.0/16-24"],
      unmatchedLength: ["AS64496 10.0.0.0/8-8"],
    });
    // The /16's AS, within its maxLength.
    expect(check(vrps, route("10.1.3.0/24", 64497)).state).toBe("valid");
    // AS64496 has a VRP covering 10.1.3.0/24, but only up to /8: reason length, not as.
    expect(check(vrps, route("10.1.3.0/24", 64496))).toMatchObject({ state: "invalid", reason: "length" });
    // Nobody authorised AS64499 anywhere here.
    expect(check(vrps, route("10.1.3.0/24", 64499))).toMatchObject({
      state: "invalid",
      reason: "as",
      unmatchedAs: ["AS64496 10.0.0.0/8-8", "AS64497 10.1.0.0/16-24"],
    });
  });

  it("keeps IPv4 and IPv6 apart, /0 included", () => {
    const vrps = [vrp(64496, "0.0.0.0/0", 32), vrp(64497, "::/0", 128)];
    expect(check(vrps, route("2001:db8::/32", 64497)).state).toBe("valid");
    expect(check(vrps, route("2001:db8::/32", 64496))).toMatchObject({
      state: "invalid",
      reason: "as",
      unmatchedAs: ["AS64497 ::/0-128"],
    });
    expect(check(vrps, route("192.0.2.0/24", 64496)).state).toBe("valid");
    expect(check(vrps, route("192.0.2.0/24", 64497)).unmatchedAs).toEqual(["AS64496 0.0.0.0/0-32"]);
    expect(check([vrp(64496, "0.0.0.0/0")], route("::/0", 64496)).state).toBe("not-found");
    expect(check([vrp(64496, "::/0")], route("0.0.0.0/0", 64496)).state).toBe("not-found");
  });

  it("covers everything of its family with a /0 VRP, matching only up to its maxLength", () => {
    const vrps = [vrp(64496, "0.0.0.0/0")];
    expect(check(vrps, route("0.0.0.0/0", 64496)).state).toBe("valid");
    expect(check(vrps, route("255.255.255.255/32", 64496))).toMatchObject({
      state: "invalid",
      reason: "length",
    });
  });

  it("validates on canonical prefixes: host bits never decide", () => {
    const vrps = [vrp(64496, "192.0.2.77/24"), vrp(64496, "2001:db8::1/32", 48)];
    expect(check(vrps, route("192.0.2.1/24", 64496)).state).toBe("valid");
    expect(check(vrps, route("2001:db8:ffff:1::/48", 64496)).state).toBe("valid");
  });

  it("never matches an AS_SET origin, even one holding the VRP's AS", () => {
    const vrps = [vrp(64496, "198.51.100.0/24")];
    expect(check(vrps, route("198.51.100.0/24", asSetOrigin([64496])))).toEqual({
      state: "invalid",
      reason: "as",
      matched: [],
      unmatchedAs: ["AS64496 198.51.100.0/24-24"],
      unmatchedLength: [],
    });
    expect(check(vrps, route("198.51.101.0/24", asSetOrigin([64496, 64497]))).state).toBe("not-found");
  });

  it("handles host routes at the bottom of both tries", () => {
    const vrps = [vrp(64496, "192.0.2.255/32"), vrp(64496, "2001:db8::ffff/128")];
    expect(check(vrps, route("192.0.2.255/32", 64496)).state).toBe("valid");
    expect(check(vrps, route("192.0.2.254/32", 64496)).state).toBe("not-found");
    expect(check(vrps, route("2001:db8::ffff/128", 64496)).state).toBe("valid");
    expect(check(vrps, route("2001:db8::fffe/128", 64496)).state).toBe("not-found");
  });
});

// ------------------------------------------------------------------ property test

/**
 * The reference: DESIGN.md §4 read literally, over a plain list, with its own notion of "inside"
 * (bit strings) so that it shares no code with the index or prefix.ts.
 */
function bits(prefix: IpPrefix): string {
  const width = prefix.family === 4 ? 32 : 128;
  return prefix.address.toString(2).padStart(width, "0").slice(0, prefix.length);
}

function naiveValidate(vrps: Vrp[], r: Route) {
  const matched: Vrp[] = [];
  const unmatchedAs: Vrp[] = [];
  const unmatchedLength: Vrp[] = [];
  for (const v of vrps) {
    const sameFamily = v.prefix.family === r.prefix.family;
    const inside =
      sameFamily && v.prefix.length <= r.prefix.length && bits(r.prefix).startsWith(bits(v.prefix));
    if (!inside) continue;
    const originAsn = typeof r.origin === "number" ? r.origin : undefined;
    const namesOrigin = originAsn !== undefined && v.asn === originAsn && v.asn !== 0;
    if (namesOrigin && r.prefix.length <= v.maxLength) matched.push(v);
    else if (namesOrigin) unmatchedLength.push(v);
    else unmatchedAs.push(v);
  }
  const covered = matched.length + unmatchedAs.length + unmatchedLength.length > 0;
  let state = "not-found";
  let reason: string | null = null;
  if (matched.length > 0) state = "valid";
  else if (covered) {
    state = "invalid";
    reason = unmatchedLength.length > 0 ? "length" : "as";
  }
  const sorted = (list: Vrp[]) => list.map(key).sort();
  return {
    state,
    reason,
    matched: sorted(matched),
    unmatchedAs: sorted(unmatchedAs),
    unmatchedLength: sorted(unmatchedLength),
  };
}

// Few, close addresses so that random prefixes nest, overlap and collide often.
const V4_SEEDS = [
  "10.0.0.0",
  "10.0.0.128",
  "10.0.128.0",
  "10.1.0.0",
  "10.255.255.255",
  "0.0.0.0",
  "128.0.0.0",
];
const V6_SEEDS = [
  "2001:db8::",
  "2001:db8::1",
  "2001:db8:8000::",
  "2001:db9::",
  "::",
  "8000::",
  "2001:db8::8000:0",
];

function prefixArbitrary(family: 4 | 6): fc.Arbitrary<IpPrefix> {
  const max = family === 4 ? 32 : 128;
  return fc
    .record({
      seed: fc.constantFrom(...(family === 4 ? V4_SEEDS : V6_SEEDS)),
      // Lengths bunch where the seeds differ, with the whole range still possible.
      length: fc.oneof(
        fc.integer({ min: 0, max }),
        fc.integer({ min: family === 4 ? 7 : 15, max: family === 4 ? 26 : 50 }),
      ),
      flip: fc.option(fc.integer({ min: 0, max: max - 1 })),
    })
    .map(({ seed, length, flip }) => {
      const base = prefixOf(`${seed}/${max}`);
      // One bit flipped: a sibling or cousin of the seed's prefixes.
      if (base.family === 4) {
        const address = flip === null ? base.address : (base.address ^ (1 << (31 - flip))) >>> 0;
        return ipv4Prefix(address, length);
      }
      const address = flip === null ? base.address : base.address ^ (1n << BigInt(127 - flip));
      return ipv6Prefix(address, length);
    });
}

const asnArbitrary = fc.constantFrom(0, 64496, 64497, 64498);

function vrpArbitrary(family: 4 | 6): fc.Arbitrary<Vrp> {
  const max = family === 4 ? 32 : 128;
  return fc
    .record({
      prefix: prefixArbitrary(family),
      asn: asnArbitrary,
      extra: fc.oneof(fc.constant(0), fc.nat(4), fc.nat(max)),
    })
    .map(({ prefix, asn, extra }) => ({
      asn,
      prefix,
      maxLength: Math.min(max, prefix.length + extra),
      ta: null,
    }));
}

function routeArbitrary(family: 4 | 6): fc.Arbitrary<Route> {
  return fc.record({
    prefix: prefixArbitrary(family),
    origin: fc.oneof(
      { weight: 5, arbitrary: asnArbitrary },
      { weight: 1, arbitrary: fc.array(asnArbitrary, { minLength: 1, maxLength: 3 }).map(asSetOrigin) },
    ),
  });
}

function engineSummary(index: VrpIndex, r: Route) {
  const s = summary(index.validate(r));
  return {
    ...s,
    matched: s.matched.sort(),
    unmatchedAs: s.unmatchedAs.sort(),
    unmatchedLength: s.unmatchedLength.sort(),
  };
}

/** The VRPs an index keeps: the first of each (asn, prefix, maxLength). */
function distinct(vrps: Vrp[]): Vrp[] {
  const seen = new Set<string>();
  return vrps.filter((v) => {
    const key = `${v.asn} ${formatPrefix(v.prefix)} ${v.maxLength}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe("VrpIndex against a linear scan", () => {
  for (const family of [4, 6] as const) {
    it(`agrees on random IPv${family} VRP sets and routes`, () => {
      fc.assert(
        fc.property(
          fc.array(vrpArbitrary(family), { maxLength: 40 }),
          fc.array(routeArbitrary(family), { minLength: 1, maxLength: 20 }),
          (vrps, routes) => {
            const index = new VrpIndex(vrps);
            expect(index.size).toBe(distinct(vrps).length);
            for (const r of routes) expect(engineSummary(index, r)).toEqual(naiveValidate(distinct(vrps), r));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it("agrees when both families share one index", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(vrpArbitrary(4), vrpArbitrary(6)), { maxLength: 40 }),
        fc.array(fc.oneof(routeArbitrary(4), routeArbitrary(6)), { minLength: 1, maxLength: 20 }),
        (vrps, routes) => {
          const index = new VrpIndex(vrps);
          expect(index.size).toBe(distinct(vrps).length);
          for (const r of routes) expect(engineSummary(index, r)).toEqual(naiveValidate(distinct(vrps), r));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is not vacuous: the generators produce every outcome", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(vrpArbitrary(4), { maxLength: 40 }), routeArbitrary(4), (vrps, r) => {
        const result = naiveValidate(vrps, r);
        seen.add(`${result.state}/${result.reason}`);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...seen].sort()).toEqual(["invalid/as", "invalid/length", "not-found/null", "valid/null"]);
  });
});
