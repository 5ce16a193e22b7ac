import { describe, expect, it } from "vitest";
import type { Mover } from "./api/get-region-movers";
import type { RegionTrend } from "./api/get-region-trend";
import { formatPoints, topMovers } from "./movers-shaping";
import { latestShare, regionTrendRows, subRegionRows } from "./trend-shaping";

const mover = (cc: string, change: number): Mover => ({
  cc,
  name: cc,
  subRegion: "caribbean",
  from: 0.2,
  to: 0.2 + change,
  change,
});

describe("top movers", () => {
  const movers = [
    mover("AR", 0.01),
    mover("BR", -0.02),
    mover("CL", 0.03),
    mover("DO", 0),
    mover("EC", -0.005),
  ];
  it("takes the largest rises and the largest falls, never a zero change", () => {
    const top = topMovers(movers, 5);
    expect(top.risers.map((m) => m.cc)).toEqual(["CL", "AR"]);
    expect(top.fallers.map((m) => m.cc)).toEqual(["BR", "EC"]);
    expect(topMovers(movers, 1)).toEqual({ risers: [movers[2]], fallers: [movers[1]] });
  });
  it("breaks ties by code, so the order is stable", () => {
    expect(topMovers([mover("PE", 0.01), mover("BO", 0.01)], 2).risers.map((m) => m.cc)).toEqual([
      "BO",
      "PE",
    ]);
  });
  it("writes changes as signed percentage points", () => {
    expect(formatPoints(0.0234)).toBe("+2.3 pts");
    expect(formatPoints(-0.008)).toBe("−0.8 pts");
    expect(formatPoints(0.0004)).toBe("±0.0 pts");
    expect(formatPoints(-0.0004)).toBe("±0.0 pts");
  });
});

describe("trend rows", () => {
  const day = (date: string, share: number | null, networks = 3) => ({
    date,
    share,
    weightedBy: share === null ? null : ("users" as const),
    networks: share === null ? 0 : networks,
  });
  it("puts Google's global share beside the region's by date, null where it has none", () => {
    const rows = regionTrendRows(
      [day("2026-10-01", 0.2), day("2026-10-02", 0.21)],
      [
        { date: "2026-10-02", total: 0.45, native: 0.44 },
        { date: "2026-09-30", total: 0.44, native: null },
      ],
    );
    expect(rows).toEqual([
      { date: "2026-10-01", region: 0.2, networks: 3, google: null },
      { date: "2026-10-02", region: 0.21, networks: 3, google: 0.45 },
    ]);
  });
  it("lines the sub-regions up per date", () => {
    const subRegions: RegionTrend["data"]["subRegions"] = [
      {
        subRegion: "south-america",
        name: "South America",
        series: [day("2026-10-01", 0.2), day("2026-10-02", 0.3)],
      },
      {
        subRegion: "caribbean",
        name: "Caribbean",
        series: [day("2026-10-01", null), day("2026-10-02", 0.1)],
      },
    ];
    expect(subRegionRows(subRegions)).toEqual([
      { date: "2026-10-01", "south-america": 0.2, caribbean: null },
      { date: "2026-10-02", "south-america": 0.3, caribbean: 0.1 },
    ]);
    expect(subRegionRows([])).toEqual([]);
  });
  it("finds the last day with a share", () => {
    expect(latestShare([day("2026-10-01", 0.2), day("2026-10-02", null)])?.date).toBe("2026-10-01");
    expect(latestShare([day("2026-10-01", null)])).toBeNull();
  });
});
