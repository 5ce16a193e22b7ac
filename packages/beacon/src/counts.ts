/**
 * Completed beacon tests, counted in memory per (UTC day, ASN, economy) and added to
 * `beacon_daily` in one statement per flush: a request never waits on the database, and a
 * flush costs the same for one test or ten thousand. Times to first byte go into fixed
 * histograms, so any number of flushes and processes add up, and quantiles come from the sums.
 */
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";

/** Upper bounds (ms) of the TTFB histogram buckets; a last bucket takes everything slower. */
export const TTFB_BUCKETS_MS = [
  10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000,
] as const;
const BUCKETS = TTFB_BUCKETS_MS.length + 1;

export function ttfbBucket(ms: number): number {
  const at = TTFB_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return at < 0 ? TTFB_BUCKETS_MS.length : at;
}

/** The q-quantile (0–1) of a histogram: the upper bound of the bucket it falls in; null when empty. */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= q * total) return TTFB_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

export interface CompletedTest {
  /** UTC day the test was issued (YYYY-MM-DD). */
  date: string;
  asn: number;
  cc: string;
  capable: boolean;
  preferred: boolean;
  broken: boolean;
  /** Time to first byte per fetch, ms, where it arrived and the page measured it. */
  ttfb: { ipv4: number | null; ipv6: number | null; dual: number | null };
}

interface Row {
  date: string;
  asn: number;
  cc: string;
  tests: number;
  capable: number;
  preferred: number;
  broken: number;
  ttfbIpv4: number[];
  ttfbIpv6: number[];
  ttfbDual: number[];
}

export class DailyCounts {
  #rows = new Map<string, Row>();

  /** Rows waiting for the next flush. */
  get pending(): number {
    return this.#rows.size;
  }

  add(test: CompletedTest): void {
    const key = `${test.date}|${test.asn}|${test.cc}`;
    let row = this.#rows.get(key);
    if (!row) {
      const empty = () => new Array<number>(BUCKETS).fill(0);
      row = {
        date: test.date,
        asn: test.asn,
        cc: test.cc,
        tests: 0,
        capable: 0,
        preferred: 0,
        broken: 0,
        ttfbIpv4: empty(),
        ttfbIpv6: empty(),
        ttfbDual: empty(),
      };
      this.#rows.set(key, row);
    }
    row.tests++;
    if (test.capable) row.capable++;
    if (test.preferred) row.preferred++;
    if (test.broken) row.broken++;
    const time = (histogram: number[], ms: number | null) => {
      if (ms !== null) histogram[ttfbBucket(ms)] = (histogram[ttfbBucket(ms)] ?? 0) + 1;
    };
    time(row.ttfbIpv4, test.ttfb.ipv4);
    time(row.ttfbIpv6, test.ttfb.ipv6);
    time(row.ttfbDual, test.ttfb.dual);
  }

  /**
   * Adds what was counted to beacon_daily and starts afresh. On failure the counts are put back,
   * to be added by the next flush: a database that is down for a while loses nothing.
   */
  async flush(database: Database, now = new Date()): Promise<number> {
    if (this.#rows.size === 0) return 0;
    const rows = [...this.#rows.values()];
    this.#rows = new Map();
    try {
      await database.db.execute(sql`
        insert into beacon_daily (date, asn, cc, tests, capable, preferred, broken,
          ttfb_ipv4, ttfb_ipv6, ttfb_dual, updated_at)
        select r.date, r.asn, r.cc, r.tests, r.capable, r.preferred, r.broken,
          array(select jsonb_array_elements_text(r.ttfb_ipv4)::int),
          array(select jsonb_array_elements_text(r.ttfb_ipv6)::int),
          array(select jsonb_array_elements_text(r.ttfb_dual)::int),
          ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows.map(toRecord))}::jsonb) as r(date date, asn bigint,
          cc char(2), tests int, capable int, preferred int, broken int, ttfb_ipv4 jsonb, ttfb_ipv6 jsonb,
          ttfb_dual jsonb)
        on conflict (date, asn, cc) do update set
          tests = beacon_daily.tests + excluded.tests,
          capable = beacon_daily.capable + excluded.capable,
          preferred = beacon_daily.preferred + excluded.preferred,
          broken = beacon_daily.broken + excluded.broken,
          ttfb_ipv4 = array(select coalesce(a, 0) + coalesce(b, 0)
            from unnest(beacon_daily.ttfb_ipv4, excluded.ttfb_ipv4) as h(a, b)),
          ttfb_ipv6 = array(select coalesce(a, 0) + coalesce(b, 0)
            from unnest(beacon_daily.ttfb_ipv6, excluded.ttfb_ipv6) as h(a, b)),
          ttfb_dual = array(select coalesce(a, 0) + coalesce(b, 0)
            from unnest(beacon_daily.ttfb_dual, excluded.ttfb_dual) as h(a, b)),
          updated_at = excluded.updated_at`);
    } catch (error) {
      for (const row of rows) this.#merge(row);
      throw error;
    }
    return rows.length;
  }

  #merge(row: Row): void {
    const key = `${row.date}|${row.asn}|${row.cc}`;
    const kept = this.#rows.get(key);
    if (!kept) {
      this.#rows.set(key, row);
      return;
    }
    kept.tests += row.tests;
    kept.capable += row.capable;
    kept.preferred += row.preferred;
    kept.broken += row.broken;
    for (const name of ["ttfbIpv4", "ttfbIpv6", "ttfbDual"] as const)
      kept[name] = kept[name].map((n, i) => n + (row[name][i] ?? 0));
  }
}

function toRecord(row: Row) {
  return {
    date: row.date,
    asn: row.asn,
    cc: row.cc,
    tests: row.tests,
    capable: row.capable,
    preferred: row.preferred,
    broken: row.broken,
    ttfb_ipv4: row.ttfbIpv4,
    ttfb_ipv6: row.ttfbIpv6,
    ttfb_dual: row.ttfbDual,
  };
}
