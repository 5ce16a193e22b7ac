/**
 * The route pattern a request matched (`/api/v1/asns/:asn`), for the request log and metrics:
 * never the raw path, so that labels stay few and no identifier or token in a path reaches them.
 */
import type { Context, Handler } from "hono";
import { matchedRoutes } from "hono/route";

/** The label of a request no endpoint matched (404s of unknown paths, wrong methods). */
export const UNMATCHED = "unmatched";

/** Handlers that answer requests no endpoint matched (app.ts's `/api/*` 404). */
const catchAlls = new WeakSet<object>();

/** Marks `handler` as a catch-all: a request it answers is labelled UNMATCHED. */
export function catchAll<H extends Handler>(handler: H): H {
  catchAlls.add(handler);
  return handler;
}

/**
 * Hono matches every route whose method and path fit, middleware (method ALL) and endpoints alike,
 * in registration order; `routeIndex` is the last one that ran, so after the request, the one that
 * answered. An endpoint gives its own pattern (nested `.route()` prefixes included). A middleware
 * that answered first (429, 413, 304) gives the endpoint that would have run after it; a catch-all,
 * or nothing at all, gives UNMATCHED.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  const at = c.req.routeIndex;
  const answered = routes[at];
  if (!answered) return UNMATCHED;
  if (answered.method !== "ALL") return answered.path;
  if (catchAlls.has(answered.handler)) return UNMATCHED;
  return routes.slice(at + 1).find((r) => r.method !== "ALL")?.path ?? UNMATCHED;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The request's method, or `other` for any method outside HTTP's usual ones (labels stay few). */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}
