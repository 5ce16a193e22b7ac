import { describe, expect, it } from "vitest";
import { prefixOf } from "../prefix";
import { validatedRoutesCsv, validatedRoutesJson, validateRouteSet } from "./output";
import { asSetOrigin } from "./route";
import { RouteSet } from "./route-set";
import { VrpIndex } from "./validate";
import type { Vrp } from "./vrps";

function vrp(asn: number, prefix: string, maxLength: number): Vrp {
  return { asn, prefix: prefixOf(prefix), maxLength, ta: null };
}

const index = new VrpIndex([
  vrp(64496, "192.0.2.0/24", 24),
  vrp(64497, "198.51.100.0/22", 23),
  vrp(64497, "2001:db8::/32", 48),
]);

function routeSet(): RouteSet {
  const set = new RouteSet();
  const add = (prefix: string, origin: number | number[]) =>
    set.add({ prefix: prefixOf(prefix), origin: typeof origin === "number" ? origin : asSetOrigin(origin) });
  add("9.9.9.0/24", 64500);
  add("192.0.2.0/24", 64496);
  add("192.0.2.1/24", 64496); // the same route once canonical
  add("192.0.2.0/24", 7);
  add("192.0.2.0/24", 64499);
  add("198.51.100.0/24", 64497);
  add("2001:db8::/32", [64497, 64496]);
  add("2001:DB8::/48", 64497);
  add("10.0.0.0/8", 64496);
  return set;
}

describe("validation output", () => {
  it("writes one CSV row per distinct (prefix, origin), sorted as plain strings", () => {
    const set = routeSet();
    expect(set.size).toBe(8);
    const csv = [...validatedRoutesCsv(validateRouteSet(set, index))].join("");
    expect(csv).toBe(
      [
        "prefix,origin,state,reason",
        "10.0.0.0/8,64496,not-found,",
        "192.0.2.0/24,64496,valid,",
        "192.0.2.0/24,64499,invalid,as",
        "192.0.2.0/24,7,invalid,as",
        "198.51.100.0/24,64497,invalid,length",
        '2001:db8::/32,"{64496,64497}",invalid,as',
        "2001:db8::/48,64497,valid,",
        "9.9.9.0/24,64500,not-found,",
        "",
      ].join("\n"),
    );
  });

  it("splits the CSV into blocks without losing or repeating lines", () => {
    const rows = validateRouteSet(routeSet(), index);
    const whole = [...validatedRoutesCsv(rows)].join("");
    const blocks = [...validatedRoutesCsv(rows, 40)];
    expect(blocks.length).toBeGreaterThan(3);
    expect(blocks.join("")).toBe(whole);
  });

  it("writes Routinator's validated_routes JSON", () => {
    const rows = validateRouteSet(routeSet(), index);
    const text = [...validatedRoutesJson(rows, "2026-01-01T00:00:00Z", 100)].join("");
    const document = JSON.parse(text);
    expect(document.generatedTime).toBe("2026-01-01T00:00:00Z");
    expect(document.validated_routes).toHaveLength(8);
    expect(document.validated_routes[4]).toEqual({
      route: { origin_asn: "AS64497", prefix: "198.51.100.0/24" },
      validity: {
        state: "invalid",
        reason: "length",
        description:
          "At least one VRP Covers the Route Prefix, but the Route Prefix length is greater than the maximum length allowed by VRP(s) matching this route origin ASN",
        VRPs: {
          matched: [],
          unmatched_as: [],
          unmatched_length: [{ asn: "AS64497", prefix: "198.51.100.0/22", max_length: "23" }],
        },
      },
    });
    // No "reason" key unless invalid; an AS_SET origin spelled out.
    expect(document.validated_routes[0].validity).not.toHaveProperty("reason");
    expect(document.validated_routes[5].route).toEqual({
      origin_asn: "{AS64496,AS64497}",
      prefix: "2001:db8::/32",
    });
  });

  it("writes a valid empty document", () => {
    expect(JSON.parse([...validatedRoutesJson([])].join(""))).toEqual({ validated_routes: [] });
  });
});
