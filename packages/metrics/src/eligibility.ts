/**
 * Jim Bound eligibility (DESIGN.md §4): with pooled share p and its 95% Wilson interval [lo, hi]
 * over the window, eligible when lo ≥ threshold, borderline when lo < threshold ≤ hi, below when
 * hi < threshold, and insufficient-data when the window has too few days or samples.
 */
import { isIsoDate } from "./dates";
import { wilsonInterval } from "./wilson";
import { type DailyCount, type Pooled, poolWindow, type Window, windowEnding } from "./windows";

export const METHOD_VERSION = "jim-bound/1";

export type Metric = "capable" | "preferred" | "traffic";
export type EligibilityState = "eligible" | "borderline" | "below" | "insufficient-data";

export interface AwardParameters {
  /** Share in 0…1 (0.2 = 20%). */
  threshold: number;
  metric: Metric;
  windowDays: number;
  minDays: number;
  minSamples: number;
  evaluationDate: string;
}

/**
 * The spans (days) over which the region's movers compare each economy's share: the window
 * ending on the last day against the window ending `span - windowDays` days before it.
 */
export const MOVER_SPANS_DAYS = [90, 365] as const;

export const DEFAULT_PARAMETERS: Omit<AwardParameters, "evaluationDate"> = {
  threshold: 0.2,
  metric: "preferred",
  windowDays: 30,
  minDays: 20,
  minSamples: 1000,
};

export interface Evaluation {
  state: EligibilityState;
  share: number | null;
  lo: number | null;
  hi: number | null;
  samples: number;
  days: number;
  window: Window;
  /** Why the state is insufficient-data, in words; null otherwise. */
  reason: string | null;
}

export function validateParameters(p: AwardParameters): string[] {
  const problems: string[] = [];
  if (!(p.threshold > 0 && p.threshold < 1)) problems.push("threshold must be between 0 and 1");
  if (!Number.isInteger(p.windowDays) || p.windowDays < 1)
    problems.push("windowDays must be a positive integer");
  if (!Number.isInteger(p.minDays) || p.minDays < 0 || p.minDays > p.windowDays) {
    problems.push("minDays must be an integer between 0 and windowDays");
  }
  if (!Number.isInteger(p.minSamples) || p.minSamples < 0)
    problems.push("minSamples must be a non-negative integer");
  if (!isIsoDate(p.evaluationDate)) problems.push("evaluationDate must be a YYYY-MM-DD date");
  return problems;
}

export function evaluate(series: Iterable<DailyCount>, params: AwardParameters): Evaluation {
  const window = windowEnding(params.evaluationDate, params.windowDays);
  return evaluatePooled(poolWindow(series, window), params, window);
}

/** The same rule on counts already pooled over `window` (e.g. summed by the database). */
export function evaluatePooled(pooled: Pooled, params: AwardParameters, window: Window): Evaluation {
  const base = { samples: pooled.samples, days: pooled.daysWithData, window };
  const interval = wilsonInterval(pooled.hits, pooled.samples);
  const shown = interval ?? { share: null, lo: null, hi: null };
  if (pooled.daysWithData < params.minDays || pooled.samples < params.minSamples) {
    const reason =
      pooled.daysWithData < params.minDays
        ? `${pooled.daysWithData} days with data in the window, ${params.minDays} required`
        : `${pooled.samples} samples in the window, ${params.minSamples} required`;
    return { state: "insufficient-data", ...shown, ...base, reason };
  }
  const { share, lo, hi } = interval as NonNullable<typeof interval>;
  const state: EligibilityState =
    lo >= params.threshold ? "eligible" : hi >= params.threshold ? "borderline" : "below";
  return { state, share, lo, hi, ...base, reason: null };
}
