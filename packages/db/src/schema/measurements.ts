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
