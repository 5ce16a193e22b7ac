import { describe, expect, it } from "vitest";
import { freshness, SOURCES } from "./catalogue";

const daily = SOURCES.find((s) => s.name === "delegated") as (typeof SOURCES)[number];
const now = new Date("2026-11-26T12:00:00Z");

describe("freshness", () => {
  it("is fresh within twice the cadence, stale after", () => {
    expect(freshness(daily, new Date("2026-11-24T13:00:00Z"), false, now)).toBe("fresh");
    expect(freshness(daily, new Date("2026-11-24T11:00:00Z"), false, now)).toBe("stale");
  });
  it("says never without a good run, and demo for demo data", () => {
    expect(freshness(daily, null, false, now)).toBe("never");
    expect(freshness(daily, new Date("2020-01-01T00:00:00Z"), true, now)).toBe("demo");
  });
});
