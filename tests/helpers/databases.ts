/**
 * Each test file gets its own database: an in-memory PGlite, and, when DATABASE_URL is set, a
 * freshly created database on that server (dropped afterwards). Tests never share data.
 */
import { randomBytes } from "node:crypto";
import { type Database, openDatabase } from "@atalaya/db";
import postgres from "postgres";

export interface Target {
  name: "pglite" | "postgres";
  open(): Promise<{ database: Database; dispose(): Promise<void> }>;
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

const server: Target = {
  name: "postgres",
  async open() {
    const created = await createServerDatabase();
    const database = await openDatabase({ databaseUrl: created.url, maxConnections: 4 });
    await database.migrate();
    return {
      database,
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
