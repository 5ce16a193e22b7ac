/**
 * What commands share: the database opened and migrated per config, and the ingest context.
 *
 * On the embedded engine the process that opens a data folder owns it (docs/adr/0005): it holds
 * the folder's lock, keeps one database handle for every command it runs (its own and those other
 * processes send it through owner.ts), and gives the folder up when `releaseOwnership` is called.
 * A process that finds the folder owned gets HeldElsewhere, and main.ts sends the command there.
 */
import path from "node:path";
import { type Config, createLogger, type Logger, output } from "@atalaya/config";
import { claimFolder, type Database, type FolderLease, openDatabase } from "@atalaya/db";
import type { IngestContext } from "@atalaya/ingest";
import { recoverInterruptedRuns } from "@atalaya/ingest/recovery";
import { OwnerEndpoint } from "./owner";
import { HeldElsewhere } from "./run";
import { beforeExit } from "./shutdown";

export function logger(config: Config): Logger {
  return createLogger(config.logLevel, undefined, config.logFormat);
}

interface Ownership {
  lease: FolderLease;
  endpoint: OwnerEndpoint;
  database: Promise<Database>;
  /** Giving the folder up has begun (once). */
  releasing: boolean;
  /** No command may open the database any more: it is being closed. */
  closing: boolean;
}

/** This process's ownership of its embedded data folder, once it has opened it. */
let owned: Ownership | null = null;

/** The command line this process runs, as the lock file shows it to others. */
function invocationName(): string {
  return ["atalaya", ...process.argv.slice(2, 4).filter((a) => !a.startsWith("-"))].join(" ");
}

async function openAndMigrate(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    connectTimeoutMs: config.dbConnectTimeoutMs,
  });
  await database.migrate();
  // Runs left `running` by a process that is gone are marked interrupted and their staging rows
  // removed, under each source's lock (a run that holds its lock is left alone).
  await recoverInterruptedRuns(database, log);
  log.debug("database ready", { where: database.describe() });
  return database;
}

/**
 * The database of `config`, migrated. On the server engine every call opens a handle of its own;
 * on the embedded engine the folder's one handle, after taking the folder (or HeldElsewhere).
 */
export async function openMigrated(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) return openAndMigrate(config, log);
  if (owned) {
    if (owned.closing) throw new Error("this process is giving up the data folder; run the command again");
    return owned.database;
  }
  const claim = claimFolder(config.dataDir, invocationName());
  if (claim.kind === "held") throw new HeldElsewhere(claim.owner, config.dataDir);
  const database = openAndMigrate(config, log);
  // Listening before the database is open: a command sent meanwhile waits instead of finding
  // nobody and retrying.
  const endpoint = await OwnerEndpoint.listen(claim.lease.owner.socket, config.dataDir, database);
  owned = { lease: claim.lease, endpoint, database, releasing: false, closing: false };
  beforeExit(() => releaseOwnership());
  try {
    return await database;
  } catch (error) {
    await releaseOwnership();
    throw error;
  }
}

/**
 * Gives the data folder up: takes no more commands from other processes, waits for those they
 * sent, closes the database and removes the lock. Nothing when this process owns no folder.
 */
export async function releaseOwnership(graceMs?: number): Promise<void> {
  if (!owned || owned.releasing) return;
  owned.releasing = true;
  const { lease, endpoint, database } = owned;
  try {
    // Commands other processes sent meanwhile still get the database; then nothing more may.
    await endpoint.close(graceMs);
    owned.closing = true;
    await (await database.catch(() => null))?.close(graceMs);
  } finally {
    lease.release();
    owned = null;
  }
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
    // The embedded folder's handle stays open for the commands other processes send; it is
    // closed when the process gives the folder up (releaseOwnership).
    if (config.databaseUrl) await database.close();
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
    tty: output().tty,
  };
}
