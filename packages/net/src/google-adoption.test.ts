import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { realData } from "../../../tests/helpers/shared-data";
import { parseGoogleAdoption } from "./google-adoption";

const lines = (text: string) => text.split("\n").map((t, i) => ({ number: i + 1, text: t }));

describe("parseGoogleAdoption", () => {
  it("reads adoption.js rows with 0-based months and percentages", () => {
    const js = [
      "var adoption = [",
      "  [2008, 8, 4, 0.138095, 0.044179, ],",
      "  [2021, 11, 31, 36.5, 36.4, ],",
      "];",
    ].join("\n");
    expect(parseGoogleAdoption(lines(js))).toEqual({
      rejects: [],
      days: [
        {
          line: 2,
          date: "2008-09-04",
          total: expect.closeTo(0.00138095, 10),
          native: expect.closeTo(0.00044179, 10),
        },
        { line: 3, date: "2021-12-31", total: 0.365, native: 0.364 },
      ],
    });
  });
  it("rejects impossible dates, percentages and duplicates", () => {
    const js = [
      "  [2021, 1, 30, 1, 1, ],",
      "  [2021, 0, 1, 150, 1, ],",
      "  [2021, 0, 2, 10, 11, ],",
      "  [2021, 0, 3, 1, 1, ],",
      "  [2021, 0, 3, 1, 1, ],",
    ];
    expect(parseGoogleAdoption(lines(js.join("\n"))).rejects.map((r) => [r.line, r.reason])).toEqual([
      [1, "2021, 1, 30 is not a date (months count from 0)"],
      [2, "total 150% is not a percentage"],
      [3, "native 11% exceeds total 10%"],
      [5, "2021-01-03 listed twice"],
    ]);
  });

  const archive = realData("google-ipv6-adoption/google-ipv6-adoption-global-2008-2021.csv");
  it.skipIf(!archive)(
    "reads the 2008–2021 archive whole, and its rows rewritten as adoption.js alike",
    () => {
      const text = readFileSync(archive as string, "utf8");
      const csv = parseGoogleAdoption(lines(text));
      // 4,687 rows, 2008-09-04 … 2021-07-04 (PROVENANCE.md; `wc -l`, `head -1`, `tail -1`).
      expect(csv.rejects).toEqual([]);
      expect(csv.days).toHaveLength(4687);
      expect(csv.days[0]).toMatchObject({ date: "2008-09-04", total: expect.closeTo(0.00138095, 10) });
      expect(csv.days.at(-1)).toMatchObject({ date: "2021-07-04", total: expect.closeTo(0.35230342, 10) });
      const js = `var data = [\n${text
        .trim()
        .split("\n")
        .map((row) => `  [${row.split(",").slice(0, 5).join(", ")}, ],`)
        .join("\n")}\n];\n`;
      expect(parseGoogleAdoption(lines(js)).days.map((d) => [d.date, d.total, d.native])).toEqual(
        csv.days.map((d) => [d.date, d.total, d.native]),
      );
    },
  );
});
