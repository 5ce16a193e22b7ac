/**
 * `alerts detect`, `alerts digest` and `alerts weekly-summary`: what the server's schedules do,
 * on demand (after a manual load, or from an outside cron). Every ingest command also detects
 * alert events once it has published (detectAfterIngest).
 */

import { pruneAlertHistory } from "@atalaya/alerts";
import {
  type AlertContext,
  detectAlertEvents,
  type SharedBoards,
  sendDigestsNow,
  sendMonthlyReports,
  summariseEconomiesNow,
} from "@atalaya/api";
import { type Config, ConfigError, type Logger, output } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import type { Command } from "./command";
import { withDatabase } from "./context";

/**
 * Links in alert e-mail: ATALAYA_PUBLIC_URL, else the server on this machine (right for a
 * laptop; a deployment sets the public URL, as README "Operating Atalaya" says).
 */
export function alertContext(config: Config, log: Logger, shared?: SharedBoards): AlertContext {
  return {
    log,
    baseUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    mailConfigured: config.mail !== null,
    shared,
  };
}

/**
 * After a load that published: detect what it changed. A failure here is logged and does not
 * fail the load: the data is published, and the next detection catches up (states are kept).
 */
export async function detectAfterIngest(
  config: Config,
  database: Database,
  log: Logger,
  shared?: SharedBoards,
): Promise<void> {
  try {
    await detectAlertEvents(database, alertContext(config, log, shared));
  } catch (error) {
    log.warn("alert events could not be detected after the load; the next load retries", {
      error: (error as Error).message,
    });
  }
}

export const alertCommands: Record<string, Command> = {
  "alerts detect": {
    summary:
      "Detect alert events in the live data now (Jim Bound states, RPKI-invalid routes, unannounced space, stale data)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        const result = await detectAlertEvents(database, alertContext(config, log));
        output().stdout.write(
          `${result.events.length} new event(s)` +
            (result.baselined.length > 0
              ? `; first detection (baseline) of ${result.baselined.join(", ")}`
              : "") +
            ` in ${result.ms} ms\n`,
        );
        return 0;
      }),
  },
  "alerts digest": {
    summary: "Send the daily or weekly digests now (the server sends them at 07:00 UTC, weekly on Mondays)",
    usage: "--cadence daily|weekly",
    options: { cadence: { type: "string" } },
    run: ({ values }, config) => {
      const cadence = values.cadence;
      if (cadence !== "daily" && cadence !== "weekly")
        throw new ConfigError("--cadence must be daily or weekly");
      return withDatabase(config, async (database, log) => {
        const sent = await sendDigestsNow(database, cadence, alertContext(config, log));
        output().stdout.write(`${sent} ${cadence} digest(s) queued\n`);
        return 0;
      });
    },
  },
  "alerts monthly-reports": {
    summary:
      "Send the last complete month's report to its subscribers now (the server tries daily at 08:00 UTC; each goes once)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        const sent = await sendMonthlyReports(database, alertContext(config, log));
        output().stdout.write(`${sent} monthly report(s) queued\n`);
        return 0;
      }),
  },
  "alerts prune": {
    summary:
      "Remove sent and failed e-mail and finished webhook deliveries older than the retention (the server does daily at 03:30 UTC)",
    usage: "[--keep-days N]  (default ATALAYA_ALERT_RETENTION_DAYS, 180)",
    options: { "keep-days": { type: "string" } },
    run: ({ values }, config) => {
      const given = values["keep-days"];
      const keepDays = given === undefined ? config.alertRetentionDays : Number(given);
      if (!Number.isInteger(keepDays) || keepDays < 1)
        throw new ConfigError(`--keep-days must be a whole number of days, 1 or more (got "${given}")`);
      return withDatabase(config, async (database) => {
        const gone = await pruneAlertHistory(database, { keepDays });
        output().stdout.write(
          `removed ${gone.messages} message(s), ${gone.notifications} notification(s), ` +
            `${gone.webhookDeliveries} webhook deliveries with ${gone.webhookAttempts} attempt(s), ` +
            `${gone.unsubscribeTokens} unsubscribe token(s); kept the last ${keepDays} days\n`,
        );
        return 0;
      });
    },
  },
  "alerts weekly-summary": {
    summary: "Make each region economy's weekly summary now (the server does on Mondays at 06:00 UTC)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        const events = await summariseEconomiesNow(database, alertContext(config, log));
        output().stdout.write(`${events.length} economy summary(ies) made\n`);
        return 0;
      }),
  },
};
