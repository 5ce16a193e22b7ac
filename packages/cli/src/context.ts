/** What commands share: the database opened and migrated per config, and the ingest context. */
import path from "node:path";
import { type Config, createLogger, type Logger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import type { IngestContext } from "@atalaya/ingest";

export function logger(config: Config): Logger {
  return createLogger(config.logLevel);
}

export async function openMigrated(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  log.debug("database ready", { where: database.describe() });
  return database;
}

export async function withDatabase<T>(
  config: Config,
  fn: (database: Database, log: Logger) => Promise<T>,
): Promise<T> {
  const log = logger(config);
  const database = await openMigrated(config, log);
  try {
    return await fn(database, log);
  } finally {
    await database.close();
  }
}

export function ingestContext(config: Config, database: Database, log: Logger, force = false): IngestContext {
  return {
    database,
    log,
    fetch: {
      timeoutMs: config.fetch.timeoutMs,
      retries: config.fetch.retries,
      downloadDir: path.join(config.dataDir, "downloads"),
    },
    maxRejected: config.maxRejected,
    limits: config.inputLimits,
    force,
    tty: process.stderr.isTTY ? process.stderr : undefined,
  };
}
