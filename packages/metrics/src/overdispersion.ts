/**
 * A share's 95% interval that is honest about day-to-day variation (method `jim-bound/2`,
 * docs/adr/0007-intervals-with-between-day-variation.md).
 *
 * Wilson treats a window's pooled samples as independent draws. APNIC's are not: they arrive
 * through ad placements that change from day to day, so the daily shares scatter far more than
 * binomial noise (a network at 38% from 1.4M samples moves by points, not tenths, between days),
 * and a Wilson interval of ±0.1 point claims a precision the data do not have.
 *
 * Quasi-binomial: the dispersion φ is estimated from the daily shares around the pooled share,
 * Pearson's X² over the days divided by its degrees of freedom (days − 1). The samples count as
 * N / φ, the effective sample size (Kish's design effect), and the Wilson interval is taken at the
 * pooled share with that many. φ is floored at 1, so the interval is never narrower than Wilson.
 * Where φ is estimated (above 1), the quantile is Student's t with days − 1 degrees of freedom
 * instead of the normal one, as for any variance estimated from few values: 2.045 for 30 days.
 *
 * X² needs only one more sum beside the pooled counts: with p = H / N,
 *   X² = Σ_d (h_d − n_d p)² / (n_d p (1 − p)) = (Σ_d h_d² / n_d − H² / N) / (p (1 − p)),
 * so a database can pool Σ h_d² / n_d per window like it pools H and N.
 */
import { type Proportion, wilsonInterval, Z_95 } from "./wilson";
import type { DailyCount } from "./windows";

/** A window's counts pooled with what the dispersion needs. */
export interface DispersionPool {
  hits: number;
  samples: number;
  /** Σ over days of hits² / samples (days with samples only). */
  hitsSquaredOverSamples: number;
  /** Days with at least one sample. */
  days: number;
}

export interface DispersedProportion extends Proportion {
  /** The dispersion factor used (≥ 1): the variance relative to binomial. */
  dispersion: number;
  /** Samples as independent draws: samples / dispersion. */
  effectiveSamples: number;
}

/** Adds the days of a series into a DispersionPool (days with no samples are skipped). */
export function dispersionPool(series: Iterable<DailyCount>): DispersionPool {
  const pool = { hits: 0, samples: 0, hitsSquaredOverSamples: 0, days: 0 };
  for (const d of series) {
    if (d.samples <= 0) continue;
    pool.hits += d.hits;
    pool.samples += d.samples;
    pool.hitsSquaredOverSamples += (d.hits * d.hits) / d.samples;
    pool.days++;
  }
  return pool;
}

/**
 * φ = X² / (days − 1), floored at 1; 1 when there is a single day or the share is 0 or 1 (then
 * every day agrees, and there is no spread to measure).
 */
export function dispersionOf(pool: DispersionPool): number {
  const { hits, samples, hitsSquaredOverSamples, days } = pool;
  if (days < 2 || samples <= 0) return 1;
  const p = hits / samples;
  if (p <= 0 || p >= 1) return 1;
  // Rounding can make the difference a hair negative when every day has the same share.
  const pearson = Math.max(0, hitsSquaredOverSamples - (hits * hits) / samples) / (p * (1 - p));
  return Math.max(1, pearson / (days - 1));
}

/** t(0.975) for 1–4 degrees of freedom, from the table, where the expansion below is off by more than 3e-4. */
const T95_TABLE = [12.706204736, 4.30265273, 3.182446305, 2.776445105];

/**
 * The two-sided 95% quantile of Student's t with `df` degrees of freedom: the table for 1–4,
 * then the Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5),
 * within 3e-4 at 5 degrees of freedom and 1e-4 from 6 on (a window's days − 1 is 19 or more
 * wherever a state is decided).
 */
export function studentT95(df: number): number {
  if (!(df >= 1) || !Number.isInteger(df))
    throw new RangeError(`degrees of freedom ${df}: a whole number from 1`);
  if (df <= T95_TABLE.length) return T95_TABLE[df - 1] as number;
  const z = Z_95;
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The quasi-binomial 95% interval of a pooled share; null without samples. */
export function quasiBinomialInterval(pool: DispersionPool): DispersedProportion | null {
  if (pool.samples <= 0) return null;
  const dispersion = dispersionOf(pool);
  const effectiveSamples = pool.samples / dispersion;
  const p = pool.hits / pool.samples;
  const quantile = dispersion > 1 ? studentT95(pool.days - 1) : Z_95;
  // Wilson's formula at the pooled share with N / φ trials: the successes need not be whole.
  const interval = wilsonInterval(p * effectiveSamples, effectiveSamples, quantile) as Proportion;
  return { ...interval, share: p, dispersion, effectiveSamples };
}
