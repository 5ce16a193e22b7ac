/**
 * Cancellation of the queries a piece of work (an API request) runs. The API wraps each request
 * in `withQuerySignal`; when the request's time is up it aborts the signal, and the database
 * layer cancels that request's queries in the database, whichever engine runs: postgres.js sends
 * a cancel request for the running statement, and the PGlite thread (pglite-thread.ts) drops
 * queued queries and stops a running one. Work outside any scope (ingest runs, migrations,
 * scheduled jobs) is never cancelled this way.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<AbortSignal>();

export function withQuerySignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return scope.run(signal, fn);
}

/** The signal of the work the caller belongs to, if any. */
export function currentQuerySignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** The error a query cancelled by its signal rejects with (both engines). */
export class QueryCancelledError extends Error {
  override name = "QueryCancelledError";
  readonly code = "57014";
}

/**
 * The database cannot be reached or does not answer: the cause is in the message
 * (`connect ECONNREFUSED 127.0.0.1:5432`, `no answer within 2000 ms`, …).
 */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** Errors that say the database is unreachable rather than that a query was wrong. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/**
 * The cause of a failure if it means the database is unreachable, as one short line; null for
 * any other error. Looks through drizzle's wrapper (`cause`) and postgres.js's error codes.
 */
export function unreachableCause(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseUnavailableError) return e.message;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE.has(code)) {
      const message = (e as Error).message || code;
      return message.includes(code) ? message : `${code}: ${message}`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Whether `error` (or its cause) is a query cancelled by its signal or by the server's timeout. */
export function isCancelled(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof QueryCancelledError) return true;
    if ((e as { code?: unknown }).code === "57014") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
