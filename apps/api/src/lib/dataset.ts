/**
 * What every data response says about the data behind it: whether it is the generated demo
 * dataset, the date of the registry data, and which sources are stale. Cached until the data
 * version changes (staleness also until the next hour), so the check costs one small lookup per
 * request, shared by the requests that arrive while it runs.
 *
 * The data version is the latest published run's id *and* how many runs have published: a run's
 * row exists from its start, so the latest id alone changes before the run publishes, and runs
 * that fail or are interrupted change no data. Every cache of computed results (RunScopedCache)
 * and every ETag is keyed on the version.
 */
import { type Database, ingestQueries } from "@atalaya/db";
import { freshness, SOURCES } from "@atalaya/ingest";
import { z } from "@hono/zod-openapi";

export const MetaSchema = z
  .object({
    demo: z
      .boolean()
      .openapi({ description: "True when the figures come from Atalaya's generated demo dataset" }),
    registryDataDate: z
      .string()
      .nullable()
      .openapi({ description: "Date (YYYY-MM-DD) of the registry statistics behind the figures" }),
    latestRunId: z.number().int().nullable(),
    stale: z
      .array(z.string())
      .openapi({ description: "Sources whose last good run is older than twice their upstream cadence" }),
  })
  .openapi("Meta");
export type Meta = z.infer<typeof MetaSchema>;

export interface SourceStatus {
  name: string;
  title: string;
  cadenceHours: number;
  freshness: "fresh" | "stale" | "never" | "demo";
  lastGoodRun: { id: number; finishedAt: string; dataDate: string | null; location: string } | null;
  lastRun: { id: number; status: string; startedAt: string; error: string | null } | null;
}

interface DatasetState {
  key: string;
  /** Changes whenever published data may have changed: keys caches and ETags. */
  version: string;
  meta: Meta;
  sources: SourceStatus[];
}

/** How long a data-version lookup may take before the last known version answers instead. */
const SLOW_LOOKUP_MS = 100;

export class DatasetInfo {
  #cached: DatasetState | null = null;
  #inFlight: Promise<DatasetState> | null = null;
  constructor(private readonly database: Database) {}

  /**
   * One lookup at a time: requests arriving while one runs share its answer. When the database is
   * busy (a long publish holds PGlite, a pool is exhausted) and the lookup takes more than
   * SLOW_LOOKUP_MS, the last known state answers meanwhile, so cached responses keep flowing;
   * the lookup goes on and updates the state when it ends.
   */
  #load(): Promise<DatasetState> {
    if (!this.#inFlight) {
      this.#inFlight = this.#read().finally(() => {
        this.#inFlight = null;
      });
    }
    const known = this.#cached;
    if (!known) return this.#inFlight;
    const lookup = this.#inFlight;
    lookup.catch(() => {});
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(known), SLOW_LOOKUP_MS);
      lookup.then(
        (state) => {
          clearTimeout(timer);
          resolve(state);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** The last state read, without asking the database (null before the first lookup). */
  lastKnown(): { meta: Meta; version: string } | null {
    return this.#cached;
  }

  async #read(): Promise<DatasetState> {
    // Only published runs count: a run that starts, fails or is interrupted changes no data.
    const latest = await ingestQueries.runCounts(this.database);
    const runId = latest?.id ?? null;
    const version = `${runId ?? 0}.${latest?.published ?? 0}`;
    // The sources' last runs change with every run, published or not: re-read then too.
    const key = `${version}/${latest?.finished ?? 0}@${new Date().toISOString().slice(0, 13)}`;
    if (this.#cached?.key === key) return this.#cached;
    // The data is demo while any live row comes from a demo run (real data purges demo rows).
    const row = await ingestQueries.demoAndRegistryDate(this.database);
    const runs = await ingestQueries.lastRunsPerSource(this.database);
    const now = new Date();
    const sources: SourceStatus[] = SOURCES.map((s) => {
      const mine = runs.filter((r) => r.source === s.name);
      const good = mine.find((r) => r.status === "succeeded" || r.status === "unchanged");
      const last = mine.sort((a, b) => b.id - a.id)[0];
      const finished = good?.finished_at ? new Date(good.finished_at) : null;
      return {
        name: s.name,
        title: s.title,
        cadenceHours: s.cadenceHours,
        freshness: freshness(s, finished, good?.is_demo ?? false, now),
        lastGoodRun: good
          ? {
              id: good.id,
              finishedAt: finished?.toISOString() ?? "",
              dataDate: good.data_date,
              location: good.location,
            }
          : null,
        lastRun: last
          ? {
              id: last.id,
              status: last.status,
              startedAt: new Date(last.started_at).toISOString(),
              error: last.error,
            }
          : null,
      };
    });
    const meta: Meta = {
      demo: row?.demo ?? false,
      registryDataDate: row?.data_date ?? null,
      latestRunId: runId,
      stale: sources.filter((s) => s.freshness === "stale").map((s) => s.name),
    };
    this.#cached = { key, version, meta, sources };
    return this.#cached;
  }

  /**
   * The data version as the database says it now, however long that takes: for work that must
   * see the publish that just ended (alert detection after an ingest), where the last known
   * version would compute on data already replaced.
   */
  async currentVersion(): Promise<string> {
    return (await this.#read()).version;
  }

  /** The meta and the data version, from one lookup. */
  async state(): Promise<{ meta: Meta; version: string }> {
    return this.#load();
  }

  async meta(): Promise<Meta> {
    return (await this.#load()).meta;
  }

  async sources(): Promise<SourceStatus[]> {
    return (await this.#load()).sources;
  }
}
