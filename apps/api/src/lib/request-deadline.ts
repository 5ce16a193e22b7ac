/**
 * Every API request has a time limit (ATALAYA_QUERY_TIMEOUT_MS, default 15 s). When it passes,
 * the request's queries are cancelled in the database (query-scope.ts: a cancel request to the
 * Postgres server; PGlite's thread drops or stops the work) and the client gets 503 with the
 * request id, while the log names the route and how long it ran. Health is exempt: it has limits
 * of its own and must answer while everything else waits.
 *
 * The server keeps the requests in flight here so that a shutdown can cancel them too.
 */
import { setMaxListeners } from "node:events";
import { withQuerySignal } from "@atalaya/db";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";
import { errorBody } from "./errors";
import { routePattern } from "./route-pattern";

export class RequestsInFlight {
  #controllers = new Set<AbortController>();

  get size(): number {
    return this.#controllers.size;
  }

  add(controller: AbortController): void {
    this.#controllers.add(controller);
  }

  delete(controller: AbortController): void {
    this.#controllers.delete(controller);
  }

  /** Cancels every request still running (at shutdown, after the grace period). */
  abortAll(reason: string): void {
    for (const controller of this.#controllers) controller.abort(new Error(reason));
  }
}

export function requestDeadline(timeoutMs: number, inFlight: RequestsInFlight): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.path === "/api/health") return next();
    const controller = new AbortController();
    // Every database query of the request listens on this signal (query-scope.ts): a page that
    // runs more than ten queries is normal, not a leak.
    setMaxListeners(0, controller.signal);
    inFlight.add(controller);
    const started = performance.now();
    const timer = setTimeout(() => controller.abort(new Error(`past the ${timeoutMs} ms limit`)), timeoutMs);
    const aborted = new Promise<"aborted">((resolve) => {
      controller.signal.addEventListener("abort", () => resolve("aborted"), { once: true });
    });
    try {
      const handled = withQuerySignal(controller.signal, () => next()).then(() => "done" as const);
      // The handler may go on for a moment after the abort (its query is being cancelled); its
      // outcome no longer reaches the client, and a late failure is not an unhandled rejection.
      handled.catch(() => {});
      if ((await Promise.race([handled, aborted])) === "done") return;
      const ms = Math.round(performance.now() - started);
      const why = String((controller.signal.reason as Error)?.message ?? "cancelled");
      c.var.services.log.warn("request cancelled", {
        method: c.req.method,
        route: routePattern(c),
        path: c.req.path,
        ms,
        why,
        request_id: c.get("requestId"),
      });
      c.res = undefined as never;
      c.res = c.json(
        errorBody(
          "TIMEOUT",
          `the request ran ${ms} ms, ${why}, and was cancelled; the request id identifies it in the server log`,
          c.get("requestId"),
        ),
        503,
        { "Retry-After": "30", "Cache-Control": "private, no-store" },
      );
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  };
}
