/**
 * HTTP caching of the API, decided by path so that nothing is cacheable by accident:
 *
 * - **Public data** (registry, measurements, boards, standings, search, sources, validity) changes
 *   only when an ingest run publishes. Its ETag is derived, before the handler runs, from the data
 *   version (DatasetInfo: latest run id and finished runs), the response `meta` (demo flag,
 *   registry date, stale sources) and the request URL (path and query, so `format=csv` and each
 *   page are their own representation). A matching `If-None-Match` is answered `304` without
 *   computing anything. `Cache-Control: public, max-age=60, stale-while-revalidate=600`: a cache
 *   may serve a response for a minute, and up to ten more while it revalidates; data is refreshed
 *   daily, so a new run shows within a minute or so. The rendered JSON is also kept here, gzipped,
 *   per data version (ResponseCache, bounded in bytes): the same page asked again costs no query
 *   and no rendering, and goes out gzipped to clients that accept it. The board's CSV download is
 *   kept so too, with its file name.
 * - **Released results** (`/api/v1/results…`, `/api/v1/awards/cycles`) change when the committee
 *   releases, not when data is ingested, and the sources' status changes with every run, failed
 *   ones too: `public, no-cache` (revalidate every time) with an ETag
 *   of the body itself, so a release shows at once.
 * - **Everything else** — the signed-in API (auth, admin, challenge, review, committee, uploads),
 *   health, errors — is `private, no-store`, never carries an ETag and is never answered 304, so
 *   one user's answer is never served to another.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";

const gzipAsync = promisify(gzip);

export const DATA_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600";
export const RELEASE_CACHE_CONTROL = "public, no-cache";
export const PRIVATE_CACHE_CONTROL = "private, no-store";

/** Public GET endpoints whose answers depend only on ingested data and the URL. */
const DATA_PATHS = [
  /^\/api\/v1\/countries(\/.*)?$/,
  /^\/api\/v1\/region(\/.*)?$/,
  /^\/api\/v1\/context\/.+$/,
  /^\/api\/v1\/awards\/jim-bound$/,
  /^\/api\/v1\/asns\/[^/]+$/,
  /^\/api\/v1\/asns\/[^/]+\/routes$/,
  /^\/api\/v1\/organisations\/[^/]+$/,
  /^\/api\/v1\/search$/,
  /^\/api\/v1\/validity\/.+$/,
];
/** Public GET endpoints that change on a committee release. */
const RELEASE_PATHS = [
  /^\/api\/v1\/results(\/.*)?$/,
  /^\/api\/v1\/awards\/cycles$/,
  // Every run changes it (a failed one too), not only a publish: revalidated by its body.
  /^\/api\/v1\/sources$/,
  // Monthly reports show released Challenge results beside the data: revalidated by their body.
  /^\/api\/v1\/organisations\/[^/]+\/reports\/[^/]+$/,
];
/** Alert events are stored after a run publishes: revalidated by body, like RELEASE_PATHS. */
const EVENT_PATHS = [/^\/api\/v1\/(asns|organisations|countries)\/[^/]+\/activity$/];
/** Left to their own headers: the static API reference and the OpenAPI document. */
const OWN_PATHS = [/^\/api\/docs(\/.*)?$/, /^\/api\/openapi\.json$/];

type Policy = "data" | "release" | "private" | "own";

export function cachePolicy(method: string, path: string): Policy {
  if (OWN_PATHS.some((p) => p.test(path))) return "own";
  if (method !== "GET" && method !== "HEAD") return "private";
  if (EVENT_PATHS.some((p) => p.test(path))) return "release";
  if (DATA_PATHS.some((p) => p.test(path))) return "data";
  if (RELEASE_PATHS.some((p) => p.test(path))) return "release";
  return "private";
}

/** Whether an If-None-Match header lists `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

const digest = (text: string | Uint8Array) =>
  createHash("sha256").update(text).digest("base64url").slice(0, 27);

function notModified(c: Context<AppEnv>, etag: string, cacheControl: string): Response {
  return c.body(null, 304, { ETag: etag, "Cache-Control": cacheControl, Vary: "Accept-Encoding" });
}

interface Rendered {
  gzipped: Uint8Array;
  contentType: string;
  /** A download's file name (`Content-Disposition`), kept with its body. */
  disposition: string | null;
}

/**
 * Bodies kept rendered: JSON, and the CSV downloads (the board's, whose rows are the board's
 * networks and organisations: bounded, and rendering them again cost 40 ms a request).
 */
const RENDERED_TYPES = ["application/json", "text/csv"];

/**
 * Rendered public data responses (gzipped) of one data version, least recently used first out
 * once `budget` bytes are held. A new data version empties it.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Rendered>();
  #version: string | null = null;
  #bytes = 0;
  constructor(readonly budget: number) {}

  get(version: string, key: string): Rendered | undefined {
    if (version !== this.#version) return undefined;
    const entry = this.#entries.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(version: string, key: string, entry: Rendered): void {
    if (version !== this.#version) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#version = version;
    }
    const size = entry.gzipped.byteLength;
    if (size > this.budget / 16 || this.#entries.has(key)) return;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes + size <= this.budget) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.gzipped.byteLength;
    }
    this.#entries.set(key, entry);
    this.#bytes += size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

const acceptsGzip = (c: Context<AppEnv>) => /\bgzip\b/i.test(c.req.header("accept-encoding") ?? "");

function rendered(c: Context<AppEnv>, entry: Rendered, etag: string): Response {
  const headers: Record<string, string> = {
    "Content-Type": entry.contentType,
    ETag: etag,
    "Cache-Control": DATA_CACHE_CONTROL,
    Vary: "Accept-Encoding",
  };
  if (entry.disposition) headers["Content-Disposition"] = entry.disposition;
  if (!acceptsGzip(c)) return c.body(new Uint8Array(gunzipSync(entry.gzipped)), 200, headers);
  return c.body(entry.gzipped as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Encoding": "gzip" });
}

export const httpCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  const policy = cachePolicy(c.req.method, c.req.path);
  if (policy === "own") return next();
  if (policy === "data") {
    const state = await c.var.services.dataset.state();
    c.set("dataState", state);
    const url = new URL(c.req.url);
    const key = `${JSON.stringify(state.meta)}\n${url.pathname}${url.search}`;
    const etag = `W/"${state.version}-${digest(key)}"`;
    if (matchesEtag(c.req.header("if-none-match"), etag)) return notModified(c, etag, DATA_CACHE_CONTROL);
    const cache = c.var.services.responses;
    const hit = cache?.get(state.version, key);
    if (hit) return rendered(c, hit, etag);
    await next();
    const contentType = c.res.headers.get("content-type") ?? "";
    if (c.res.status === 200 && cache && RENDERED_TYPES.some((type) => contentType.startsWith(type))) {
      const entry = {
        gzipped: await gzipAsync(await c.res.arrayBuffer()),
        contentType,
        disposition: c.res.headers.get("content-disposition"),
      };
      cache.set(state.version, key, entry);
      c.res = undefined as never;
      c.res = rendered(c, entry, etag);
    } else if (c.res.status === 200) {
      c.header("ETag", etag);
      c.header("Cache-Control", DATA_CACHE_CONTROL);
      c.header("Vary", "Accept-Encoding");
    } else {
      c.res.headers.delete("ETag");
      c.header("Cache-Control", PRIVATE_CACHE_CONTROL);
    }
    return;
  }
  await next();
  if (policy === "release" && c.res.status === 200) {
    const body = new Uint8Array(await c.res.arrayBuffer());
    const etag = `W/"${digest(body)}"`;
    if (matchesEtag(c.req.header("if-none-match"), etag)) {
      c.res = undefined as never;
      c.res = notModified(c, etag, RELEASE_CACHE_CONTROL);
      return;
    }
    c.res = new Response(body, c.res);
    c.header("ETag", etag);
    c.header("Cache-Control", RELEASE_CACHE_CONTROL);
    return;
  }
  c.res.headers.delete("ETag");
  c.header("Cache-Control", PRIVATE_CACHE_CONTROL);
};
