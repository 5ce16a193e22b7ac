import { describe, expect, it } from "vitest";
import { isIsoDate } from "./dates";
import { isMonth, lastMonthEnd, lastReportMonth, monthBounds, nextMonth, previousMonth } from "./months";

describe("months", () => {
  it("accepts YYYY-MM and nothing else", () => {
    expect(isMonth("2026-10")).toBe(true);
    for (const bad of ["2026-13", "2026-00", "0000-01", "2026-1", "2026-10-01", "202610", ""])
      expect(isMonth(bad), bad).toBe(false);
  });

  it("refuses an impossible day instead of throwing", () => {
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-02-30")).toBe(false);
  });

  it("gives a month's first and last day, leap years included", () => {
    expect(monthBounds("2026-10")).toEqual({ start: "2026-10-01", end: "2026-10-31" });
    expect(monthBounds("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(monthBounds("2026-02")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(monthBounds("2026-12")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
  });

  it("steps over year ends", () => {
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(previousMonth("2027-01")).toBe("2026-12");
    expect(nextMonth("2026-09")).toBe("2026-10");
  });

  it("reports on the previous full month, or on the last one measured to its end when data ends earlier", () => {
    expect(lastReportMonth("2026-12-06", "2026-12-07")).toBe("2026-11");
    expect(lastReportMonth("2026-10-31", "2026-12-07")).toBe("2026-10");
    // November is reported once measured to its last day.
    expect(lastReportMonth("2026-11-28", "2026-12-01")).toBe("2026-10");
    expect(lastReportMonth("2026-11-30", "2026-12-01")).toBe("2026-11");
    expect(lastReportMonth("2027-01-01", "2027-01-01")).toBe("2026-12");
    expect(lastReportMonth("2024-01-03", "2026-12-07")).toBe("2023-12");
  });

  it("finds the last month's end a day falls after", () => {
    expect(lastMonthEnd("2026-10-31")).toBe("2026-10-31");
    expect(lastMonthEnd("2026-11-20")).toBe("2026-10-31");
    expect(lastMonthEnd("2027-01-01")).toBe("2026-12-31");
  });
});
