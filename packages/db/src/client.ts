/**
 * One database handle over two engines: PGlite (embedded, the zero-setup default) and a Postgres
 * server through postgres.js when DATABASE_URL is set. Callers get the same drizzle API and the
 * same COPY-based bulk loader on both; nothing outside this file knows which engine runs.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { migratePglite, migratePostgres, seedReferenceData } from "./migrate";
import * as schema from "./schema/index";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgres";

export interface Database {
  engine: Engine;
  db: Db;
  /**
   * Bulk-loads rows with COPY … FROM STDIN (postgres.js) or COPY … FROM '/dev/blob' (PGlite).
   * `lines` are rows already in COPY text format (see `copyRow`). Returns the number of rows.
   */
  copyIn(table: string, columns: readonly string[], lines: Iterable<string>): Promise<number>;
  /** Runs a raw statement and returns its rows, whichever engine answers. */
  rows<T>(query: SQL): Promise<T[]>;
  /**
   * Runs `fn` while holding the Postgres advisory lock `key`, or returns `{ acquired: false }`
   * at once when another session holds it. Session locks live on one connection, so the server
   * engine reserves one for the duration; PGlite has a single connection anyway.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /** Applies pending migrations and reference data. */
  migrate(): Promise<void>;
  /** Where the data lives, for log lines (never includes a password). */
  describe(): string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function assertIdentifiers(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  }
}

/** Encodes one value for COPY's text format: `\N` for null, backslash escapes for the rest. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : text;
}

export function copyRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(copyValue).join("\t")}\n`;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let location = "memory://";
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    location = path.join(dataDir, "pglite");
  }
  const client = await PGlite.create(dataDir ? location : undefined);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const heldLocks = new Set<string>();
  return {
    engine: "pglite",
    db,
    async copyIn(table, columns, lines) {
      assertIdentifiers(table, columns);
      // PGlite reads the whole blob into its heap: several COPYs of ~8 MB each keep the cost linear
      // (one 60 MB COPY took 9× as long as one of a third of the size), and a Blob of one joined
      // string is far faster to build and read than one of many small strings.
      const statement = `COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`;
      let piece = "";
      let count = 0;
      for (const line of lines) {
        piece += line;
        count++;
        if (piece.length >= 1 << 23) {
          await client.query(statement, [], { blob: new Blob([piece]) });
          piece = "";
        }
      }
      if (piece) await client.query(statement, [], { blob: new Blob([piece]) });
      return count;
    },
    async rows<T>(query: SQL) {
      const result = (await db.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    async withLock(key, fn) {
      // One PGlite connection is one session, where advisory locks are re-entrant: the set keeps
      // two callers in this process apart; the lock itself guards against other tools.
      if (heldLocks.has(key)) return { acquired: false };
      const [row] = (
        await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [key])
      ).rows;
      if (!row?.ok) return { acquired: false };
      heldLocks.add(key);
      try {
        return { acquired: true, value: await fn() };
      } finally {
        heldLocks.delete(key);
        await client.query("select pg_advisory_unlock(hashtext($1))", [key]);
      }
    },
    async migrate() {
      await migratePglite(client);
      await seedReferenceData(db);
    },
    describe: () => (dataDir ? `PGlite at ${location}` : "PGlite in memory"),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // Numeric and bigint aggregates come back as strings from both engines; callers convert.
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return {
    engine: "postgres",
    db,
    async copyIn(table, columns, lines) {
      assertIdentifiers(table, columns);
      const writable = await client.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`).writable();
      let count = 0;
      const done = new Promise<void>((resolve, reject) => {
        writable.on("finish", resolve);
        writable.on("error", reject);
      });
      // Batch rows into ~1 MB writes and respect back-pressure.
      let batch = "";
      for (const line of lines) {
        batch += line;
        count++;
        if (batch.length >= 1 << 20) {
          if (!writable.write(batch)) await new Promise((r) => writable.once("drain", r));
          batch = "";
        }
      }
      if (batch) writable.write(batch);
      writable.end();
      await done;
      return count;
    },
    async rows<T>(query: SQL) {
      return (await db.execute(query)) as unknown as T[];
    },
    async withLock(key, fn) {
      const connection = await client.reserve();
      try {
        const [row] = await connection<
          { ok: boolean }[]
        >`select pg_try_advisory_lock(hashtext(${key})) as ok`;
        if (!row?.ok) return { acquired: false };
        try {
          return { acquired: true, value: await fn() };
        } finally {
          await connection`select pg_advisory_unlock(hashtext(${key}))`;
        }
      } finally {
        connection.release();
      }
    },
    async migrate() {
      await migratePostgres(url);
      await seedReferenceData(db);
    },
    describe: () => `Postgres at ${redactUrl(url)}`,
    close: () => client.end({ timeout: 5 }),
  };
}
