/**
 * Resolves the parameters of an evaluation from a request: a stored award cycle (`cycle`, by
 * name or id), or the defaults of DESIGN.md §4 with `date` as the evaluation date; without a
 * date, the last day with measurements.
 */
import { awardQueries, type Database, measurementQueries } from "@atalaya/db";
import {
  type AwardParameters,
  DEFAULT_PARAMETERS,
  DEFAULT_SOURCE,
  isMethodVersion,
  METHOD_VERSION,
  type MethodVersion,
  type Metric,
} from "@atalaya/metrics";
import { RunScopedCache } from "./board";
import { ApiError } from "./errors";

export interface ResolvedParameters {
  params: AwardParameters;
  cycle: { id: number; name: string } | null;
  /** The cycle's own method (it keeps the one it was created with), else METHOD_VERSION. */
  methodVersion: MethodVersion;
}

/**
 * The last day the source deciding the default metric measured. Not any source's: Radar's or an
 * ISP's series may run a day or more past APNIC's, and a window ending there would lose days.
 */
export function latestMeasurementDate(database: Database): Promise<string | null> {
  return measurementQueries.latestMeasurementDate(database, DEFAULT_SOURCE[DEFAULT_PARAMETERS.metric]);
}

// Without rollups the extent scans every APNIC row (the key leads with the ASN): once per data version.
const extents = new WeakMap<Database, RunScopedCache<{ first: string; last: string } | null>>();

/**
 * The first and last day the deciding source measured, looked up once per data version when
 * `version` is known.
 */
export function measurementExtent(database: Database, version: string | undefined) {
  const read = () =>
    measurementQueries.measurementExtent(database, DEFAULT_SOURCE[DEFAULT_PARAMETERS.metric]);
  if (version === undefined) return read();
  let cache = extents.get(database);
  if (!cache) {
    cache = new RunScopedCache<{ first: string; last: string } | null>(1);
    extents.set(database, cache);
  }
  return cache.get(version, "extent", read);
}

/** `version`: the data version (DatasetInfo), when known, to look the default date up once per version. */
export async function resolveParameters(
  database: Database,
  query: { date?: string | undefined; cycle?: string | undefined },
  version?: string,
): Promise<ResolvedParameters> {
  if (query.cycle !== undefined) {
    if (query.date !== undefined) throw new ApiError("BAD_REQUEST", "give either cycle or date, not both");
    const cycle = await awardQueries.awardCycleByIdOrName(database, query.cycle);
    if (!cycle) throw new ApiError("NOT_FOUND", `no award cycle "${query.cycle}"`);
    // A method this version does not know could only come from a newer Atalaya's database.
    if (!isMethodVersion(cycle.methodVersion))
      throw new Error(
        `award cycle ${cycle.name} uses method ${cycle.methodVersion}, which this Atalaya does not implement`,
      );
    return {
      params: {
        threshold: cycle.threshold,
        metric: cycle.metric as Metric,
        windowDays: cycle.windowDays,
        minDays: cycle.minDays,
        minSamples: cycle.minSamples,
        evaluationDate: cycle.evaluationDate,
        // Only when the cycle names them: a cycle of the usual sources keeps the parameters (and
        // the evidence packs that freeze them) it had before cycles could name sources.
        ...(cycle.source === null ? {} : { source: cycle.source }),
        ...(cycle.additionalSources.length === 0 ? {} : { additionalSources: cycle.additionalSources }),
      },
      cycle: { id: cycle.id, name: cycle.name },
      methodVersion: cycle.methodVersion,
    };
  }
  const evaluationDate =
    query.date ??
    (version === undefined
      ? await latestMeasurementDate(database)
      : (await measurementExtent(database, version))?.last) ??
    new Date().toISOString().slice(0, 10);
  return { params: { ...DEFAULT_PARAMETERS, evaluationDate }, cycle: null, methodVersion: METHOD_VERSION };
}
