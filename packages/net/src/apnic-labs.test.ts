import { describe, expect, it } from "vitest";
import { parseApnicLabs } from "./apnic-labs";

const file = (data: unknown[]) =>
  JSON.stringify({ copyright: "APNIC Labs", description: "IPv6 capability", docs: "…", data });

const entry = (date: string, seen: number, capable: number, preferred: number, extra: object = {}) => ({
  date,
  as: 64496,
  cc: "BR",
  type: "economyas",
  raw: {
    seen,
    capable,
    capable_pc: (100 * capable) / seen,
    preferred,
    preferred_pc: (100 * preferred) / seen,
  },
  "30": { seen: 1, capable: 1, preferred: 1 },
  ...extra,
});

describe("parseApnicLabs", () => {
  it("keeps the daily raw counts and ignores the smoothed windows", () => {
    const r = parseApnicLabs(file([entry("2026-10-01", 1200, 400, 300), entry("2026-10-02", 900, 90, 45)]), {
      asn: 64496,
      cc: "BR",
    });
    expect(r).toEqual({
      fatal: null,
      rejects: [],
      days: [
        { date: "2026-10-01", asn: 64496, cc: "BR", seen: 1200, capable: 400, preferred: 300 },
        { date: "2026-10-02", asn: 64496, cc: "BR", seen: 900, capable: 90, preferred: 45 },
      ],
    });
  });
  it("accepts AS numbers written AS123 and compact dates", () => {
    const r = parseApnicLabs(file([entry("20261001", 10, 1, 1, { as: "AS64496" })]), {
      asn: 64496,
      cc: "BR",
    });
    expect(r.days).toEqual([expect.objectContaining({ date: "2026-10-01", asn: 64496 })]);
  });
  it("rejects entries it cannot trust, naming their JSON path", () => {
    const r = parseApnicLabs(
      file([
        entry("2026-13-01", 10, 1, 1),
        entry("2026-10-02", 10, 11, 1),
        entry("2026-10-03", 10, 1, 1, { as: 64497 }),
        entry("2026-10-04", 10, 1, 1, { cc: "AR" }),
        entry("2026-10-05", -1, 1, 1),
        entry("2026-10-06", 10, 1, 1),
        entry("2026-10-06", 10, 1, 1),
        "x",
      ]),
      { asn: 64496, cc: "BR" },
    );
    expect(r.days.map((d) => d.date)).toEqual(["2026-10-06"]);
    expect(r.rejects).toEqual([
      { path: "data[0].date", reason: '"2026-13-01" is not a date' },
      { path: "data[1].raw", reason: "more IPv6 results than samples (seen 10)" },
      { path: "data[2].as", reason: "AS64497 in the file of AS64496" },
      { path: "data[3].cc", reason: "economy AR in the file of BR" },
      { path: "data[4].raw.seen", reason: '"-1" is not a count' },
      { path: "data[6].date", reason: "2026-10-06 listed twice" },
      { path: "data[7]", reason: "entry is not an object" },
    ]);
  });
  it("refuses a file that is not JSON or has no data", () => {
    expect(parseApnicLabs("<html>", { asn: 1 }).fatal).toMatch(/^not JSON/);
    expect(parseApnicLabs("{}", { asn: 1 }).fatal).toBe('no "data" array');
  });
});
