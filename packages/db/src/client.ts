/**
 * One database handle over two engines: PGlite (embedded, the zero-setup default) and a Postgres
 * server through postgres.js when DATABASE_URL is set. Callers get the same drizzle API and the
 * same COPY-based bulk loader on both; nothing outside this file knows which engine runs.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import {
  MIGRATION_LOCK,
  MIGRATIONS_TABLE,
  migratePglite,
  migratePostgres,
  migrationMismatch,
  seedReferenceData,
} from "./migrate";
import { PgliteThread } from "./pglite-thread";
import { currentQuerySignal } from "./query-scope";
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
  /**
   * Runs `fn` in one transaction on one connection (PGlite: holding its thread throughout), with
   * raw statements and COPY in both directions on that transaction: for moving whole tables
   * (packages/backup). Commits when `fn` returns, rolls back when it throws.
   */
  rawTransaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
  /** Applies pending migrations and reference data. */
  migrate(): Promise<void>;
  /**
   * Whether the database can answer, decided within `timeoutMs` and never behind other work:
   * the server engine is asked on a connection of its own; PGlite's thread reports its state.
   */
  health(timeoutMs: number): Promise<EngineHealth>;
  /**
   * Whether this database may take traffic, decided within `timeoutMs` and never behind other
   * work: it answers (as `health`), no migration is running (the server: some session holds
   * MIGRATION_LOCK; PGlite: this handle's migrate() runs), and the migrations it has applied are
   * exactly those this code ships.
   */
  readiness(timeoutMs: number): Promise<Readiness>;
  /** Connections in use and work waiting for one, now: cheap, no query (for metrics). */
  stats(): PoolStats;
  /** Where the data lives, for log lines (never includes a password). */
  describe(): string;
  /**
   * Closes the database. Work still running after `graceMs` is abandoned: the server cancels
   * it; PGlite's thread is stopped and its folder recovers at the next start.
   */
  close(graceMs?: number): Promise<void>;
}

export interface RawTransaction {
  /** Runs one statement given as text and returns its rows (no parameters: build no values in). */
  query<T>(text: string): Promise<T[]>;
  /** COPY … FROM on this transaction; `lines` in COPY text format, each ending in a newline. */
  copyIn(table: string, columns: readonly string[], lines: Iterable<string>): Promise<number>;
  /**
   * COPY (query) TO …: the rows in COPY text format, in pieces of whole lines. The server streams
   * them; PGlite hands over a statement's whole output at once, so a caller reading a large table
   * there asks for it in pages (`copyOutStreams` false).
   */
  copyOut(query: string): AsyncIterable<string>;
  copyOutStreams: boolean;
}

export type EngineHealth =
  | { ok: true; detail: string; busyMs?: number; queued?: number }
  | { ok: false; cause: string };

export type Readiness = { ready: true; detail: string } | { ready: false; reason: string };

export interface PoolStats {
  /** Connections the engine may use at once (PGlite: its one session). */
  max: number;
  /**
   * Connections taken now: reserved, holding a transaction, or running a query (PGlite: 1 while a
   * statement or transaction holds the engine). Health and migration connections are apart.
   */
  inUse: number;
  /** Queries and transactions waiting for a connection. */
  waiting: number;
  /** PGlite: how long the current statement or transaction has held the engine. */
  busyMs?: number;
  /** PGlite: how often its thread was restarted (a cancelled statement, a crash). */
  restarts?: number;
}

const NOT_MIGRATED = "the database has not been migrated";
const MIGRATING = "migrations are running";

/** The verdict on a database's migration journal (the `created_at` of its rows), or null if none. */
function journalReadiness(applied: Array<{ created_at: string | number }> | null): Readiness {
  if (!applied) return { ready: false, reason: NOT_MIGRATED };
  const mismatch = migrationMismatch(applied.map((r) => Number(r.created_at)));
  return mismatch
    ? { ready: false, reason: mismatch }
    : { ready: true, detail: `${applied.length} migrations applied` };
}

export interface OpenOptions {
  /** A postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** How long postgres.js waits for a connection to the server before giving up (default 5 s). */
  connectTimeoutMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Plain identifiers quoted: a column may be named by a keyword (`check`). */
const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");

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

/**
 * The rows of a query run on a transaction (or any `Db`): PGlite's driver answers `{ rows }`,
 * postgres.js the rows themselves. `Database.rows` does the same outside transactions.
 */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] & { rows?: T[] };
  return result.rows ?? result;
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

/** A connection failure in one line: `connect ECONNREFUSED 127.0.0.1:5432`, with the server. */
export function describeConnectionError(error: unknown, url: string): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ message?: string }> };
  // Node reports a refused dual-stack connect as an AggregateError with one error per address.
  const message = e.errors?.[0]?.message ?? e.message ?? String(error);
  return `${message} (${redactUrl(url)})`;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.databaseUrl)
    return openPostgres(options.databaseUrl, options.maxConnections ?? 10, options.connectTimeoutMs ?? 5000);
  return openPglite(options.dataDir);
}

/**
 * PGlite's COPY FROM: PGlite reads the whole blob into its heap, so several COPYs of ~8 MB each
 * keep the cost linear (one 60 MB COPY took 9× as long as one of a third of the size), and a Blob
 * of one joined string is far faster to build and read than one of many small strings.
 */
async function copyInPieces(
  copyFrom: (statement: string, text: string) => Promise<unknown>,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<number> {
  assertIdentifiers(table, columns);
  const statement = `COPY ${table} (${quoted(columns)}) FROM '/dev/blob'`;
  let piece = "";
  let count = 0;
  for (const line of lines) {
    piece += line;
    count++;
    if (piece.length >= 1 << 23) {
      await copyFrom(statement, piece);
      piece = "";
    }
  }
  if (piece) await copyFrom(statement, piece);
  return count;
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let location = "memory://";
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    location = path.join(dataDir, "pglite");
  }
  const client = await PgliteThread.start(dataDir ? location : undefined);
  // The thread answers the calls drizzle's PGlite driver makes (query, transaction).
  const db = drizzlePglite({ client: client as unknown as PGlite, schema }) as unknown as Db;
  const heldLocks = new Set<string>();
  // Only this handle migrates its folder (one process owns it; others send it their commands),
  // so the journal's verdict holds until the next migrate(): read once, then kept.
  let migrating = false;
  let journal: Promise<Readiness> | null = null;
  const readJournal = async (): Promise<Readiness> => {
    const [table] = await client
      .query<{ present: boolean }>(`select to_regclass('${MIGRATIONS_TABLE}') is not null as present`)
      .then((r) => r.rows);
    if (!table?.present) return journalReadiness(null);
    const { rows } = await client.query<{ created_at: string }>(`select created_at from ${MIGRATIONS_TABLE}`);
    return journalReadiness(rows);
  };
  return {
    engine: "pglite",
    db,
    copyIn: (table, columns, lines) =>
      copyInPieces((statement, text) => client.copyFrom(statement, text), table, columns, lines),
    async rows<T>(query: SQL) {
      const result = (await db.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    async withLock(key, fn) {
      // One process owns a PGlite folder (folder-owner.ts; other `atalaya` processes run their
      // commands through it), so a lock within this process is the whole lock. PGlite's one
      // session would grant a Postgres advisory lock to every caller anyway.
      if (heldLocks.has(key)) return { acquired: false };
      heldLocks.add(key);
      try {
        return { acquired: true, value: await fn() };
      } finally {
        heldLocks.delete(key);
      }
    },
    rawTransaction(fn) {
      return client.transaction((tx) =>
        fn({
          async query<T>(text: string) {
            return (await tx.query<T>(text)).rows;
          },
          copyIn: (table, columns, lines) =>
            copyInPieces((statement, text) => tx.copyFrom(statement, text), table, columns, lines),
          async *copyOut(query) {
            const text = await tx.copyTo(`COPY (${query}) TO '/dev/blob'`);
            if (text) yield text;
          },
          copyOutStreams: false,
        }),
      );
    },
    async migrate() {
      migrating = true;
      journal = null;
      try {
        await migratePglite(client as unknown as PGlite);
        await seedReferenceData(db);
      } finally {
        migrating = false;
      }
      journal = readJournal();
      journal.catch(() => {
        journal = null;
      });
    },
    async readiness(timeoutMs) {
      if (client.status().state === "closed") return { ready: false, reason: "the database is closed" };
      if (migrating) return { ready: false, reason: MIGRATING };
      if (!journal) {
        journal = readJournal();
        // A failed read is asked again next time; a verdict is kept.
        journal.catch(() => {
          journal = null;
        });
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Readiness>((resolve) => {
        timer = setTimeout(() => {
          const s = client.status();
          resolve({
            ready: false,
            reason: `the embedded database did not answer within ${timeoutMs} ms (busy for ${s.busyMs} ms, ${s.queued} waiting)`,
          });
        }, timeoutMs);
      });
      try {
        return await Promise.race([journal, late]);
      } catch (error) {
        return { ready: false, reason: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    },
    stats() {
      const status = client.status();
      return {
        max: 1,
        inUse: status.state === "busy" ? 1 : 0,
        waiting: status.queued,
        busyMs: status.busyMs,
        restarts: status.restarts,
      };
    },
    async health() {
      const status = client.status();
      if (status.state === "closed") return { ok: false, cause: "the database is closed" };
      const detail =
        status.state === "busy"
          ? `PGlite thread busy for ${status.busyMs} ms, ${status.queued} waiting`
          : `PGlite thread ${status.state}`;
      return { ok: true, detail, busyMs: status.busyMs, queued: status.queued };
    },
    describe: () => (dataDir ? `PGlite at ${location}` : "PGlite in memory"),
    close: (graceMs) => client.close(graceMs),
  };
}

/** Cancels a postgres.js query when the current query signal aborts (query-scope.ts). */
function cancelOnAbort<Q extends { cancel(): unknown }>(query: Q): Q {
  const signal = currentQuerySignal();
  // Cancelling a query that has finished is a no-op in postgres.js, so the listener can stay.
  if (signal) {
    if (signal.aborted) query.cancel();
    else signal.addEventListener("abort", () => query.cancel(), { once: true });
  }
  return query;
}

/**
 * What the pool is doing, counted where work passes through `cancellable` (postgres.js keeps its
 * pool to itself): queries sent outside a transaction until they settle, and connections held by
 * a transaction or a `reserve` until they end. Queries beyond the pool's size wait in it.
 */
interface PoolUsage {
  queries: number;
  held: number;
}

/** Runs `done` once when `promise` settles, without starting a lazy postgres.js query early. */
function onSettled(promise: PromiseLike<unknown>, done: () => void): void {
  let once = false;
  const settle = () => {
    if (once) return;
    once = true;
    done();
  };
  // Promise.prototype.then, not the query's own: that one would execute the query.
  Promise.prototype.then.call(promise, settle, settle);
}

/**
 * A postgres.js client whose queries (`unsafe`, as drizzle sends them, also inside `begin` and
 * `savepoint`) are cancelled in the server when the request they belong to runs out of time.
 * The top-level client also counts its pool's use in `usage` (a transaction's queries run on the
 * connection the transaction holds, so they are not counted again).
 */
function cancellable(client: postgres.Sql, usage: PoolUsage | null): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        return (...args: Parameters<postgres.Sql["unsafe"]>) => {
          const query = cancelOnAbort(target.unsafe(...args));
          if (usage) {
            usage.queries++;
            onSettled(query, () => usage.queries--);
          }
          return query;
        };
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const fn = args.pop() as (sql: postgres.Sql) => unknown;
          const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, [
            ...args,
            (sql: postgres.Sql) => fn(cancellable(sql, null)),
          ]);
          if (usage) {
            usage.held++;
            onSettled(result, () => usage.held--);
          }
          return result;
        };
      }
      if (property === "reserve" && usage) {
        return async () => {
          const connection = await target.reserve();
          usage.held++;
          const release = connection.release;
          let released = false;
          connection.release = () => {
            if (!released) {
              released = true;
              usage.held--;
            }
            release.call(connection);
          };
          return connection;
        };
      }
      return value.bind(target);
    },
  });
}

/**
 * COPY … FROM STDIN on one connection (a reserved one, or a transaction's), waiting until the
 * server has taken the last row; returns the number of rows.
 */
async function copyInto(
  connection: postgres.Sql | postgres.TransactionSql,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<number> {
  assertIdentifiers(table, columns);
  const copy = connection.unsafe(`COPY ${table} (${quoted(columns)}) FROM STDIN`);
  // postgres.js resolves a COPY with its stream, so a refusal from the server (a bad value, a
  // constraint) later reaches only the query's reject, which no promise listens to any more,
  // and the stream's "finish" never comes: the load waited forever. Catch it there.
  let refused: Error | null = null;
  let onRefused: (error: Error) => void = () => {};
  const refusal = new Promise<never>((_, reject) => {
    onRefused = reject;
  });
  refusal.catch(() => {}); // awaited below; a refusal before then is not unhandled
  const handle = copy as unknown as { reject: (error: Error) => void };
  const reject = handle.reject;
  handle.reject = (error) => {
    refused = error;
    onRefused(error);
    reject(error);
  };
  const writable = await copy.writable();
  let count = 0;
  // "finish" comes when the server has taken the last row: postgres.js calls the stream's final
  // callback on the COPY's CommandComplete. On the same connection nothing else may run before.
  const finished = new Promise<void>((resolve, reject) => {
    writable.on("finish", resolve);
    writable.on("error", reject);
  });
  finished.catch(() => {}); // awaited below; a rejection before then is not unhandled
  // Batch rows into ~1 MB writes and respect back-pressure.
  let batch = "";
  for (const line of lines) {
    batch += line;
    count++;
    if (batch.length >= 1 << 20) {
      if (refused) break;
      if (!writable.write(batch))
        // A refusal ends the wait; the stream is still ended below, or the connection stays in COPY.
        await Promise.race([new Promise((r) => writable.once("drain", r)), finished, refusal]).catch(
          () => {},
        );
      batch = "";
    }
  }
  if (batch && !refused) writable.write(batch);
  writable.end();
  await Promise.race([finished, refusal]);
  return count;
}

async function openPostgres(url: string, max: number, connectTimeoutMs: number): Promise<Database> {
  // Numeric and bigint aggregates come back as strings from both engines; callers convert.
  const connect_timeout = Math.max(1, Math.ceil(connectTimeoutMs / 1000));
  const base = postgres(url, { max, connect_timeout, onnotice: () => {} });
  const usage: PoolUsage = { queries: 0, held: 0 };
  const client = cancellable(base, usage);
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  // Health asks on a connection of its own, so a pool busy with slow requests never makes the
  // service look down, and an unreachable server is reported within the health check's limit.
  let probe: postgres.Sql | null = null;
  /** Runs `fn` on the probe connection, or says within `timeoutMs` why the server did not answer. */
  const onProbe = async <T>(
    timeoutMs: number,
    fn: (sql: postgres.Sql) => Promise<T>,
  ): Promise<{ answered: true; value: T; ms: number } | { answered: false; cause: string }> => {
    probe ??= postgres(url, {
      max: 1,
      connect_timeout: Math.max(1, Math.floor(timeoutMs / 1000)),
      idle_timeout: 60,
      onnotice: () => {},
    });
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = fn(probe).then((value) => ({ value }));
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      const answer = await Promise.race([answered, late]);
      if (answer) return { answered: true, value: answer.value, ms: Math.round(performance.now() - started) };
      // The connection may be stuck on a server that accepts and never answers: start afresh.
      answered.catch(() => {});
      const stuck = probe;
      probe = null;
      void stuck.end({ timeout: 0 });
      return { answered: false, cause: `no answer from ${redactUrl(url)} within ${timeoutMs} ms` };
    } catch (error) {
      return { answered: false, cause: describeConnectionError(error, url) };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    engine: "postgres",
    db,
    async copyIn(table, columns, lines) {
      // A connection of its own: nothing else may run on it until the server has taken the COPY.
      const connection = await client.reserve();
      try {
        return await copyInto(connection, table, columns, lines);
      } finally {
        connection.release();
      }
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
    rawTransaction(fn) {
      return base.begin((tx) =>
        fn({
          query: <T>(text: string) => tx.unsafe(text) as unknown as Promise<T[]>,
          copyIn: (table, columns, lines) => copyInto(tx, table, columns, lines),
          async *copyOut(query) {
            const stream = await tx.unsafe(`COPY (${query}) TO STDOUT`).readable();
            // The server sends a message per row: hand them on in pieces of about a megabyte.
            let piece = "";
            for await (const chunk of stream as AsyncIterable<Buffer>) {
              piece += chunk.toString("utf8");
              if (piece.length >= 1 << 20) {
                yield piece;
                piece = "";
              }
            }
            if (piece) yield piece;
            // postgres.js pauses the socket when the stream's buffer is full and resumes it only
            // when the stream is read again: a COPY whose last rows arrived while it was paused
            // leaves it paused after the end, and the next statement on this connection waits
            // forever. Reading once more resumes it.
            (stream as unknown as { _read(size: number): void })._read(0);
          },
          copyOutStreams: true,
        }),
      ) as Promise<Awaited<ReturnType<typeof fn>>>;
    },
    async migrate() {
      await migratePostgres(url);
      await seedReferenceData(db);
    },
    async health(timeoutMs) {
      const answer = await onProbe(timeoutMs, async (sql) => sql`select 1`);
      return answer.answered
        ? { ok: true, detail: `answered in ${answer.ms} ms` }
        : { ok: false, cause: answer.cause };
    },
    async readiness(timeoutMs) {
      const answer = await onProbe(timeoutMs, async (sql): Promise<Readiness> => {
        // MIGRATION_LOCK is taken with pg_advisory_lock(bigint): classid holds the key's high
        // 32 bits, objid its low ones, objsubid 1. Locks are per database: only this one's count.
        const [state] = await sql<{ migrating: boolean; journal: boolean }[]>`
          select
            exists (
              select 1 from pg_locks
              where locktype = 'advisory' and granted and objsubid = 1
                and classid = 0 and objid = ${MIGRATION_LOCK}
                and database = (select oid from pg_database where datname = current_database())
            ) as migrating,
            to_regclass(${MIGRATIONS_TABLE}) is not null as journal`;
        if (state?.migrating)
          return { ready: false, reason: `${MIGRATING} (a session holds the migration lock)` };
        if (!state?.journal) return journalReadiness(null);
        return journalReadiness(
          await sql.unsafe<{ created_at: string }[]>(`select created_at from ${MIGRATIONS_TABLE}`),
        );
      });
      return answer.answered ? answer.value : { ready: false, reason: answer.cause };
    },
    stats() {
      const taken = usage.queries + usage.held;
      return { max, inUse: Math.min(taken, max), waiting: Math.max(0, taken - max) };
    },
    describe: () => `Postgres at ${redactUrl(url)}`,
    async close(graceMs = 5000) {
      await Promise.all([base.end({ timeout: graceMs / 1000 }), probe?.end({ timeout: 0 })]);
    },
  };
}
