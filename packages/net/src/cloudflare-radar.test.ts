import { describe, expect, it } from "vitest";
import { parseRadarIpVersionSeries, radarErrorMessage } from "./cloudflare-radar";

const response = (serie: Record<string, unknown>, extra: object = {}) =>
  JSON.stringify({
    success: true,
    errors: [],
    result: {
      meta: {
        aggInterval: "ONE_DAY",
        dateRange: [{ startTime: "2026-10-29T00:00:00Z", endTime: "2026-11-01T00:00:00Z" }],
        lastUpdated: "2026-11-01T00:00:00Z",
      },
      serie_0: serie,
    },
    ...extra,
  });

describe("parseRadarIpVersionSeries", () => {
  it("turns each daily bucket into the share of requests over IPv6", () => {
    const r = parseRadarIpVersionSeries(
      response({
        timestamps: ["2026-10-29T00:00:00Z", "2026-10-30T00:00:00Z", "2026-10-31T00:00:00Z"],
        IPv4: ["78.1", "75", 60.5],
        IPv6: ["21.9", "25", 39.5],
      }),
    );
    expect(r.fatal).toBeNull();
    expect(r.rejects).toEqual([]);
    expect(r.days).toEqual([
      { date: "2026-10-29", ipv6Share: expect.closeTo(0.219, 10) },
      { date: "2026-10-30", ipv6Share: 0.25 },
      { date: "2026-10-31", ipv6Share: expect.closeTo(0.395, 10) },
    ]);
  });

  it("normalises a split that rounding left a little off 100", () => {
    const r = parseRadarIpVersionSeries(
      response({ timestamps: ["2026-10-29T00:00:00Z"], IPv4: ["80.0004"], IPv6: ["20.0004"] }),
    );
    expect(r.days[0]?.ipv6Share).toBeCloseTo(0.2, 5);
  });

  it("drops days with no requests and the day still in progress", () => {
    const r = parseRadarIpVersionSeries(
      response({
        timestamps: ["2026-10-30T00:00:00Z", "2026-10-31T00:00:00Z", "2026-11-01T00:00:00Z"],
        IPv4: ["0", "70", "71"],
        IPv6: ["0", "30", "29"],
      }),
      "2026-11-01",
    );
    expect(r).toEqual({ fatal: null, rejects: [], days: [{ date: "2026-10-31", ipv6Share: 0.3 }] });
  });

  it("names the field of each bad value", () => {
    const r = parseRadarIpVersionSeries(
      response({
        timestamps: [
          "2026-10-27T00:00:00Z",
          "yesterday",
          "2026-10-29T01:00:00Z",
          "2026-10-30T00:00:00Z",
          "2026-10-31T00:00:00Z",
          "2026-10-27T00:00:00Z",
        ],
        IPv4: ["70", "70", "70", "lots", "90", "70"],
        IPv6: ["30", "30", "30", "30", "30", "30"],
      }),
    );
    expect(r.fatal).toBeNull();
    expect(r.days).toEqual([{ date: "2026-10-27", ipv6Share: 0.3 }]);
    expect(r.rejects).toEqual([
      { path: "result.serie_0.timestamps[1]", reason: '"yesterday" is not a timestamp' },
      {
        path: "result.serie_0.timestamps[2]",
        reason: '"2026-10-29T01:00:00Z" does not start a UTC day: the series must be daily (aggInterval=1d)',
      },
      { path: "result.serie_0.IPv4[3]", reason: '"lots" is not a percentage' },
      {
        path: "result.serie_0.IPv6[4]",
        reason: "IPv4 90 + IPv6 30 is not 100: not a percentage split (normalization must be PERCENTAGE)",
      },
      { path: "result.serie_0.timestamps[5]", reason: "2026-10-27 listed twice" },
    ]);
  });

  it("refuses percentages outside 0–100 and impossible dates", () => {
    const r = parseRadarIpVersionSeries(
      response({
        timestamps: ["2026-02-30T00:00:00Z", "2026-10-31T00:00:00Z"],
        IPv4: ["70", "-5"],
        IPv6: ["30", "105"],
      }),
    );
    expect(r.rejects.map((x) => x.path)).toEqual(["result.serie_0.timestamps[0]", "result.serie_0.IPv4[1]"]);
  });

  it("names what is missing when the response is not a series", () => {
    const fatal = (text: string) => parseRadarIpVersionSeries(text).fatal;
    expect(fatal('{"success": tru')).toMatch(/^not JSON: /);
    expect(fatal("[]")).toBe("not a JSON object");
    expect(fatal(JSON.stringify({ success: true, result: null }))).toBe('no "result" object');
    expect(fatal(JSON.stringify({ success: true, result: { summary_0: {} } }))).toBe(
      'no "result.serie_0" object',
    );
    expect(fatal(response({ timestamps: [], IPv4: [] }))).toBe('"result.serie_0.IPv6" is not an array');
    expect(fatal(response({ timestamps: ["2026-10-31T00:00:00Z"], IPv4: ["70"], IPv6: [] }))).toBe(
      '"result.serie_0" has 1 timestamps, 1 IPv4 and 0 IPv6 values',
    );
  });

  it("reports an API error with Radar's own message", () => {
    const text = JSON.stringify({
      success: false,
      errors: [{ code: 10000, message: "Authentication error" }],
    });
    expect(parseRadarIpVersionSeries(text).fatal).toBe(
      "success is false, not true: 10000 Authentication error",
    );
    expect(radarErrorMessage(text)).toBe("10000 Authentication error");
    expect(radarErrorMessage("<html>forbidden</html>")).toBeNull();
  });

  it("accepts an empty series: a network Radar has no data for", () => {
    expect(parseRadarIpVersionSeries(response({ timestamps: [], IPv4: [], IPv6: [] }))).toEqual({
      days: [],
      rejects: [],
      fatal: null,
    });
  });
});
