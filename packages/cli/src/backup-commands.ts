/**
 * Backups and moving between engines: `backup`, `restore` and `db move`, thin wrappers over
 * @atalaya/backup. Each load runs in one transaction on the target, so an interrupted restore or
 * move leaves it as it was and the command can simply be run again.
 *
 * On the embedded engine these run in the process that owns the folder (forwarded by main.ts
 * while `atalaya start` runs); `db move --to pglite:DIR` opens and owns DIR itself for the move.
 */
import path from "node:path";
import {
  BackupError,
  dumpDatabase,
  moveDatabase,
  type RestoreSummary,
  readBackupFile,
  restoreDatabase,
  writeBackupFile,
} from "@atalaya/backup";
import { type Config, output } from "@atalaya/config";
import { claimFolder, type Database, type OpenOptions, openDatabase, redactUrl } from "@atalaya/db";
import type { Command } from "./command";
import { withDatabase } from "./context";

const RESTARTABLE =
  "Loads in one transaction: interrupted, the target is left as it was; run it again to start over.";

/** The per-table counts and the audit chain; exit 1 when the chain does not verify. */
function report(summary: RestoreSummary, what: string): number {
  const out = output().stdout;
  const width = Math.max(...summary.tables.map((t) => t.table.length));
  for (const t of summary.tables) out.write(`  ${t.table.padEnd(width)} ${String(t.rows).padStart(10)}\n`);
  const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
  out.write(
    `${what}: ${rows} rows in ${summary.tables.length} tables, every count as in the backup` +
      `${summary.wiped ? " (the target's earlier contents were wiped: --force)" : ""}\n`,
  );
  const { audit } = summary;
  if (audit.problems.length === 0) {
    out.write(`audit log intact: ${audit.rows} rows, last hash ${audit.lastHash}\n`);
    return 0;
  }
  for (const p of audit.problems) output().stderr.write(`audit row ${p.id}: ${p.problem}\n`);
  output().stderr.write(`audit log BROKEN after the load: ${audit.problems.length} problem(s)\n`);
  return 1;
}

interface Target {
  database: Database;
  /** How to start Atalaya on the target. */
  startWith: string;
  close(): Promise<void>;
}

/** A target opened and migrated (a move's target gets the schema of this Atalaya first). */
async function openMigratedTarget(options: OpenOptions): Promise<Database> {
  const database = await openDatabase(options);
  try {
    await database.migrate();
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The database `--to` names, opened and migrated; a PGlite folder is claimed for the move. */
async function openTarget(to: string, config: Config): Promise<Target> {
  const connectTimeoutMs = config.dbConnectTimeoutMs;
  if (/^postgres(ql)?:\/\//.test(to)) {
    if (to === config.databaseUrl) throw new BackupError("--to names the configured database itself");
    const database = await openMigratedTarget({ databaseUrl: to, connectTimeoutMs, maxConnections: 2 });
    return {
      database,
      startWith: `DATABASE_URL='${redactUrl(to)}' npx atalaya start   (with the real password)`,
      close: () => database.close(),
    };
  }
  if (to.startsWith("pglite:")) {
    const dataDir = path.resolve(to.slice("pglite:".length));
    if (!config.databaseUrl && dataDir === config.dataDir)
      throw new BackupError("--to names the configured data folder itself");
    const claim = claimFolder(dataDir, "atalaya db move");
    if (claim.kind === "held")
      throw new BackupError(
        `${dataDir} is in use by \`${claim.owner.command}\` (pid ${claim.owner.pid}); stop it first`,
      );
    try {
      const database = await openMigratedTarget({ dataDir });
      return {
        database,
        startWith: `ATALAYA_DATA_DIR=${dataDir} npx atalaya start`,
        async close() {
          await database.close();
          claim.lease.release();
        },
      };
    } catch (error) {
      claim.lease.release();
      throw error;
    }
  }
  throw new BackupError(`--to must be a postgres:// URL or pglite:DIR, not ${JSON.stringify(to)}`);
}

export const backupCommands: Record<string, Command> = {
  backup: {
    summary: "Write every table (audit chain included) to a gzip file that restores on either engine",
    usage: "--out FILE",
    options: { out: { type: "string" } },
    run: ({ values }, config) => {
      const file = values.out;
      if (typeof file !== "string") throw new BackupError("give the file to write: --out FILE");
      return withDatabase(config, async (database) => {
        const started = performance.now();
        const { bytes } = await writeBackupFile(file, dumpDatabase(database));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        output().stdout.write(
          `backup of ${database.describe()} written to ${file}: ${bytes} bytes, ${seconds} s\n`,
        );
        return 0;
      });
    },
  },
  restore: {
    summary: `Load a backup into an empty database (--force: wipe it first). ${RESTARTABLE}`,
    usage: "FILE [--force]",
    options: { force: { type: "boolean" } },
    positionals: true,
    run: ({ values, positionals }, config) => {
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0) throw new BackupError("give one backup file: restore FILE");
      return withDatabase(config, async (database) => {
        const limit = { source: "backup", ...config.inputLimits.backup };
        const summary = await restoreDatabase(database, readBackupFile(file, limit), {
          force: values.force === true,
          name: file,
          limit,
        });
        return report(summary, `restored ${file} into ${database.describe()}`);
      });
    },
  },
  "db move": {
    summary:
      "Copy every table of the configured database into an empty one (postgres://… or pglite:DIR; " +
      `--force: wipe it first), check the counts and the audit chain. ${RESTARTABLE}`,
    usage: "--to postgres://USER:PASSWORD@HOST/DB | pglite:DIR [--force]",
    options: { to: { type: "string" }, force: { type: "boolean" } },
    run: ({ values }, config) => {
      const to = values.to;
      if (typeof to !== "string") throw new BackupError("give the target: --to postgres://… or pglite:DIR");
      return withDatabase(config, async (source) => {
        const target = await openTarget(to, config);
        try {
          const summary = await moveDatabase(source, target.database, { force: values.force === true });
          const code = report(summary, `moved ${source.describe()} to ${target.database.describe()}`);
          if (code === 0) output().stdout.write(`Start Atalaya on it with:\n  ${target.startWith}\n`);
          return code;
        } finally {
          await target.close();
        }
      });
    },
  },
};
