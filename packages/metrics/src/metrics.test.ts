import { describe, expect, it } from "vitest";
import { rankDescending, weightedShare } from "./aggregate";
import { addDays } from "./dates";
import {
  type AwardParameters,
  DEFAULT_PARAMETERS,
  evaluate,
  sourceAgrees,
  validateParameters,
} from "./eligibility";
import { fitTrend, projectCrossing } from "./trend";
import { wilsonInterval } from "./wilson";
import { type DailyCount, poolWindow, sumSeries, windowEnding } from "./windows";

/** `days` consecutive days ending on `end`, each with the given samples and share. */
function daily(end: string, days: number, samples: number, share: number): DailyCount[] {
  return Array.from({ length: days }, (_, i) => ({
    date: addDays(end, i - days + 1),
    samples,
    hits: Math.round(samples * share),
  }));
}

const params = (over: Partial<AwardParameters> = {}): AwardParameters => ({
  ...DEFAULT_PARAMETERS,
  evaluationDate: "2026-10-31",
  ...over,
});

describe("wilsonInterval", () => {
  // By hand: p = 0.2, z² = 3.841459; centre = (0.2 + 0.019207) / 1.038415 = 0.211096;
  // half = 1.959964 × sqrt(0.0016 + 0.000096037) / 1.038415 = 0.077733 → [0.133363, 0.288829].
  it("matches a hand computation for 20 of 100", () => {
    const r = wilsonInterval(20, 100);
    expect(r?.share).toBe(0.2);
    expect(r?.lo).toBeCloseTo(0.133363, 5);
    expect(r?.hi).toBeCloseTo(0.288829, 5);
  });
  // 0 of 10: hi = (z²/n) / (1 + z²/n) = 0.384146 / 1.384146 = 0.277530; 10 of 10 mirrors it.
  it("stays inside [0, 1] at the edges", () => {
    expect(wilsonInterval(0, 10)).toEqual({ share: 0, lo: 0, hi: expect.closeTo(0.27753, 5) });
    expect(wilsonInterval(10, 10)).toEqual({ share: 1, lo: expect.closeTo(0.72247, 5), hi: 1 });
  });
  it("has no interval without trials and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});

describe("pooling", () => {
  it("sums counts instead of averaging daily percentages", () => {
    // 10 small days at 50% and 10 large days at 5%: the mean of daily shares is 27.5%, the
    // pooled share (500 + 5,000) / (1,000 + 100,000) = 5.45%.
    const series = [...daily("2026-10-11", 10, 100, 0.5), ...daily("2026-10-21", 10, 10_000, 0.05)];
    const pooled = poolWindow(series, windowEnding("2026-10-31", 30));
    // Σ h²/n: ten days of 50²/100 and ten of 500²/10,000, 25 each.
    expect(pooled).toEqual({ samples: 101_000, hits: 5_500, daysWithData: 20, hitsSquaredOverSamples: 500 });
    const meanOfDaily = series.reduce((s, d) => s + d.hits / d.samples, 0) / series.length;
    expect(meanOfDaily).toBeCloseTo(0.275, 10);
    expect(pooled.hits / pooled.samples).toBeCloseTo(0.054455, 6);
  });
  it("takes the window as the days ending on the evaluation date, inclusive", () => {
    expect(windowEnding("2026-10-31", 30)).toEqual({ start: "2026-10-02", end: "2026-10-31", days: 30 });
    const series = [
      { date: "2026-10-01", samples: 5, hits: 5 },
      { date: "2026-10-02", samples: 7, hits: 1 },
      { date: "2026-10-31", samples: 3, hits: 0 },
      { date: "2026-11-01", samples: 9, hits: 9 },
    ];
    expect(poolWindow(series, windowEnding("2026-10-31", 30))).toEqual({
      samples: 10,
      hits: 1,
      daysWithData: 2,
      hitsSquaredOverSamples: 1 / 7,
    });
  });
  it("adds series day by day", () => {
    expect(
      sumSeries([
        [{ date: "2026-01-02", samples: 10, hits: 1 }],
        [
          { date: "2026-01-01", samples: 5, hits: 5 },
          { date: "2026-01-02", samples: 30, hits: 3 },
        ],
      ]),
    ).toEqual([
      { date: "2026-01-01", samples: 5, hits: 5 },
      { date: "2026-01-02", samples: 40, hits: 4 },
    ]);
  });
});

describe("evaluate (Jim Bound)", () => {
  it("is eligible when the whole interval is above the threshold", () => {
    // 9,000 of 30,000: lo = 0.2948 ≥ 0.2.
    const e = evaluate(daily("2026-10-31", 30, 1000, 0.3), params());
    expect(e).toMatchObject({ state: "eligible", share: 0.3, samples: 30_000, days: 30, reason: null });
    expect(e.lo).toBeGreaterThan(0.29);
  });
  it("is borderline when the threshold lies inside the interval", () => {
    expect(evaluate(daily("2026-10-31", 30, 100, 0.21), params()).state).toBe("borderline");
    expect(evaluate(daily("2026-10-31", 30, 100, 0.19), params()).state).toBe("borderline");
  });
  it("is below when the whole interval is under the threshold", () => {
    const e = evaluate(daily("2026-10-31", 30, 1000, 0.1), params());
    expect(e.state).toBe("below");
    expect(e.hi).toBeLessThan(0.2);
  });
  it("puts a high mean of daily shares with a low pooled share below", () => {
    const series = [...daily("2026-10-15", 10, 100, 0.5), ...daily("2026-10-31", 16, 10_000, 0.05)];
    // Mean of daily shares (10 × 0.5 + 16 × 0.05) / 26 = 22.3%; pooled 8,500 / 161,000 = 5.28%.
    expect(evaluate(series, params())).toMatchObject({ state: "below", share: expect.closeTo(0.0528, 3) });
  });
  it("needs enough days and samples in the window", () => {
    expect(evaluate(daily("2026-10-31", 19, 1000, 0.5), params())).toMatchObject({
      state: "insufficient-data",
      reason: "19 days with data in the window, 20 required",
    });
    expect(evaluate(daily("2026-10-31", 25, 30, 0.5), params())).toMatchObject({
      state: "insufficient-data",
      samples: 750,
      reason: "750 samples in the window, 1000 required",
    });
  });
  it("ignores data outside the window", () => {
    const e = evaluate(daily("2026-08-31", 60, 1000, 0.5), params());
    expect(e).toMatchObject({
      state: "insufficient-data",
      samples: 0,
      days: 0,
      share: null,
      lo: null,
      hi: null,
    });
  });
  it("validates parameters", () => {
    expect(validateParameters(params())).toEqual([]);
    expect(
      validateParameters(params({ threshold: 20, minDays: 40, evaluationDate: "2026-02-30" })),
    ).toHaveLength(3);
    // A JavaScript date but not a Postgres one.
    expect(validateParameters(params({ evaluationDate: "0000-01-01" }))).toEqual([
      "evaluationDate must be a YYYY-MM-DD date",
    ]);
  });
});

describe("sourceAgrees", () => {
  const rule = { threshold: 0.2, minDays: 20 };
  it("compares another source's share with the side the interval lies on", () => {
    expect(sourceAgrees("eligible", { share: 0.35, days: 30 }, rule)).toBe(true);
    expect(sourceAgrees("eligible", { share: 0.12, days: 30 }, rule)).toBe(false);
    expect(sourceAgrees("below", { share: 0.2, days: 30 }, rule)).toBe(false);
    expect(sourceAgrees("below", { share: 0.19, days: 20 }, rule)).toBe(true);
  });
  it("has nothing to compare across the line, without data, or with too few days", () => {
    expect(sourceAgrees("borderline", { share: 0.5, days: 30 }, rule)).toBeNull();
    expect(sourceAgrees("insufficient-data", { share: 0.5, days: 30 }, rule)).toBeNull();
    expect(sourceAgrees("eligible", { share: 0.1, days: 19 }, rule)).toBeNull();
  });
});

describe("trend and projection", () => {
  // Share 0.100 on 2026-01-01 rising 0.001 a day to 0.129 on 2026-01-30: 0.2 is 71 days after
  // the last day, 2026-04-11.
  const rising = Array.from({ length: 30 }, (_, i) => ({
    date: addDays("2026-01-01", i),
    samples: 1000,
    hits: 100 + i,
  }));
  it("fits the slope and projects the crossing date", () => {
    const trend = fitTrend(rising);
    expect(trend?.slopePerDay).toBeCloseTo(0.001, 10);
    expect(trend?.fittedShare).toBeCloseTo(0.129, 10);
    expect(projectCrossing(trend as NonNullable<typeof trend>, 0.2, "2026-01-30")).toEqual({
      kind: "crossing",
      date: "2026-04-11",
    });
  });
  it("says when the line is already above, flat or too slow", () => {
    const above = fitTrend(daily("2026-01-30", 30, 1000, 0.3));
    expect(projectCrossing(above as NonNullable<typeof above>, 0.2, "2026-01-30").kind).toBe("above");
    const flat = fitTrend(daily("2026-01-30", 30, 1000, 0.1));
    expect(projectCrossing(flat as NonNullable<typeof flat>, 0.2, "2026-01-30")).toEqual({
      kind: "not-at-this-pace",
      reason: "the share is not growing",
    });
    // One extra hit on the last day only: about 6e-6 a day, over 40 years to go.
    const slow = fitTrend(rising.map((d, i) => ({ ...d, hits: i === 29 ? 101 : 100 })));
    expect(projectCrossing(slow as NonNullable<typeof slow>, 0.2, "2026-01-30").kind).toBe(
      "not-at-this-pace",
    );
  });
  it("needs enough days to fit", () => {
    expect(fitTrend(rising.slice(0, 5))).toBeNull();
  });
});

describe("aggregation", () => {
  it("weights by users when every network has them, else by samples", () => {
    // Users: (0.5 × 1,000 + 0.1 × 9,000) / 10,000 = 0.14.
    expect(
      weightedShare([
        { share: 0.5, users: 1000, samples: 50 },
        { share: 0.1, users: 9000, samples: 50 },
      ]),
    ).toEqual({ share: expect.closeTo(0.14, 10), weightedBy: "users" });
    // Samples: (0.5 × 300 + 0.1 × 100) / 400 = 0.4.
    expect(
      weightedShare([
        { share: 0.5, users: null, samples: 300 },
        { share: 0.1, users: 9000, samples: 100 },
      ]),
    ).toEqual({ share: expect.closeTo(0.4, 10), weightedBy: "samples" });
    expect(weightedShare([])).toBeNull();
  });
  it("ranks with ties sharing a place", () => {
    const ranks = rankDescending(
      ["a", "b", "c", "d"],
      (x) => ({ a: 0.3, b: 0.5, c: 0.3, d: 0.1 })[x] as number,
    );
    expect([...ranks.entries()].sort()).toEqual([
      ["a", 2],
      ["b", 1],
      ["c", 2],
      ["d", 4],
    ]);
  });
});
