/**
 * Per-client rate limit of the API: a fixed window per client address (ATALAYA_RATE_LIMIT
 * requests a minute), answered beyond it with 429, `Retry-After` and the error envelope. Every
 * API response carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and
 * `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers), so clients can pace themselves.
 *
 * In memory, per process: one server serves the API. The sign-in throttle (LoginLimiter) is
 * separate and stricter; this one protects the data endpoints from a single client's flood.
 */
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

export class RateLimiter {
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

/** The middleware: counts every API request of a client, refusing those over the limit. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  const policy = `${limiter.limit};w=${Math.ceil(limiter.windowMs / 1000)}`;
  return async (c, next) => {
    const decision = limiter.take(clientAddress(c));
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
