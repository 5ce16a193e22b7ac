import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispersionOf, dispersionPool, quasiBinomialInterval, studentT95 } from "./overdispersion";
import { wilsonInterval } from "./wilson";
import type { DailyCount } from "./windows";

const day = (i: number, hits: number, samples: number): DailyCount => ({
  date: `2026-01-${String(i + 1).padStart(2, "0")}`,
  hits,
  samples,
});

describe("quasiBinomialInterval", () => {
  it("matches values worked by hand", () => {
    // Shares 20%, 30%, 40% on 100 samples a day: p = 0.3, Σh²/n = 4 + 9 + 16 = 29, H²/N = 27,
    // X² = 2 / 0.21, φ = X² / 2 = 100/21, N / φ = 63; Wilson at 0.3 with 63 trials and t(2) =
    // 4.302653 for z: centre (0.3 + t²/126) / (1 + t²/63) = 0.345423, half
    // t / (1 + t²/63) · √(0.21/63 + t²/(4·63²)) = 0.223064.
    const pool = dispersionPool([day(0, 20, 100), day(1, 30, 100), day(2, 40, 100)]);
    expect(pool).toEqual({ hits: 90, samples: 300, hitsSquaredOverSamples: 29, days: 3 });
    const r = quasiBinomialInterval(pool);
    expect(r?.dispersion).toBeCloseTo(100 / 21, 10);
    expect(r?.effectiveSamples).toBeCloseTo(63, 10);
    expect(r?.share).toBe(0.3);
    expect(r?.lo).toBeCloseTo(0.345423 - 0.223064, 5);
    expect(r?.hi).toBeCloseTo(0.345423 + 0.223064, 5);
  });

  it("is Wilson when the days agree, when there is one day, and at 0% and 100%", () => {
    const same = dispersionPool([day(0, 200, 1000), day(1, 400, 2000), day(2, 100, 500)]);
    expect(dispersionOf(same)).toBe(1);
    expect(quasiBinomialInterval(same)).toMatchObject({ ...wilsonInterval(700, 3500), dispersion: 1 });
    expect(dispersionOf(dispersionPool([day(0, 10, 100)]))).toBe(1);
    expect(quasiBinomialInterval(dispersionPool([day(0, 0, 100), day(1, 0, 50)]))).toMatchObject({
      lo: 0,
      share: 0,
    });
    expect(quasiBinomialInterval(dispersionPool([day(0, 80, 80), day(1, 50, 50)]))).toMatchObject({
      hi: 1,
      share: 1,
    });
    expect(quasiBinomialInterval(dispersionPool([]))).toBeNull();
    expect(dispersionPool([day(0, 0, 0)]).days).toBe(0);
  });

  it("is never narrower than Wilson", () => {
    const series = fc.array(
      fc
        .tuple(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([samples, share]) => ({ samples, hits: Math.round(samples * share) })),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(series, (days) => {
        const pool = dispersionPool(days.map((d, i) => day(i % 28, d.hits, d.samples)));
        const q = quasiBinomialInterval(pool);
        const w = wilsonInterval(pool.hits, pool.samples);
        expect(q?.lo).toBeLessThanOrEqual((w?.lo as number) + 1e-12);
        expect(q?.hi).toBeGreaterThanOrEqual((w?.hi as number) - 1e-12);
      }),
      { numRuns: 500 },
    );
  });
});

// mulberry32 and Box–Muller: the same synthetic series on every run.
function generator(seed: number) {
  let s = seed;
  const uniform = () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * A 30-day window of a network whose true IPv6 share is `truth`, as APNIC sees it: each day's
 * share is the truth moved by the day's ad placements (±3 points, one standard deviation), then
 * 40k–60k samples are drawn at that day's share.
 */
function overdispersedWindow(random: ReturnType<typeof generator>, truth: number): DailyCount[] {
  return Array.from({ length: 30 }, (_, i) => {
    const share = Math.min(0.99, Math.max(0.01, truth + 0.03 * random.normal()));
    const samples = 40_000 + Math.floor(random.uniform() * 20_001);
    const hits = Math.round(samples * share + Math.sqrt(samples * share * (1 - share)) * random.normal());
    return day(i, Math.min(samples, Math.max(0, hits)), samples);
  });
}

describe("studentT95", () => {
  it("gives the table's quantiles", () => {
    // Two-sided 95% (0.975 one-sided) quantiles from any t table.
    for (const [df, t] of [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [4, 2.7764],
      [5, 2.5706],
      [6, 2.4469],
      [19, 2.093],
      [29, 2.0452],
      [89, 1.987],
      [1000, 1.9623],
    ] as const)
      expect(studentT95(df), `df ${df}`).toBeCloseTo(t, 3);
    expect(() => studentT95(0)).toThrow(RangeError);
    expect(() => studentT95(2.5)).toThrow(RangeError);
  });
});

describe("coverage on an overdispersed series", () => {
  const RUNS = 1000;
  const TRUTH = 0.2;
  const coverage = (interval: (window: DailyCount[]) => { lo: number; hi: number }) => {
    const random = generator(20261202);
    let covered = 0;
    for (let run = 0; run < RUNS; run++) {
      const { lo, hi } = interval(overdispersedWindow(random, TRUTH));
      if (lo <= TRUTH && TRUTH <= hi) covered++;
    }
    return covered / RUNS;
  };

  it("covers the true share in at least 93% of 1,000 windows with the quasi-binomial interval", () => {
    const rate = coverage((w) => quasiBinomialInterval(dispersionPool(w)) as { lo: number; hi: number });
    expect(rate).toBeGreaterThanOrEqual(0.93);
  });

  it("shows Wilson failing on the same windows: it treats 1.5M samples as independent", () => {
    const rate = coverage((w) => {
      const pool = dispersionPool(w);
      return wilsonInterval(pool.hits, pool.samples) as { lo: number; hi: number };
    });
    expect(rate).toBeLessThan(0.5);
  });
});
