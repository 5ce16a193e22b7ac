/**
 * Queries over the measurement tables (schema/measurements.ts): the daily series and the rollups
 * every publish writes (packages/ingest/src/rollups.ts). Pages read the rollups; the scans of
 * daily_measurements are the fall-back for other windows and for databases loaded before the
 * rollups existed. Each query names the index its plan relies on.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client";

export type Grouping = "asn" | "holder" | "asn-cc" | "holder-cc";
/** A metric's numerator column in daily_measurements (and its sums in measurement_windows). */
export type MetricColumn = "capable" | "preferred" | "ipv6";

/**
 * The last day a source measured. Index: measurement_extents' primary key (one row per source).
 * Without a row (rollups never computed here): a scan of the source's rows, since the series'
 * key (source, asn, cc, date) leads with the ASN; seconds on millions of rows.
 */
export async function latestMeasurementDate(database: Database, source: string): Promise<string | null> {
  const [recorded] = await database.rows<{ d: string }>(
    sql`select to_char(last_date, 'YYYY-MM-DD') as d from measurement_extents where source = ${source}`,
  );
  if (recorded) return recorded.d;
  const [row] = await database.rows<{ d: string | null }>(
    sql`select to_char(max(date), 'YYYY-MM-DD') as d from daily_measurements where source = ${source}`,
  );
  return row?.d ?? null;
}

/**
 * The first and last day a source measured. Index: measurement_extents' primary key. Without a
 * row (rollups never computed here): a scan of the source's rows, as for latestMeasurementDate.
 */
export async function measurementExtent(
  database: Database,
  source: string,
): Promise<{ first: string; last: string } | null> {
  const [recorded] = await database.rows<{ first: string; last: string }>(sql`
    select to_char(first_date, 'YYYY-MM-DD') as first, to_char(last_date, 'YYYY-MM-DD') as last
    from measurement_extents where source = ${source}`);
  if (recorded) return recorded;
  const [row] = await database.rows<{ first: string | null; last: string | null }>(sql`
    select to_char(min(date), 'YYYY-MM-DD') as first, to_char(max(date), 'YYYY-MM-DD') as last
    from daily_measurements where source = ${source}`);
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/** True once any measurement publish wrote the rollups here. Index: measurement_extents' key. */
export async function rollupsComputed(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ yes: boolean }>(
    sql`select exists (select 1 from measurement_extents where source = 'apnic') as yes`,
  );
  return row?.yes === true;
}

/**
 * Whether measurement_windows holds a grouping's counts for a window. Index: its primary key
 * (grouping, window_end, key, source): one probe.
 */
export async function windowIsRolledUp(
  database: Database,
  grouping: Grouping,
  windowEnd: string,
  windowDays: number,
): Promise<boolean> {
  const [row] = await database.rows<{ yes: boolean }>(sql`
    select exists (
      select 1 from measurement_windows
      where grouping = ${grouping} and window_end = ${windowEnd} and window_days = ${windowDays}
    ) as yes`);
  return row?.yes === true;
}

export interface PooledRow {
  key: string;
  source: string;
  samples: number;
  hits: number;
  days: number;
  /** Σ over days of (the day's hits)² / (the day's samples): the between-day dispersion. */
  squares: number;
}

export interface PoolingRequest {
  by: "asn" | "holder";
  window: { start: string; end: string };
  windowDays: number;
  /** The award metric's column; `trafficSources` count their IPv6 bytes instead. */
  metric: MetricColumn;
  trafficSources: readonly string[];
  /**
   * Sources whose rows count as another's (an award cycle's additional sources, pooled with its
   * deciding source day by day); their rows are not returned under their own name.
   */
  pooledInto?: { source: string; sources: readonly string[] };
}

/**
 * Pooled counts per ASN or per holder (`registry:holder_id`, over its region ASNs) and source over
 * a window, over LACNIC-region economies only. Rolled up: a range of measurement_windows' primary
 * key (a few thousand rows). Otherwise: a scan of daily_measurements over the window (no date
 * index: the series is loaded ASN by ASN, so any date range touches every page anyway), summed
 * per day first so that Σ h²/n squares each day's total over economies and networks.
 */
export async function pooledCounts(database: Database, request: PoolingRequest): Promise<PooledRow[]> {
  const { by, window, windowDays, metric, trafficSources } = request;
  const pooled = request.pooledInto?.sources.length ? request.pooledInto : null;
  // Rollups hold each source's windows apart; pooling two sources needs their days.
  if (!pooled && (await windowIsRolledUp(database, by, window.end, windowDays))) {
    const traffic = trafficSources.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ");
    const pick = (prefix: string) =>
      sql.raw(`case when source in (${traffic}) then ${prefix}ipv6 else ${prefix}${metric} end`);
    return database.rows<PooledRow>(sql`
      select key, source, samples, hits, days, squares from (
        select key, source, ${pick("samples_")} as samples, ${pick("")} as hits, ${pick("days_")} as days,
          ${pick("squares_")} as squares
        from measurement_windows
        where grouping = ${by} and window_end = ${window.end} and window_days = ${windowDays}
      ) w where days > 0`);
  }
  const hits = sql`(case when m.source in ${trafficSources} then m.ipv6 else m.${sql.raw(metric)} end)`;
  const key = by === "asn" ? sql`m.asn::text` : sql`a.registry || ':' || a.holder_id`;
  const source = pooled
    ? sql`(case when m.source in ${pooled.sources} then ${pooled.source} else m.source end)`
    : sql`m.source`;
  return database.rows<PooledRow>(sql`
    with region_asns as (
      select distinct r.asn, r.registry, r.holder_id
      from registry_resources r join countries c on c.cc = r.cc and c.in_lacnic_region
      where r.type = 'asn' and r.status in ('allocated', 'assigned')
    ), d as (
      select ${key} as key, ${source} as source, m.date, sum(m.samples)::float8 as samples, sum(${hits})::float8 as hits
      from daily_measurements m join region_asns a on a.asn = m.asn
        join countries c on c.cc = m.cc and c.in_lacnic_region
      where m.date between ${window.start} and ${window.end} and m.samples > 0 and ${hits} is not null
      group by 1, 2, m.date
    )
    select key, source, sum(samples)::float8 as samples, sum(hits)::float8 as hits, count(*)::int as days,
      sum(hits * hits / samples)::float8 as squares
    from d group by key, source`);
}

export interface EconomyCountsRow {
  /** The ASN (as text) or the holder (`registry:holder_id`). */
  key: string;
  cc: string;
  /** Whether the economy is in the LACNIC region (only those count towards eligibility). */
  inRegion: boolean;
  samples: number;
  hits: number;
  days: number;
  squares: number;
}

/**
 * The deciding source's pooled counts (with any sources pooled into it) per (ASN or holder,
 * economy) over a window: the per-economy split of the board's rows. Rolled up (one source):
 * measurement_windows' key range for grouping `asn-cc` or `holder-cc`. Otherwise a scan of
 * daily_measurements over the window, summed per day first.
 */
export async function economyCounts(
  database: Database,
  request: {
    by: "asn" | "holder";
    window: { start: string; end: string };
    windowDays: number;
    metric: MetricColumn;
    sources: readonly string[];
  },
): Promise<EconomyCountsRow[]> {
  const { by, window, windowDays, metric, sources } = request;
  const grouping = by === "asn" ? "asn-cc" : "holder-cc";
  const [source] = sources;
  if (sources.length === 1 && (await windowIsRolledUp(database, grouping, window.end, windowDays))) {
    const column = (prefix: string) => sql.raw(`w.${prefix}${metric}`);
    return database.rows<EconomyCountsRow>(sql`
      select split_part(w.key, '|', 1) as key, split_part(w.key, '|', 2) as cc,
        coalesce(c.in_lacnic_region, false) as "inRegion",
        ${column("samples_")} as samples, ${column("")} as hits, ${column("days_")} as days,
        ${column("squares_")} as squares
      from measurement_windows w left join countries c on c.cc = split_part(w.key, '|', 2)
      where w.grouping = ${grouping} and w.source = ${source} and w.window_end = ${window.end}
        and w.window_days = ${windowDays} and ${column("days_")} > 0`);
  }
  const hits = sql.raw(`m.${metric}`);
  const key = by === "asn" ? sql`m.asn::text` : sql`a.registry || ':' || a.holder_id`;
  return database.rows<EconomyCountsRow>(sql`
    with region_asns as (
      select distinct r.asn, r.registry, r.holder_id
      from registry_resources r join countries c on c.cc = r.cc and c.in_lacnic_region
      where r.type = 'asn' and r.status in ('allocated', 'assigned') and r.holder_id is not null
    ), d as (
      select ${key} as key, m.cc, m.date, sum(m.samples)::float8 as samples, sum(${hits})::float8 as hits
      from daily_measurements m ${by === "holder" ? sql`join region_asns a on a.asn = m.asn` : sql``}
      where m.source in ${sources} and m.date between ${window.start} and ${window.end} and m.samples > 0
        and ${hits} is not null
      group by 1, m.cc, m.date
    )
    select d.key, d.cc, coalesce(c.in_lacnic_region, false) as "inRegion", sum(d.samples)::float8 as samples,
      sum(d.hits)::float8 as hits, count(*)::int as days, sum(d.hits * d.hits / d.samples)::float8 as squares
    from d left join countries c on c.cc = d.cc
    group by d.key, d.cc, c.in_lacnic_region`);
}

export interface NetworkInEconomy {
  asn: number;
  cc: string;
  samples: number;
  hits: number;
  days: number;
  users: number | null;
}

/**
 * APNIC IPv6-preferred counts per (ASN, economy) over a window, with the AS population estimate.
 * Rolled up: measurement_windows' key range for grouping `asn-cc`, then as_population's primary
 * key per row. Otherwise a scan of daily_measurements over the window.
 */
export async function preferredByNetworkInEconomy(
  database: Database,
  window: { start: string; end: string },
  windowDays: number,
): Promise<NetworkInEconomy[]> {
  if (await windowIsRolledUp(database, "asn-cc", window.end, windowDays)) {
    return database.rows<NetworkInEconomy>(sql`
      select split_part(w.key, '|', 1)::float8 as asn, split_part(w.key, '|', 2) as cc,
        w.samples_preferred as samples, w.preferred as hits, w.days_preferred as days, p.users::float8 as users
      from measurement_windows w
      left join as_population p on p.asn = split_part(w.key, '|', 1)::bigint and p.cc = split_part(w.key, '|', 2)
      where w.grouping = 'asn-cc' and w.source = 'apnic' and w.window_end = ${window.end}
        and w.window_days = ${windowDays} and w.days_preferred > 0`);
  }
  return database.rows<NetworkInEconomy>(sql`
    select m.asn::float8 as asn, m.cc, sum(m.samples)::float8 as samples, sum(m.preferred)::float8 as hits,
      count(distinct m.date)::int as days, p.users::float8 as users
    from daily_measurements m
    left join as_population p on p.asn = m.asn and p.cc = m.cc
    where m.source = 'apnic' and m.date between ${window.start} and ${window.end} and m.samples > 0
      and m.preferred is not null
    group by m.asn, m.cc, p.users`);
}

/** One economy's sums for one day (see economy_days). */
export interface EconomyDay {
  date: string;
  cc: string;
  /** Σ users × daily share over networks with a population estimate. */
  weighted: number;
  users: number;
  networks: number;
  withUsers: number;
  hits: number;
  samples: number;
}

/**
 * Each economy's daily users-weighted sums over network-days with at least `minSamples` samples.
 * Rolled up: economy_days' primary key range (date, cc): 31 rows a day. Otherwise a scan of the
 * APNIC series, joined to as_population by its key.
 */
export async function economyDays(
  database: Database,
  start: string,
  end: string,
  minSamples: number,
): Promise<EconomyDay[]> {
  if (await rollupsComputed(database)) {
    return database.rows<EconomyDay>(sql`
      select to_char(date, 'YYYY-MM-DD') as date, cc, weighted, users, networks, with_users as "withUsers",
        hits, samples
      from economy_days
      where date between ${start} and ${end} and min_samples = ${minSamples}`);
  }
  return database.rows<EconomyDay>(sql`
    select to_char(m.date, 'YYYY-MM-DD') as date, m.cc,
      coalesce(sum(p.users::float8 * m.preferred / m.samples), 0)::float8 as weighted,
      coalesce(sum(p.users), 0)::float8 as users,
      count(*)::int as networks, count(p.users)::int as "withUsers",
      sum(m.preferred)::float8 as hits, sum(m.samples)::float8 as samples
    from daily_measurements m
    left join as_population p on p.asn = m.asn and p.cc = m.cc and p.users > 0
    where m.source = 'apnic' and m.date between ${start} and ${end}
      and m.samples >= ${minSamples} and m.preferred is not null
    group by m.date, m.cc`);
}

export interface SeriesDay {
  date: string;
  samples: number;
  capable: number | null;
  preferred: number | null;
  cc: string;
}

/**
 * The APNIC daily series of some ASNs (every economy) between two dates. Index:
 * daily_measurements' primary key (source, asn, cc, date): one range per ASN.
 */
export async function apnicSeries(
  database: Database,
  asns: readonly number[],
  start: string,
  end: string,
): Promise<SeriesDay[]> {
  if (asns.length === 0) return [];
  return database.rows<SeriesDay>(sql`
    select to_char(date, 'YYYY-MM-DD') as date, cc, samples::float8 as samples,
      capable::float8 as capable, preferred::float8 as preferred
    from daily_measurements
    where source = 'apnic' and asn in ${asns} and date between ${start} and ${end}
    order by date`);
}

/**
 * Whether any source measured an ASN, with its AS name. Index: daily_measurements' primary key
 * (source, asn, …), one probe per source named; asns' primary key.
 */
export async function measuredAsn(
  database: Database,
  asn: number,
  sources: readonly string[],
): Promise<{ name: string | null; measured: boolean } | undefined> {
  const [row] = await database.rows<{ name: string | null; measured: boolean }>(sql`
    select (select name from asns where asn = ${asn}) as name,
      exists (select 1 from daily_measurements where source in ${sources} and asn = ${asn}) as measured`);
  return row;
}

/** APNIC's user estimates of some ASNs in one economy. Index: as_population's key (asn, cc). */
export async function populationIn(
  database: Database,
  cc: string,
  asns: readonly number[],
): Promise<Map<number, number>> {
  if (asns.length === 0) return new Map();
  const rows = await database.rows<{ asn: number; users: number }>(sql`
    select asn::float8 as asn, users::float8 as users from as_population where cc = ${cc} and asn in ${asns}`);
  return new Map(rows.map((r) => [Number(r.asn), Number(r.users)]));
}

/**
 * Google's global series since a date. Index: context_series' primary key, a range of
 * (source, scope, date).
 */
export async function googleSeries(
  database: Database,
  since: string | undefined,
): Promise<Array<{ date: string; total: number; native: number | null }>> {
  return database.rows(sql`
    select to_char(date, 'YYYY-MM-DD') as date, total, native from context_series
    where source = 'google' and scope = 'global' ${since ? sql`and date >= ${since}` : sql``}
    order by date`);
}

/** One day of one source for one network in one economy, with the numerator a rule reads. */
export interface CountRow {
  source: string;
  asn: number;
  cc: string;
  date: string;
  samples: number;
  hits: number;
}

/**
 * The daily counts of some ASNs over a window, every source and economy, in a stable order: the
 * raw data an evidence pack freezes. `metric` is the numerator of sampling sources, traffic sources
 * count their IPv6 bytes. Index: daily_measurements' primary key (source, asn, cc, date), one
 * range per (source, ASN).
 */
export async function windowCounts(
  database: Database,
  request: {
    asns: readonly number[];
    /** The sources to read: the deciding one and those set beside it. */
    sources: readonly string[];
    window: { start: string; end: string };
    metric: MetricColumn;
    trafficSources: readonly string[];
  },
): Promise<CountRow[]> {
  const { asns, sources, window, metric, trafficSources } = request;
  if (asns.length === 0) return [];
  const hits = sql`(case when source in ${trafficSources} then ipv6 else ${sql.raw(metric)} end)`;
  return database.rows<CountRow>(sql`
    select source, asn::float8 as asn, cc, to_char(date, 'YYYY-MM-DD') as date, samples::float8 as samples,
      ${hits}::float8 as hits
    from daily_measurements
    where source in ${sources} and asn in ${asns} and date between ${window.start} and ${window.end} and samples > 0 and ${hits} is not null
    order by source, asn, cc, date`);
}
