import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { LACNIC_COUNTRIES } from "@atalaya/net";
import type { Topology } from "topojson-specification";
import { describe, expect, it } from "vitest";
import {
  legendItems,
  NO_DATA_COLOUR,
  SHARE_COLOURS,
  shareBin,
  shareColour,
  textColourOn,
} from "./colour-scale";
import { LACNIC_NUMERIC } from "./iso-numeric";
import { layoutCallouts, placeCallouts } from "./map-shaping";
import { nextInDirection } from "./spatial-nav";
import { lacnicTopology } from "./topology-subset";

const world = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("world-atlas/countries-50m.json"), "utf8"),
) as Topology;

const ccOf = (g: { properties?: object | null }) => (g.properties as { cc?: string } | undefined)?.cc;

describe("the region's topology", () => {
  const region = lacnicTopology(world);
  const codes = region.objects.economies.geometries.map((g) => ccOf(g));

  it("has every one of the 31 economies exactly once, GF and BQ split out of France and the Netherlands", () => {
    expect([...codes].sort()).toEqual(LACNIC_COUNTRIES.map((c) => c.cc).sort());
    expect(Object.keys(LACNIC_NUMERIC).sort()).toEqual(LACNIC_COUNTRIES.map((c) => c.cc).sort());
    // Natural Earth's own countries: 29 of 31 (French Guiana and the BES islands are parts of others).
    const numeric = new Set(
      (world.objects.countries as { geometries: Array<{ id?: string | number }> }).geometries.map((g) =>
        String(g.id),
      ),
    );
    const missing = Object.entries(LACNIC_NUMERIC)
      .filter(([, n]) => !numeric.has(n))
      .map(([cc]) => cc);
    expect(missing.sort()).toEqual(["BQ", "GF"]);
    const bq = region.objects.economies.geometries.find((g) => ccOf(g) === "BQ");
    expect(bq?.type).toBe("MultiPolygon"); // Bonaire, Sint Eustatius, Saba
  });

  it("keeps only arcs in use, a fraction of the world's, and every reference resolves", () => {
    expect(region.arcs.length).toBeLessThan(world.arcs.length / 4);
    const refs = [...region.objects.economies.geometries, ...region.objects.context.geometries].flatMap((g) =>
      JSON.stringify("arcs" in g ? g.arcs : [])
        .match(/-?\d+/g)
        ?.map(Number),
    );
    for (const i of refs)
      expect(region.arcs[(i as number) < 0 ? ~(i as number) : (i as number)]).toBeDefined();
    expect(new Set(refs.map((i) => ((i as number) < 0 ? ~(i as number) : i))).size).toBe(region.arcs.length);
    expect(region.transform).toEqual(world.transform);
  });

  it("keeps land in view as unnamed context and drops the rest of the world", () => {
    expect(region.objects.context.geometries.length).toBeGreaterThan(5);
    expect(region.objects.context.geometries.every((g) => g.properties === undefined)).toBe(true);
    expect(JSON.stringify(region).length).toBeLessThan(JSON.stringify(world).length / 5);
  });
});

describe("colour scale", () => {
  it("bins shares with 20% (the award line) as an edge, and greys missing figures", () => {
    expect(shareBin(0)).toBe(0);
    expect(shareBin(0.049)).toBe(0);
    expect(shareBin(0.05)).toBe(1);
    expect(shareBin(0.1999)).toBe(2);
    expect(shareBin(0.2)).toBe(3);
    expect(shareBin(0.5)).toBe(6);
    expect(shareBin(1)).toBe(6);
    expect(shareColour(0.25)).toBe(SHARE_COLOURS[3]);
    expect(shareColour(null)).toBe(NO_DATA_COLOUR);
    expect(textColourOn(0.45)).toBe("#fff");
    expect(textColourOn(0.1)).toBe("#111827");
  });

  it("labels every bin and the missing-data swatch in the legend", () => {
    const pct = (n: number) => `${Math.round(n * 100)}%`;
    expect(legendItems(pct).map((i) => i.label)).toEqual([
      "under 5%",
      "5%–10%",
      "10%–20%",
      "20%–30%",
      "30%–40%",
      "40%–50%",
      "50% or more",
      "no measured network",
    ]);
    expect(new Set(legendItems(pct).map((i) => i.colour)).size).toBe(8);
  });
});

describe("keyboard moves on the map", () => {
  const points = [
    { id: "MX", x: 100, y: 100 },
    { id: "CU", x: 200, y: 90 },
    { id: "CO", x: 220, y: 220 },
    { id: "BR", x: 400, y: 300 },
    { id: "AR", x: 300, y: 500 },
  ];
  it("goes to the nearest economy in the arrow's direction, preferring what is level", () => {
    expect(nextInDirection(points, "MX", "ArrowRight")).toBe("CU");
    expect(nextInDirection(points, "CU", "ArrowDown")).toBe("CO");
    expect(nextInDirection(points, "BR", "ArrowLeft")).toBe("CO");
    expect(nextInDirection(points, "BR", "ArrowDown")).toBe("AR");
    expect(nextInDirection(points, "AR", "ArrowUp")).toBe("BR");
  });
  it("stays put at the edge, and starts from the first economy when lost", () => {
    expect(nextInDirection(points, "MX", "ArrowLeft")).toBeNull();
    expect(nextInDirection(points, "XX", "ArrowLeft")).toBe("MX");
  });
});

describe("callouts for small islands", () => {
  it("stacks markers in one column in the order of their anchors' heights, inside the map", () => {
    const anchors = [
      { id: "TT", x: 300, y: 210 },
      { id: "SX", x: 310, y: 150 },
      { id: "AW", x: 250, y: 200 },
    ];
    const out = layoutCallouts(anchors, { column: 400, top: -50, spacing: 20, height: 500 });
    expect(out.map((c) => c.id)).toEqual(["SX", "AW", "TT"]);
    expect(out.map((c) => c.marker)).toEqual([
      [400, 20],
      [400, 40],
      [400, 60],
    ]);
    expect(out[0]?.anchor).toEqual([310, 150]);
  });
  it("puts the Caribbean ones in a column and the South Atlantic ones beside themselves", () => {
    const out = placeCallouts(
      [
        { id: "AW", x: 300, y: 200 },
        { id: "CW", x: 310, y: 202 },
        { id: "GS", x: 500, y: 800 },
      ],
      { width: 720, height: 860 },
      300,
    );
    const byId = new Map(out.map((c) => [c.id, c]));
    expect(byId.get("AW")?.marker[0]).toBe(400);
    expect(byId.get("CW")?.marker[0]).toBe(400);
    expect(byId.get("GS")?.marker).toEqual([540, 800]);
  });
});
