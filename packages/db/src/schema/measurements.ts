import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  date,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * Columns shared by the live daily series and its staging twin. One row per (source, ASN,
 * economy, day): `samples` is the denominator; each metric has its own numerator column, null
 * where the source does not measure it (APNIC: capable and preferred; traffic sources: ipv6).
 */
function dailyColumns() {
  return {
    source: text("source").notNull(),
    asn: bigint("asn", { mode: "number" }).notNull(),
    cc: char("cc", { length: 2 }).notNull(),
    date: date("date").notNull(),
    samples: bigint("samples", { mode: "number" }).notNull(),
    capable: bigint("capable", { mode: "number" }),
    preferred: bigint("preferred", { mode: "number" }),
    ipv6: bigint("ipv6", { mode: "number" }),
    runId: integer("run_id").notNull(),
  };
}

/**
 * The live daily series. Deliberately lean for bulk loads (measured on 365,000 rows: the run_id
 * foreign key doubled insert time, a (source, date) index doubled it again): the ingest code is
 * the only writer and sets run_id from the run it records, and whole-window aggregations scan
 * the table once per ingest run because the API caches their results per run.
 */
export const dailyMeasurements = pgTable("daily_measurements", dailyColumns(), (t) => [
  // One network's series (standing pages) is a prefix scan of the key.
  primaryKey({ columns: [t.source, t.asn, t.cc, t.date] }),
]);

export const dailyMeasurementsStaging = pgTable("daily_measurements_staging", dailyColumns());

/**
 * What the last fetch of each URL returned, for conditional GETs of sources made of many files
 * (APNIC Labs: one per network).
 */
export const fetchCache = pgTable("fetch_cache", {
  url: text("url").primaryKey(),
  status: integer("status").notNull(),
  etag: text("etag"),
  lastModified: text("last_modified"),
  sha256: text("sha256"),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
  runId: integer("run_id").notNull(),
});

/** An award cycle and the parameters its evaluation uses; stored so a decision can cite them. */
export const awardCycles = pgTable("award_cycles", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  award: text("award", { enum: ["jim-bound"] }).notNull(),
  threshold: doublePrecision("threshold").notNull(),
  metric: text("metric", { enum: ["capable", "preferred", "traffic"] }).notNull(),
  windowDays: integer("window_days").notNull(),
  minDays: integer("min_days").notNull(),
  minSamples: integer("min_samples").notNull(),
  evaluationDate: date("evaluation_date").notNull(),
  methodVersion: text("method_version").notNull(),
  /** The source whose counts decide (ADR 0016); null: the metric's usual one (APNIC, or the ISPs' reports for traffic). */
  source: text("source"),
  /** Sources whose counts are pooled with the deciding source's, day by day. */
  additionalSources: text("additional_sources").array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Columns shared by the AS population table and its staging twin. */
function populationColumns() {
  return {
    asn: bigint("asn", { mode: "number" }).notNull(),
    cc: char("cc", { length: 2 }).notNull(),
    users: bigint("users", { mode: "number" }).notNull(),
    samples: bigint("samples", { mode: "number" }),
    runId: integer("run_id").notNull(),
  };
}

/** APNIC's estimated users per (ASN, economy): the weights of country and region figures. */
export const asPopulation = pgTable("as_population", populationColumns(), (t) => [
  primaryKey({ columns: [t.asn, t.cc] }),
]);

export const asPopulationStaging = pgTable("as_population_staging", populationColumns());

function contextColumns() {
  return {
    source: text("source").notNull(),
    /** `global`, or an economy's code. */
    scope: text("scope").notNull(),
    date: date("date").notNull(),
    total: doublePrecision("total").notNull(),
    native: doublePrecision("native"),
    runId: integer("run_id").notNull(),
  };
}

/** Context series (Google's global adoption): shown beside Atalaya's figures, never per network. */
export const contextSeries = pgTable("context_series", contextColumns(), (t) => [
  primaryKey({ columns: [t.source, t.scope, t.date] }),
]);

export const contextSeriesStaging = pgTable("context_series_staging", contextColumns());

/**
 * Rollups of daily_measurements, recomputed inside the publish transaction of every source that
 * changes the series or what they are grouped by (measurements, AS population, registry), so that
 * pages read a few thousand rows instead of scanning millions (packages/ingest/src/rollups.ts).
 * Each row carries the run that recomputed it (a demo run's rollups go with the demo data).
 */
export const measurementExtents = pgTable("measurement_extents", {
  source: text("source").primaryKey(),
  firstDate: date("first_date").notNull(),
  lastDate: date("last_date").notNull(),
  runId: integer("run_id").notNull(),
});

/**
 * Pooled counts over default award windows (DEFAULT_PARAMETERS.windowDays days), per source and
 * per grouping: `asn` (an ASN across economies: the board) and `holder` (`registry:holder_id` over
 * the holder's region ASNs: the board's providers), both over LACNIC-region economies only, and
 * `holder-cc` (`<holder>|<cc>`: a provider's split by economy) for the window ending on the last
 * APNIC day; `asn-cc` (`<asn>|<cc>`: economy shares, a network's split) for it and for the windows
 * the movers compare it with. Each metric has its own sums and days, counting only days with
 * samples and that metric's numerator, as the queries they replace did; `squares_*` hold
 * Σ hits²/samples of the daily totals (jim-bound/2).
 */
export const measurementWindows = pgTable(
  "measurement_windows",
  {
    grouping: text("grouping", { enum: ["asn", "holder", "asn-cc", "holder-cc"] }).notNull(),
    key: text("key").notNull(),
    source: text("source").notNull(),
    windowEnd: date("window_end").notNull(),
    windowDays: integer("window_days").notNull(),
    samplesCapable: doublePrecision("samples_capable").notNull(),
    capable: doublePrecision("capable").notNull(),
    daysCapable: integer("days_capable").notNull(),
    /** Σ over days of hits² / samples: the between-day dispersion of `jim-bound/2`. */
    squaresCapable: doublePrecision("squares_capable").notNull().default(0),
    samplesPreferred: doublePrecision("samples_preferred").notNull(),
    preferred: doublePrecision("preferred").notNull(),
    daysPreferred: integer("days_preferred").notNull(),
    squaresPreferred: doublePrecision("squares_preferred").notNull().default(0),
    samplesIpv6: doublePrecision("samples_ipv6").notNull(),
    ipv6: doublePrecision("ipv6").notNull(),
    daysIpv6: integer("days_ipv6").notNull(),
    squaresIpv6: doublePrecision("squares_ipv6").notNull().default(0),
    runId: integer("run_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.grouping, t.windowEnd, t.key, t.source] })],
);

/**
 * One economy's APNIC IPv6-preferred figures for one day, over network-days with at least
 * `min_samples` samples: users-weighted sums (APNIC AS population) and sample sums, for the trend
 * charts (apps/api/src/routes/region-insights/daily-shares.ts).
 */
export const economyDays = pgTable(
  "economy_days",
  {
    cc: char("cc", { length: 2 }).notNull(),
    date: date("date").notNull(),
    minSamples: integer("min_samples").notNull(),
    weighted: doublePrecision("weighted").notNull(),
    users: doublePrecision("users").notNull(),
    networks: integer("networks").notNull(),
    withUsers: integer("with_users").notNull(),
    hits: doublePrecision("hits").notNull(),
    samples: doublePrecision("samples").notNull(),
    runId: integer("run_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.cc] })],
);
