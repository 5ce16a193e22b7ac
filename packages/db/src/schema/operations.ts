/**
 * State that several API processes on one database must share (docs/adr/0009): which process
 * took a scheduled job's tick, the sign-in throttle's failures, and the API rate limit's counters.
 */
import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const scheduledRunStatuses = ["running", "succeeded", "failed", "skipped"] as const;

/**
 * One row per tick of a scheduled job (ingest, Challenge checks): the process whose insert of
 * (job, due_at) succeeds runs it; every other process sees the row and skips the tick.
 */
export const scheduledRuns = pgTable(
  "scheduled_runs",
  {
    job: text("job").notNull(),
    /** The tick's scheduled instant (to the second): the same in every process. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** host:pid of the process that took the tick. */
    process: text("process").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    status: text("status", { enum: scheduledRunStatuses }).notNull().default("running"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.job, t.dueAt] })],
);

/** Failed sign-ins per key (`email:…`, `ip:…`), kept for the throttle's window. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    key: text("key").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sign_in_failures_key_idx").on(t.key, t.failedAt)],
);

/**
 * Requests per client address in its current window of the API rate limit, on the server engine
 * (the embedded engine has one process and counts in memory). A client's window starts with its
 * first request, as in memory. UNLOGGED in the migration: counters of the last minute are not
 * worth the write-ahead log.
 */
export const apiRateWindows = pgTable("api_rate_windows", {
  client: text("client").primaryKey(),
  /** When the window ends, in milliseconds since the epoch (the API process's clock). */
  resetAt: bigint("reset_at", { mode: "number" }).notNull(),
  count: integer("count").notNull(),
});
