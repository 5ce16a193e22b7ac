/** `start`, `serve` and `migrate`: bringing Atalaya up. */
import path from "node:path";
import { startServer } from "@atalaya/api";
import { runDueChecks } from "@atalaya/committee";
import { type Config, ConfigError } from "@atalaya/config";
import { type Database, registryResources } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { ingestAll, scheduleIngest, scheduleJob, validateCron } from "@atalaya/ingest";
import { count } from "drizzle-orm";
import type { Command } from "./command";
import { ingestContext, logger, openMigrated, withDatabase } from "./context";
import { buildWeb, WEB_DIST, webBuildIsStale } from "./web-build";

async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(registryResources);
  return (row?.n ?? 0) === 0;
}

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
  if (config.demo === "auto" && (await isEmpty(database))) {
    log.info("database is empty: loading the demo dataset (set ATALAYA_DEMO=off to skip)");
    await loadDemo(path.join(config.dataDir, "demo"), ingestContext(config, database, log));
  }
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
  });
  const checkSchedule =
    config.checks.cron === "off"
      ? null
      : scheduleJob("challenge checks", config.checks.cron, () => runDueChecks(database, config.checks), log);
  const schedule =
    config.ingestCron === "off"
      ? null
      : scheduleIngest(
          config.ingestCron,
          () =>
            ingestAll(config.sources, ingestContext(config, database, log), {
              credentials: config.credentials,
            }),
          log,
        );
  process.stdout.write(
    `Atalaya is running on ${database.describe()}\n  dashboard  ${server.url}\n  API docs   ${server.url}api/docs\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  log.info("shutting down");
  schedule?.stop();
  checkSchedule?.stop();
  await server.close();
  await database.close();
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
        process.stdout.write(`migrated ${database.describe()}\n`);
        return 0;
      }),
  },
};
