/**
 * Scheduled work of a running server (`ingest all`, the Challenge checks): a cron expression (UTC)
 * per job, run exactly once per tick across every process on the database (docs/adr/0009).
 *
 * Every process's timer fires at the tick; each tries to insert the row (job, tick) into
 * `scheduled_runs`, and the one whose insert succeeds runs the job, under the job's advisory lock
 * for as long as it runs. The others log that the tick was taken and wait for the next one. A tick
 * that finds the job still running (a run longer than the interval) is recorded as skipped.
 *
 * A process that dies mid-run loses its lock with its connection. Whoever next takes the job's
 * lock (at start-up or at the next tick) marks its row failed, and the ingest runs it left
 * `running` are marked interrupted (recovery.ts).
 */
import { hostname } from "node:os";
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { Cron } from "croner";
import { sql } from "drizzle-orm";
import { recoverInterruptedRuns } from "./recovery";

export interface Scheduled {
  next(): Date | null;
  stop(): void;
}

/** This process, as `scheduled_runs.process` names it. */
export const PROCESS_NAME = `${hostname()}:${process.pid}`;

export const ORPHANED_TICK = "interrupted: the process running it ended before it finished";

const lockOf = (job: string) => `schedule:${job}`;

/**
 * Marks failed the rows of `job` still `running`, but the caller's own tick (`except`): the caller
 * holds the job's lock, so none of them is alive.
 */
async function failOrphanedTicks(database: Database, job: string, log: Logger, except?: Date): Promise<void> {
  const rows = await database.rows<{ due_at: string; process: string }>(sql`
    update scheduled_runs set status = 'failed', error = ${ORPHANED_TICK}, finished_at = now()
    where job = ${job} and status = 'running'
      and due_at is distinct from ${except?.toISOString() ?? null}::timestamptz
    returning due_at::text, process`);
  for (const row of rows)
    log.warn(`scheduled ${job}: a run whose process ended was marked failed`, {
      due: row.due_at,
      process: row.process,
    });
}

/** Takes the tick for this process; false when another process already took it. */
async function claimTick(database: Database, job: string, due: Date): Promise<boolean> {
  const rows = await database.rows<{ job: string }>(sql`
    insert into scheduled_runs (job, due_at, process) values (${job}, ${due.toISOString()}::timestamptz, ${PROCESS_NAME})
    on conflict do nothing returning job`);
  return rows.length > 0;
}

async function finishTick(
  database: Database,
  job: string,
  due: Date,
  status: "succeeded" | "failed" | "skipped",
  error: string | null,
): Promise<void> {
  await database.db.execute(sql`
    update scheduled_runs set status = ${status}, error = ${error}, finished_at = now()
    where job = ${job} and due_at = ${due.toISOString()}::timestamptz`);
}

/** Thrown by a job that must not run at this tick: recorded as skipped, with why. */
export class SkipTick extends Error {}

/** One tick: claimed by one process, run under the job's lock, its outcome recorded. */
export async function runTick(
  database: Database,
  job: string,
  due: Date,
  run: () => Promise<unknown>,
  log: Logger,
): Promise<"ran" | "taken" | "skipped" | "failed"> {
  if (!(await claimTick(database, job, due))) {
    log.info(`scheduled ${job}: this tick was taken by another process`, { due: due.toISOString() });
    return "taken";
  }
  const outcome = await database.withLock(lockOf(job), async () => {
    log.info(`scheduled ${job} starting`, { due: due.toISOString() });
    await failOrphanedTicks(database, job, log, due);
    await recoverInterruptedRuns(database, log);
    try {
      await run();
      await finishTick(database, job, due, "succeeded", null);
      return "ran" as const;
    } catch (error) {
      if (error instanceof SkipTick) {
        log.info(`scheduled ${job}: skipped, ${error.message}`, { due: due.toISOString() });
        await finishTick(database, job, due, "skipped", error.message);
        return "skipped" as const;
      }
      const message = (error as Error).message;
      log.error(`scheduled ${job} failed`, { error: message });
      await finishTick(database, job, due, "failed", message);
      return "failed" as const;
    }
  });
  if (outcome.acquired) return outcome.value;
  log.warn(`scheduled ${job}: skipped, its previous run is still going`, { due: due.toISOString() });
  await finishTick(database, job, due, "skipped", "the previous run was still going");
  return "skipped";
}

/** Runs `run` on a cron schedule (UTC), once per tick across the processes sharing `database`. */
export function scheduleJob(
  job: string,
  expression: string,
  run: () => Promise<unknown>,
  database: Database,
  log: Logger,
): Scheduled {
  // At start: rows left `running` by a process that is gone (their lock is free).
  void database
    .withLock(lockOf(job), () => failOrphanedTicks(database, job, log))
    .catch((error) =>
      log.warn(`scheduled ${job}: could not check for interrupted runs`, { error: error.message }),
    );
  const cron = new Cron(expression, { timezone: "UTC", protect: true }, async (self: Cron) => {
    // The tick's scheduled instant, to the second: every process computes the same one.
    const due = new Date(Math.floor((self.currentRun() ?? new Date()).getTime() / 1000) * 1000);
    try {
      await runTick(database, job, due, run, log);
    } catch (error) {
      log.error(`scheduled ${job}: the tick could not be recorded`, { error: (error as Error).message });
    }
  });
  log.info(`${job} scheduled`, { cron: expression, next: cron.nextRun()?.toISOString() });
  return { next: () => cron.nextRun(), stop: () => cron.stop() };
}

/** Throws with the reason when the expression is not a cron schedule croner accepts. */
export function validateCron(expression: string): void {
  new Cron(expression, { paused: true }).stop();
}
