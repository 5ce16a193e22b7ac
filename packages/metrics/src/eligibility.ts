/**
 * Jim Bound eligibility (DESIGN.md §4): with pooled share p and its 95% interval [lo, hi] over the
 * window, eligible when lo ≥ threshold, borderline when lo < threshold ≤ hi, below when
 * hi < threshold, and insufficient-data when the window has too few days or samples.
 *
 * The interval is the method's (docs/adr/0007-intervals-with-between-day-variation.md):
 * - `jim-bound/1`: Wilson on the pooled counts, as if every sample were an independent draw;
 * - `jim-bound/2`: the quasi-binomial interval, widened by the spread of the daily shares.
 * An award cycle keeps the method it was created with, so its decisions reproduce; new cycles and
 * the board without a cycle use METHOD_VERSION.
 */
import { isIsoDate } from "./dates";
import { quasiBinomialInterval } from "./overdispersion";
import { type Proportion, wilsonInterval } from "./wilson";
import { type DailyCount, type Pooled, poolWindow, type Window, windowEnding } from "./windows";

export const METHOD_VERSIONS = ["jim-bound/1", "jim-bound/2"] as const;
export type MethodVersion = (typeof METHOD_VERSIONS)[number];
/** The method of new award cycles and of the board when no cycle is chosen. */
export const METHOD_VERSION: MethodVersion = "jim-bound/2";

export function isMethodVersion(value: string): value is MethodVersion {
  return (METHOD_VERSIONS as readonly string[]).includes(value);
}

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
  /**
   * The source whose counts decide, when an award cycle names one; absent: the metric's usual
   * source (APNIC for capable and preferred, the ISPs' own reports for traffic).
   */
  source?: string;
  /**
   * Sources whose counts an award cycle pools with the deciding source's, day by day, before the
   * interval is computed (e.g. Atalaya's beacon beside APNIC); absent or empty: none.
   */
  additionalSources?: string[];
}

/** The source that decides each metric when the award cycle names none. */
export const DEFAULT_SOURCE: Record<Metric, string> = {
  capable: "apnic",
  preferred: "apnic",
  traffic: "self-reported",
};

/** Sources that count sampled users, tests or browsers: the ones an award cycle may pool or decide by for capable and preferred. */
export const SAMPLED_USER_SOURCES = ["apnic", "atalaya-beacon"] as const;

/** The source whose counts decide under these parameters. */
export function decidingSource(params: Pick<AwardParameters, "metric" | "source">): string {
  return params.source ?? DEFAULT_SOURCE[params.metric];
}

/** The deciding source and the sources pooled with it: whose counts the evaluation sums. */
export function decisionSources(
  params: Pick<AwardParameters, "metric" | "source" | "additionalSources">,
): string[] {
  return [decidingSource(params), ...(params.additionalSources ?? [])];
}

/**
 * Why an award cycle cannot use these sources, or null when it can: a user metric is decided by
 * sources that sample users, the traffic metric by the ISPs' reports alone, and no source twice.
 */
export function sourceChoiceProblem(
  params: Pick<AwardParameters, "metric" | "source" | "additionalSources">,
): string | null {
  const sources = decisionSources(params);
  if (new Set(sources).size !== sources.length) return `a source is named twice (${sources.join(", ")})`;
  if (params.metric === "traffic")
    return sources.length === 1 && sources[0] === DEFAULT_SOURCE.traffic
      ? null
      : `the traffic metric is decided by ${DEFAULT_SOURCE.traffic} alone`;
  const other = sources.find((s) => !(SAMPLED_USER_SOURCES as readonly string[]).includes(s));
  return other === undefined
    ? null
    : `${other} does not sample users; ${params.metric} can be decided by ${SAMPLED_USER_SOURCES.join(" or ")}`;
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
  /**
   * `jim-bound/2` only (absent under `jim-bound/1`, whose evaluations keep their shape): the
   * dispersion φ ≥ 1 of the daily shares and the samples as independent draws, samples / φ.
   */
  dispersion?: number;
  effectiveSamples?: number;
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

export function evaluate(
  series: Iterable<DailyCount>,
  params: AwardParameters,
  method: MethodVersion = METHOD_VERSION,
): Evaluation {
  const window = windowEnding(params.evaluationDate, params.windowDays);
  return evaluatePooled(poolWindow(series, window), params, window, method);
}

/** Why a window's counts are too few to decide on (whatever the method), or null when they suffice. */
export function insufficiency(pooled: Pooled, params: Pick<AwardParameters, "minDays" | "minSamples">) {
  if (pooled.daysWithData < params.minDays)
    return `${pooled.daysWithData} days with data in the window, ${params.minDays} required`;
  if (pooled.samples < params.minSamples)
    return `${pooled.samples} samples in the window, ${params.minSamples} required`;
  return null;
}

type Interval = Proportion & { dispersion?: number; effectiveSamples?: number };

function intervalOf(pooled: Pooled, method: MethodVersion): Interval | null {
  if (method === "jim-bound/1") return wilsonInterval(pooled.hits, pooled.samples);
  if (pooled.hitsSquaredOverSamples === undefined)
    throw new Error("jim-bound/2 needs the window's Σ hits²/samples, and these pooled counts have none");
  return quasiBinomialInterval({
    hits: pooled.hits,
    samples: pooled.samples,
    hitsSquaredOverSamples: pooled.hitsSquaredOverSamples,
    days: pooled.daysWithData,
  });
}

/** The same rule on counts already pooled over `window` (e.g. summed by the database). */
export function evaluatePooled(
  pooled: Pooled,
  params: AwardParameters,
  window: Window,
  method: MethodVersion = METHOD_VERSION,
): Evaluation {
  const base = { samples: pooled.samples, days: pooled.daysWithData, window };
  const interval = intervalOf(pooled, method);
  const shown = interval ?? { share: null, lo: null, hi: null };
  const reason = insufficiency(pooled, params);
  if (reason !== null) return { state: "insufficient-data", ...shown, ...base, reason };
  const { share, lo, hi, ...spread } = interval as Interval;
  const state: EligibilityState =
    lo >= params.threshold ? "eligible" : hi >= params.threshold ? "borderline" : "below";
  return { state, share, lo, hi, ...base, reason: null, ...spread };
}

/**
 * Whether another source's share over the window agrees with a decided state: on the same side of
 * the threshold as an interval lying wholly on one side (eligible: above; below: below). Null when
 * there is nothing to compare: the interval straddles the threshold, the data are insufficient, or
 * the other source covers fewer days than the award requires. False is "sources disagree".
 */
export function sourceAgrees(
  state: EligibilityState,
  other: { share: number; days: number },
  params: Pick<AwardParameters, "threshold" | "minDays">,
): boolean | null {
  if ((state !== "eligible" && state !== "below") || other.days < params.minDays) return null;
  return other.share >= params.threshold === (state === "eligible");
}
