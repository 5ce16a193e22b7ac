/** `start`, `serve` and `migrate`: bringing Atalaya up. */
import path from "node:path";
import { OutboxSender, pruneAlertHistory, WebhookSender } from "@atalaya/alerts";
import {
  BoardCache,
  DatasetInfo,
  sendDigestsNow,
  sendMonthlyReports,
  startServer,
  summariseEconomiesNow,
} from "@atalaya/api";
import { BeaconService } from "@atalaya/beacon";
import { runDueChecks } from "@atalaya/committee";
import { type Config, ConfigError, output } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { ingestAll, publishBeacon, SkipTick, scheduleJob, validateCron } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import { alertContext, detectAfterIngest } from "./alert-commands";
import type { Command } from "./command";
import { ingestContext, logger, openMigrated, releaseOwnership, withDatabase } from "./context";
import { loadDemoWithActivity } from "./demo-commands";
import { localServerUrl } from "./invitation-link";
import { buildWeb, WEB_DIST, webBuildIsStale } from "./web-build";

/**
 * Whether nothing was ever loaded: no ingest run of any source, not even a failed one. Real data
 * loaded before the first start (VRPs, say) is never mixed with the demo's.
 */
async function neverLoaded(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ any: boolean }>(sql`select exists (select 1 from ingest_runs) as any`);
  return row?.any === false;
}

/** Held while the demo dataset loads (one process loads it; scheduled ingests wait their turn). */
const DEMO_LOCK = "demo";

/** Daily digests at 07:00 UTC; weekly ones on Mondays, after the economies' summaries at 06:00. */
const DAILY_DIGEST_CRON = "0 7 * * *";
const WEEKLY_DIGEST_CRON = "0 7 * * 1";
const ECONOMY_SUMMARY_CRON = "0 6 * * 1";
/** Daily: a month's reports go out on the first run after its data is complete, once. */
const MONTHLY_REPORT_CRON = "0 8 * * *";
/** Daily, just after midnight UTC: the beacon's day that ended joins its series. */
const BEACON_PUBLISH_CRON = "15 0 * * *";
/** Daily, at a quiet hour: delivery records past ATALAYA_ALERT_RETENTION_DAYS. */
const ALERT_RETENTION_CRON = "30 3 * * *";

/** How long SIGTERM waits for requests in flight before cancelling them (the whole stop ≤ 10 s). */
const SHUTDOWN_GRACE_MS = 4000;

async function serve(config: Config, build: boolean): Promise<number> {
  const log = logger(config);
  if (config.ingestCron !== "off") {
    try {
      validateCron(config.ingestCron);
    } catch (error) {
      throw new ConfigError(
        `ATALAYA_INGEST_CRON: "${config.ingestCron}" is not a cron schedule (${(error as Error).message})`,
      );
    }
  }
  for (const [name, cron] of [["ATALAYA_CHECK_CRON", config.checks.cron]] as const) {
    if (cron === "off") continue;
    try {
      validateCron(cron);
    } catch (error) {
      throw new ConfigError(`${name}: "${cron}" is not a cron schedule (${(error as Error).message})`);
    }
  }
  if (build && webBuildIsStale()) buildWeb(log);
  const database = await openMigrated(config, log);
  // One board per data version for the pages and for alert detection and monthly reports beside them.
  const shared = { dataset: new DatasetInfo(database), boards: new BoardCache() };
  if (config.demo === "auto" && (await neverLoaded(database))) {
    // Several processes starting together on one empty server database: one loads the demo (the
    // others find the lock taken, or the runs it made, and serve what is there).
    const loaded = await database.withLock(DEMO_LOCK, async () => {
      if (!(await neverLoaded(database))) return;
      log.info("database is empty: loading the demo dataset (set ATALAYA_DEMO=off to skip)");
      try {
        await loadDemoWithActivity(config, database, log, shared);
      } catch (error) {
        // The server is worth more than the demo: it starts, and says what happened.
        log.error("the demo dataset could not be loaded; serving what the database holds", {
          error: (error as Error).message,
        });
      }
    });
    if (!loaded.acquired) log.info("another process is loading the demo dataset");
  }
  // Atalaya's own measurement, where this process serves the beacon's host names.
  const beacon = config.beacon.hosts
    ? new BeaconService(database, config.beacon.hosts, config.beacon.secret, log).start()
    : null;
  const server = await startServer({
    database,
    log,
    host: config.host,
    port: config.port,
    webDist: WEB_DIST,
    publicUrl: config.publicUrl,
    reportMaxBytes: config.reportMaxBytes,
    inputLimits: config.inputLimits,
    checkSettings: config.checks,
    uploadDir: path.join(config.dataDir, "uploads"),
    rateLimit: config.rateLimit,
    trustedProxies: config.trustedProxies,
    responseCacheBytes: config.responseCacheBytes,
    queryTimeoutMs: config.queryTimeoutMs,
    metricsToken: config.metricsToken,
    mailConfigured: config.mail !== null,
    shared,
    beacon,
  });
  // Every process may send: each message is claimed by one of them (outbox_messages' lease).
  const sender = config.mail
    ? new OutboxSender({ database, log, smtpUrl: config.mail.smtpUrl, from: config.mail.from }).start()
    : null;
  if (!sender)
    log.warn(
      "e-mail is not configured (ATALAYA_SMTP_URL): subscriptions are accepted and their messages stored unsent",
    );
  // Likewise webhooks: each delivery is claimed by one process (webhook_deliveries' lease).
  const webhooks = new WebhookSender({
    database,
    log,
    baseUrl: config.publicUrl ?? localServerUrl(config),
    mailConfigured: config.mail !== null,
    allowPrivate: config.webhooks.allowPrivate,
  }).start();
  const checkSchedule =
    config.checks.cron === "off"
      ? null
      : scheduleJob(
          "challenge-checks",
          config.checks.cron,
          () => runDueChecks(database, config.checks),
          database,
          log,
        );
  // Every process may schedule: each tick runs in exactly one of them (scheduled_runs).
  const schedule =
    config.ingestCron === "off"
      ? null
      : scheduleJob(
          "ingest",
          config.ingestCron,
          async () => {
            // Never while another process loads the demo: a real run publishing in between would
            // purge the demo half-loaded, and the rest of it would fail.
            const ran = await database.withLock(DEMO_LOCK, () =>
              ingestAll(config.sources, ingestContext(config, database, log), {
                credentials: config.credentials,
                radarPaceMs: config.fetch.radarPaceMs,
              }),
            );
            if (!ran.acquired) throw new SkipTick("another process is loading the demo dataset");
            if (ran.value.some((o) => o.outcome === "succeeded"))
              await detectAfterIngest(config, database, log, shared);
            return ran.value;
          },
          database,
          log,
        );
  // Alert digests and economy summaries: like every schedule, once per tick across processes.
  const alerts = { ...alertContext(config, log, shared), baseUrl: config.publicUrl ?? server.url };
  const alertSchedules = [
    scheduleJob(
      "monthly-reports",
      MONTHLY_REPORT_CRON,
      () => sendMonthlyReports(database, alerts),
      database,
      log,
    ),
    scheduleJob(
      "alert-digest-daily",
      DAILY_DIGEST_CRON,
      () => sendDigestsNow(database, "daily", alerts),
      database,
      log,
    ),
    scheduleJob(
      "alert-digest-weekly",
      WEEKLY_DIGEST_CRON,
      () => sendDigestsNow(database, "weekly", alerts),
      database,
      log,
    ),
    // Whichever process runs the beacon, its counts are in the database: any may publish them.
    scheduleJob(
      "beacon-publish",
      BEACON_PUBLISH_CRON,
      () => publishBeacon(ingestContext(config, database, log), { minTests: config.beacon.minTests }),
      database,
      log,
    ),
    scheduleJob(
      "alert-retention",
      ALERT_RETENTION_CRON,
      () => pruneAlertHistory(database, { keepDays: config.alertRetentionDays }),
      database,
      log,
    ),
    scheduleJob(
      "economy-weekly",
      ECONOMY_SUMMARY_CRON,
      () => summariseEconomiesNow(database, alerts),
      database,
      log,
    ),
  ];
  output().stdout.write(
    `Atalaya is running on ${database.describe()}\n  dashboard  ${server.url}\n  API docs   ${server.url}api/docs\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
      // A second signal means now.
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  log.info("shutting down");
  const stopping = performance.now();
  schedule?.stop();
  checkSchedule?.stop();
  for (const s of alertSchedules) s.stop();
  await Promise.all([sender?.stop(), webhooks.stop(), beacon?.stop()]);
  // Requests in flight get SHUTDOWN_GRACE_MS to finish; then their queries are cancelled.
  await server.close(SHUTDOWN_GRACE_MS);
  if (config.databaseUrl) await database.close(2000);
  // Commands other processes sent finish first; a statement still running after the grace is
  // abandoned and the folder recovers at the next start.
  else await releaseOwnership(2000);
  log.info("stopped", { ms: Math.round(performance.now() - stopping) });
  return 0;
}

export const serveCommands: Record<string, Command> = {
  start: {
    summary: "Build the dashboard if needed, migrate, load demo data into an empty database, and serve",
    usage: "",
    options: {},
    run: (_args, config) => serve(config, true),
  },
  serve: {
    summary: "Like start, without building the dashboard",
    usage: "",
    options: {},
    run: (_args, config) => serve(config, false),
  },
  migrate: {
    summary: "Apply database migrations and reference data",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database) => {
        output().stdout.write(`migrated ${database.describe()}\n`);
        return 0;
      }),
  },
};
