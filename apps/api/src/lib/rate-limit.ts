/**
 * Per-client rate limit of the API: a fixed window per client address (ATALAYA_RATE_LIMIT
 * requests a minute), answered beyond it with 429, `Retry-After` and the error envelope. Every
 * API response carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and
 * `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers), so clients can pace themselves.
 *
 * Where the counts live (docs/adr/0009): on the embedded engine one process owns the database,
 * so they stay in memory; on the server engine several processes may serve one database, so each
 * request adds one to its client's row in `api_rate_windows`, atomically, and the row's count
 * decides. A client already over the limit in this window is refused from memory without asking
 * the database (that can only refuse more, never admit more). The sign-in throttle
 * (SignInThrottle) is separate and stricter; this one protects the data endpoints from a single
 * client's flood.
 */
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { clientAddress } from "./auth";
import type { AppEnv } from "./context";
import { errorBody } from "./errors";

export interface RateLimitSettings {
  /** Requests a client may make per window. */
  limit: number;
  /** Length of a window (default one minute). */
  windowMs?: number | undefined;
  /** The clock (tests move it instead of waiting). */
  now?: (() => number) | undefined;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the client's window starts afresh. */
  resetInMs: number;
}

export interface ClientLimiter {
  readonly limit: number;
  readonly windowMs: number;
  take(client: string): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Counts in this process's memory: exact when one process serves the database. */
export class RateLimiter implements ClientLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #nextSweep = 0;

  constructor(settings: RateLimitSettings) {
    this.limit = settings.limit;
    this.windowMs = settings.windowMs ?? 60_000;
    this.#now = settings.now ?? Date.now;
  }

  take(client: string): RateLimitDecision {
    const now = this.#now();
    if (now >= this.#nextSweep) {
      // Forget clients whose window ended, once per window: memory stays bounded by the clients
      // seen in the last two windows.
      for (const [key, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(key);
      this.#nextSweep = now + this.windowMs;
    }
    let window = this.#windows.get(client);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(client, window);
    }
    window.count++;
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetInMs: window.resetAt - now,
    };
  }
}

/**
 * Counts in the database, for several processes on one server database. A client's window
 * starts with its first request, as in memory; one upsert per request both counts and decides.
 */
export class SharedRateLimiter implements ClientLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  /** Clients this process saw over the limit, until their window ends (the memory fast path). */
  readonly #over = new Map<string, number>();
  /** When the database cannot count, this process's own count decides (bounded per process). */
  readonly #fallback: RateLimiter;
  #nextSweep = 0;
  #warnedAt = 0;

  constructor(
    private readonly database: Database,
    settings: RateLimitSettings,
    private readonly log: Logger,
  ) {
    this.limit = settings.limit;
    this.windowMs = settings.windowMs ?? 60_000;
    this.#now = settings.now ?? Date.now;
    this.#fallback = new RateLimiter(settings);
  }

  async take(client: string): Promise<RateLimitDecision> {
    const now = this.#now();
    const over = this.#over.get(client);
    if (over !== undefined && over > now)
      return { allowed: false, limit: this.limit, remaining: 0, resetInMs: over - now };
    try {
      if (now >= this.#nextSweep) {
        this.#nextSweep = now + this.windowMs;
        for (const [key, until] of this.#over) if (until <= now) this.#over.delete(key);
        await this.database.db.execute(sql`delete from api_rate_windows where reset_at <= ${now}`);
      }
      const [row] = await this.database.rows<{ count: number; reset_at: string }>(sql`
        insert into api_rate_windows as w (client, reset_at, count)
        values (${client}, ${now + this.windowMs}, 1)
        on conflict (client) do update set
          count = case when w.reset_at <= ${now} then 1 else w.count + 1 end,
          reset_at = case when w.reset_at <= ${now} then ${now + this.windowMs} else w.reset_at end
        returning count, reset_at`);
      const count = Number(row?.count ?? 1);
      const resetAt = Number(row?.reset_at ?? now + this.windowMs);
      if (count > this.limit) this.#over.set(client, resetAt);
      return {
        allowed: count <= this.limit,
        limit: this.limit,
        remaining: Math.max(0, this.limit - count),
        resetInMs: resetAt - now,
      };
    } catch (error) {
      // A database that cannot count will fail the request anyway; until then each process
      // counts alone, which still bounds one client (to the limit per process).
      if (now - this.#warnedAt > 60_000) {
        this.#warnedAt = now;
        this.log.warn("rate limit: the database did not count a request; counting in memory meanwhile", {
          error: (error as Error).message,
        });
      }
      return this.#fallback.take(client);
    }
  }
}

/** The middleware: counts every API request of a client, refusing those over the limit. */
export function rateLimit(limiter: ClientLimiter): MiddlewareHandler<AppEnv> {
  const policy = `${limiter.limit};w=${Math.ceil(limiter.windowMs / 1000)}`;
  return async (c, next) => {
    const decision = await limiter.take(clientAddress(c));
    const reset = String(Math.max(1, Math.ceil(decision.resetInMs / 1000)));
    const headers = {
      "RateLimit-Policy": policy,
      "RateLimit-Limit": String(decision.limit),
      "RateLimit-Remaining": String(decision.remaining),
      "RateLimit-Reset": reset,
    };
    if (!decision.allowed) {
      return c.json(
        errorBody(
          "TOO_MANY_REQUESTS",
          `more than ${decision.limit} requests in ${policy.split("=")[1]} s from this address; retry after ${reset} s`,
          c.get("requestId"),
        ),
        429,
        { ...headers, "Retry-After": reset, "Cache-Control": "no-store" },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  };
}
