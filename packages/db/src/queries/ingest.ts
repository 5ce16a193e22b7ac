/**
 * Queries over the ingest runs (schema/ingest.ts): what data the database holds and how fresh
 * it is. ingest_runs has one row per run (thousands over years), so whole scans are cheap; each
 * names what else it touches.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { ingestRuns } from "../schema/ingest";

/**
 * The latest published run, how many runs have published, and how many have finished (any
 * outcome): what the data version and the sources' status are keyed on. A scan of ingest_runs.
 */
export async function runCounts(
  database: Database,
): Promise<{ id: number | null; published: number; finished: number } | undefined> {
  const [row] = await database.rows<{ id: number | null; published: number; finished: number }>(
    sql`select max(id) filter (where status = 'succeeded') as id,
          count(*) filter (where status = 'succeeded')::int as published,
          count(finished_at)::int as finished
        from ingest_runs`,
  );
  return row;
}

/**
 * Whether any live row comes from a demo run (real data purges demo rows), and the registry
 * data's date. Demo runs are few; each is probed in registry_resources and asns by run_id (a scan
 * of those tables only while demo runs exist, which is a demo-sized database).
 */
export async function demoAndRegistryDate(
  database: Database,
): Promise<{ demo: boolean; data_date: string | null } | undefined> {
  const [row] = await database.rows<{ demo: boolean; data_date: string | null }>(sql`
    select
      exists (
        select 1 from ingest_runs r
        where r.is_demo and r.status = 'succeeded'
          and (exists (select 1 from registry_resources x where x.run_id = r.id)
               or exists (select 1 from asns a where a.run_id = r.id))
      ) as demo,
      (select to_char(data_date, 'YYYY-MM-DD') from ingest_runs
        where source = 'delegated' and status in ('succeeded', 'unchanged')
        order by id desc limit 1) as data_date`);
  return row;
}

export interface RunRow {
  source: string;
  id: number;
  status: string;
  started_at: string;
  finished_at: string | null;
  data_date: string | null;
  location: string;
  error: string | null;
  is_demo: boolean;
}

/** Each source's last run, and its last good (succeeded or unchanged) run. */
export async function lastRunsPerSource(database: Database): Promise<RunRow[]> {
  return database.rows<RunRow>(sql`
    select distinct on (source, good) source, id, status, started_at::text, finished_at::text,
      to_char(data_date, 'YYYY-MM-DD') as data_date, location, error, is_demo,
      status in ('succeeded', 'unchanged') as good
    from ingest_runs order by source, good, id desc`);
}

/** The latest succeeded run of each source (the evidence a Jim Bound decision freezes). */
export async function latestSucceededRuns(database: Database) {
  return database.db
    .selectDistinctOn([ingestRuns.source], {
      id: ingestRuns.id,
      source: ingestRuns.source,
      location: ingestRuns.location,
      sha256: ingestRuns.sha256,
      dataDate: ingestRuns.dataDate,
      fetchedAt: ingestRuns.fetchedAt,
      isDemo: ingestRuns.isDemo,
    })
    .from(ingestRuns)
    .where(eq(ingestRuns.status, "succeeded"))
    .orderBy(ingestRuns.source, desc(ingestRuns.id));
}

export interface RunTotals {
  source: string;
  status: string;
  runs: number;
  /** Seconds the finished runs of this source and status took, summed. */
  seconds: number;
  /** Seconds since the latest of them finished (null: none finished). */
  since_finished: number | null;
  /** Seconds since the earliest of them started. */
  since_started: number;
}

/**
 * Runs per source and status, with their summed durations and ages by the database's clock: what
 * /metrics reports, read at each scrape so that runs other processes made count too. One scan of
 * ingest_runs (a row per run: thousands over years), grouped in the database.
 */
export async function runTotals(database: Database): Promise<RunTotals[]> {
  return database.rows<RunTotals>(sql`
    select source, status, count(*)::int as runs,
      -- Never below zero: rows written before runs finished by the database's clock can be.
      coalesce(sum(greatest(extract(epoch from finished_at - started_at), 0)), 0)::float8 as seconds,
      extract(epoch from now() - max(finished_at))::float8 as since_finished,
      extract(epoch from now() - min(started_at))::float8 as since_started
    from ingest_runs group by source, status`);
}
