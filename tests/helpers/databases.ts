/**
 * Each test file gets its own database: an in-memory PGlite, and, when DATABASE_URL is set, a
 * freshly created database on that server (dropped afterwards). Tests never share data.
 */
import { randomBytes } from "node:crypto";
import { type Database, openDatabase } from "@atalaya/db";
import { type SQL, sql } from "drizzle-orm";
import postgres from "postgres";
import { tempDir } from "./ingest";

export interface Target {
  name: "pglite" | "postgres";
  /** `url`: the server database's own URL (absent on PGlite), for tests that need a session of their own. */
  open(): Promise<{ database: Database; dispose(): Promise<void>; url?: string }>;
}

const serverUrl = process.env.DATABASE_URL;

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const pglite: Target = {
  name: "pglite",
  async open() {
    const database = await openDatabase({});
    await database.migrate();
    return { database, dispose: () => database.close() };
  },
};

/**
 * A new, empty database on the server DATABASE_URL names (unmigrated), for processes of their
 * own to open by URL; `drop` removes it, ending whatever is still connected.
 */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = serverUrl as string;
  const name = `atalaya_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    url: withDatabaseName(url, name),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * A database that outlives its handles, for restart tests: PGlite on a data folder of its own, or
 * a database of its own on the server. `open` migrates; `env` points an `atalaya` process at it;
 * `drop` removes the server's (a folder is left to the temporary directory).
 */
export async function durableDatabase(target: Target, prefix = "atalaya-durable-") {
  const created = target.name === "postgres" ? await createServerDatabase() : null;
  const dataDir = created ? undefined : tempDir(prefix);
  return {
    async open(): Promise<Database> {
      const database = await openDatabase(
        created ? { databaseUrl: created.url, maxConnections: 4 } : { dataDir },
      );
      await database.migrate();
      return database;
    },
    env: (): Record<string, string> =>
      created ? { DATABASE_URL: created.url } : { ATALAYA_DATA_DIR: dataDir as string },
    drop: async () => created?.drop(),
  };
}

const server: Target = {
  name: "postgres",
  async open() {
    const created = await createServerDatabase();
    const database = await openDatabase({ databaseUrl: created.url, maxConnections: 4 });
    await database.migrate();
    return {
      database,
      url: created.url,
      async dispose() {
        await database.close();
        await created.drop();
      },
    };
  },
};

/** The engines this run tests against: always PGlite, plus the server when DATABASE_URL is set. */
export const targets: Target[] = serverUrl ? [pglite, server] : [pglite];

/** Whether a Postgres server is configured (DATABASE_URL) for the tests that need one. */
export const serverConfigured = Boolean(serverUrl);

/**
 * Starts a transaction that runs `statement` and then stays open until the returned function is
 * called (which resolves once it has ended). On PGlite it holds the whole engine; on the server,
 * one connection and the statement's locks.
 */
export async function holdTransaction(database: Database, statement: SQL = sql`select 1`) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const holding = database.db.transaction(async (tx) => {
    await tx.execute(statement);
    entered();
    await gate;
  });
  await Promise.race([inside, holding]);
  return async () => {
    release();
    await holding;
  };
}
