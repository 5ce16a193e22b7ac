/**
 * Recomputes the measurement rollups (packages/db/src/schema/measurements.ts) inside a publish
 * transaction: the sources' date extents, pooled counts (with Σ hits²/samples of the daily totals)
 * over the default award window per ASN, per holder and per (ASN, economy) — ending on the last
 * day, and on the last month's end before it when that is another day (monthly reports) — and
 * each economy's daily users-weighted sums. Three scans of daily_measurements at publish time, so
 * that no page scans it: on the full-size dataset (4.8M APNIC rows) the board took 5 s, economy
 * shares 1.6 s and the latest date 3 s per cold request on PGlite.
 *
 * Called by every publish that changes what they are computed from: measurement sources, the AS
 * population (weights) and registry data (which ASNs a holder has, which are in the region).
 */
import { type Db, rowsOf } from "@atalaya/db";
import { addDays, DEFAULT_PARAMETERS, lastMonthEnd, MOVER_SPANS_DAYS } from "@atalaya/metrics";
import { sql } from "drizzle-orm";
import { refreshStatistics } from "./statistics";

/** The daily samples a network-day needs to count in a trend (34 with the award defaults). */
export const MIN_DAILY_SAMPLES = Math.ceil(DEFAULT_PARAMETERS.minSamples / DEFAULT_PARAMETERS.windowDays);
/** The source whose last day ends the default window (the default metric's). */
const WINDOW_SOURCE = "apnic";

export async function refreshMeasurementRollups(tx: Db, runId: number): Promise<void> {
  // The rollups read every daily row: with the counts of today's data, not an empty table's.
  await refreshStatistics(tx, ["daily_measurements", "as_population"]);
  await tx.execute(sql`delete from measurement_extents`);
  await tx.execute(sql`
    insert into measurement_extents (source, first_date, last_date, run_id)
    select source, min(date), max(date), ${runId} from daily_measurements group by source`);

  await tx.execute(sql`delete from measurement_windows`);
  const [extent] = await rowsOf<{ last: string }>(
    tx,
    sql`select to_char(last_date, 'YYYY-MM-DD') as last from measurement_extents where source = ${WINDOW_SOURCE}`,
  );
  const last = extent?.last;
  if (last) {
    const days = DEFAULT_PARAMETERS.windowDays;
    // One metric's sums over days with samples and that metric's numerator, from the per-day
    // totals of the inner query (d_*: one key's samples and hits on one day, over every economy
    // and network it pools), so that Σ h²/n squares a day's total, not a row's.
    const sums = (column: "capable" | "preferred" | "ipv6") => {
      const [samples, hits] = [sql.raw(`d.samples_${column}`), sql.raw(`d.${column}`)];
      return sql`coalesce(sum(${samples}), 0)::float8, coalesce(sum(${hits}), 0)::float8,
        count(${hits})::int, coalesce(sum(${hits} * ${hits} / ${samples}), 0)::float8`;
    };
    const daySums = (column: "capable" | "preferred" | "ipv6") => sql`
      sum(m.samples) filter (where m.${sql.raw(column)} is not null)::float8 as ${sql.raw(`samples_${column}`)},
      sum(m.${sql.raw(column)})::float8 as ${sql.raw(column)}`;
    // Eligibility pools a network's LACNIC-region economies only (a row for an economy elsewhere
    // comes from an explicit --cc fetch): `asn` and `holder`. `asn-cc` keeps every economy's own.
    const inRegion = sql`join countries c on c.cc = m.cc and c.in_lacnic_region`;
    // A row of the series is already one (source, ASN, economy, day): `asn-cc` needs no per-day
    // totals, and skipping that grouping saves a third of its time on the full-size series.
    const rowSums = (column: "capable" | "preferred" | "ipv6") => sql`
      (case when m.${sql.raw(column)} is not null then m.samples end)::float8 as ${sql.raw(`samples_${column}`)},
      m.${sql.raw(column)}::float8 as ${sql.raw(column)}`;
    const byAsn = { grouping: "asn", key: sql`m.asn::text`, join: inRegion };
    const byAsnCc = {
      grouping: "asn-cc",
      key: sql`m.asn::text || '|' || m.cc`,
      join: sql``,
      rowsAreDays: true,
    };
    const byHolder = {
      grouping: "holder",
      key: sql`a.registry || ':' || a.holder_id`,
      join: sql`join region_holders a on a.asn = m.asn ${inRegion}`,
    };
    const byHolderCc = {
      grouping: "holder-cc",
      key: sql`a.registry || ':' || a.holder_id || '|' || m.cc`,
      join: sql`join region_holders a on a.asn = m.asn`,
    };
    // The board's window, the board of the last month that had ended by then (what its monthly
    // reports evaluate: 10 s to scan for on the full-size series, a request's limit is 15 s), and
    // the earlier windows the movers compare economies' shares with.
    const board = [byAsn, byAsnCc, byHolder, byHolderCc];
    const monthEnd = lastMonthEnd(last);
    const windows = [
      { end: last, groupings: board },
      ...(monthEnd === last ? [] : [{ end: monthEnd, groupings: board }]),
      ...MOVER_SPANS_DAYS.map((span) => ({ end: addDays(last, -(span - days)), groupings: [byAsnCc] })),
    ];
    // Per-day totals hash in memory (PGlite's default 4 MB would spill them to disk), for this
    // transaction only.
    await tx.execute(sql`set local work_mem = '64MB'`);
    for (const window of windows) {
      const start = addDays(window.end, -(days - 1));
      // The window's rows, read once for every grouping: the series has no date index (it is
      // loaded network by network), so each grouping would otherwise scan all of it (4.9M rows).
      await tx.execute(sql`drop table if exists rollup_window`);
      await tx.execute(sql`
        create temp table rollup_window as
        select source, asn, cc, date, samples, capable, preferred, ipv6 from daily_measurements
        where date between ${start} and ${window.end} and samples > 0`);
      for (const g of window.groupings) {
        await tx.execute(sql`
          with region_holders as (
            select distinct r.asn, r.registry, r.holder_id
            from registry_resources r join countries c on c.cc = r.cc and c.in_lacnic_region
            where r.type = 'asn' and r.status in ('allocated', 'assigned') and r.holder_id is not null
          ), d as (${
            "rowsAreDays" in g
              ? sql`
            select ${g.key} as key, m.source, ${rowSums("capable")}, ${rowSums("preferred")}, ${rowSums("ipv6")}
            from rollup_window m`
              : sql`
            select ${g.key} as key, m.source, m.date,
              ${daySums("capable")}, ${daySums("preferred")}, ${daySums("ipv6")}
            from rollup_window m ${g.join}
            group by 1, m.source, m.date`
          }
          )
          insert into measurement_windows (grouping, key, source, window_end, window_days,
            samples_capable, capable, days_capable, squares_capable,
            samples_preferred, preferred, days_preferred, squares_preferred,
            samples_ipv6, ipv6, days_ipv6, squares_ipv6, run_id)
          select ${g.grouping}, d.key, d.source, ${window.end}, ${days},
            ${sums("capable")}, ${sums("preferred")}, ${sums("ipv6")}, ${runId}
          from d group by d.key, d.source`);
      }
    }
    await tx.execute(sql`drop table if exists rollup_window`);
  }

  await tx.execute(sql`delete from economy_days`);
  await tx.execute(sql`
    insert into economy_days (cc, date, min_samples, weighted, users, networks, with_users, hits, samples, run_id)
    select m.cc, m.date, ${MIN_DAILY_SAMPLES},
      coalesce(sum(p.users::float8 * m.preferred / m.samples), 0)::float8,
      coalesce(sum(p.users), 0)::float8,
      count(*)::int, count(p.users)::int,
      sum(m.preferred)::float8, sum(m.samples)::float8, ${runId}
    from daily_measurements m
    left join as_population p on p.asn = m.asn and p.cc = m.cc and p.users > 0
    where m.source = 'apnic' and m.samples >= ${MIN_DAILY_SAMPLES} and m.preferred is not null
    group by m.date, m.cc`);
  await refreshStatistics(tx, ["measurement_extents", "measurement_windows", "economy_days"]);
}
