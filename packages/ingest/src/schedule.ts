/**
 * The refresh schedule of a running server: `ingest all` on a cron expression (UTC). Overlapping
 * ticks are skipped, and the per-source advisory locks keep other processes out.
 */
import type { Logger } from "@atalaya/config";
import { Cron } from "croner";

export interface Scheduled {
  next(): Date | null;
  stop(): void;
}

export function scheduleIngest(expression: string, run: () => Promise<unknown>, log: Logger): Scheduled {
  return scheduleJob("ingest", expression, run, log);
}

/** Runs `run` on a cron schedule (UTC); a run still going when the next is due is not doubled. */
export function scheduleJob(
  what: string,
  expression: string,
  run: () => Promise<unknown>,
  log: Logger,
): Scheduled {
  const job = new Cron(expression, { timezone: "UTC", protect: true }, async () => {
    log.info(`scheduled ${what} starting`);
    try {
      await run();
    } catch (error) {
      log.error(`scheduled ${what} failed`, { error: (error as Error).message });
    }
  });
  log.info(`${what} scheduled`, { cron: expression, next: job.nextRun()?.toISOString() });
  return { next: () => job.nextRun(), stop: () => job.stop() };
}

/** Throws with the reason when the expression is not a cron schedule croner accepts. */
export function validateCron(expression: string): void {
  new Cron(expression, { paused: true }).stop();
}
