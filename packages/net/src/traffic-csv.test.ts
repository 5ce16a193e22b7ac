import { describe, expect, it } from "vitest";
import { parseTrafficCsv } from "./traffic-csv";

const lines = (text: string) => text.split("\n").map((t, i) => ({ number: i + 1, text: t }));

describe("parseTrafficCsv", () => {
  it("reads daily byte totals", () => {
    expect(
      parseTrafficCsv(
        lines("date,ipv4_bytes,ipv6_bytes\n2026-10-01,800,200\r\n2026-10-02, 700 ,300\n"),
        "2026-11-26",
      ),
    ).toEqual({
      days: [
        { line: 2, date: "2026-10-01", ipv4Bytes: 800, ipv6Bytes: 200 },
        { line: 3, date: "2026-10-02", ipv4Bytes: 700, ipv6Bytes: 300 },
      ],
      rejects: [],
    });
  });
  it("rejects each bad row with its line and reason", () => {
    const r = parseTrafficCsv(
      lines(
        [
          "date,ipv4_bytes,ipv6_bytes",
          "2026-02-30,1,1",
          "2026-12-01,1,1",
          "2026-10-01,-5,1",
          "2026-10-02,1,1.5",
          "2026-10-03,0,0",
          "2026-10-04,1,1",
          "2026-10-04,2,2",
          "2026-10-05,1",
        ].join("\n"),
      ),
      "2026-11-26",
    );
    expect(r.days.map((d) => d.date)).toEqual(["2026-10-04"]);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, 'date "2026-02-30" is not a YYYY-MM-DD date'],
      [3, "date 2026-12-01 is in the future"],
      [4, 'ipv4_bytes "-5" is not a whole number of bytes'],
      [5, 'ipv6_bytes "1.5" is not a whole number of bytes'],
      [6, "no traffic on this day"],
      [8, "2026-10-04 listed twice"],
      [9, "2 fields, 3 expected"],
    ]);
  });
  it("insists on the header", () => {
    expect(parseTrafficCsv(lines("day,v4,v6\n2026-10-01,1,1"), "2026-11-26").rejects[0]).toMatchObject({
      line: 1,
      reason: 'header must be "date,ipv4_bytes,ipv6_bytes"',
    });
    expect(parseTrafficCsv(lines(""), "2026-11-26").rejects).toEqual([
      { line: 1, raw: "", reason: "empty file" },
    ]);
  });
});
