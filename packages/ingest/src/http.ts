/**
 * HTTP requests to upstream sources: a per-attempt timeout, bounded retries with exponential
 * back-off (honouring Retry-After) for network errors, 429 and 5xx, and no retry for other 4xx.
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Logger } from "@atalaya/config";
import { InputLimitError, type SourceLimit, tooLarge } from "./byte-stream";
import { IngestError } from "./errors";

export interface RetrySettings {
  timeoutMs: number;
  retries: number;
  /** Base delay of the exponential back-off; tests shorten it. */
  backoffMs?: number;
}

export const USER_AGENT = "atalaya (IPv6 observatory for Latin America and the Caribbean)";

export function conditionalHeaders(previous: { etag: string | null; lastModified: string | null } | null) {
  const headers: Record<string, string> = {};
  if (previous?.etag) headers["if-none-match"] = previous.etag;
  if (previous?.lastModified) headers["if-modified-since"] = previous.lastModified;
  return headers;
}

function retryDelay(retryAfter: string | null | undefined, attempt: number, base: number): number {
  if (retryAfter && /^\d+$/.test(retryAfter)) return Math.min(Number(retryAfter) * 1000, 60_000);
  return base * 2 ** attempt;
}

/** One attempt's outcome: a final answer, or a problem and whether another attempt may help. */
type Attempt<T> = { answer: T } | { problem: string; retry: boolean; retryAfter?: string | null | undefined };

/** Runs `attempt` up to 1 + `settings.retries` times, waiting between attempts; throws naming the URL. */
async function withRetries<T>(
  url: string,
  settings: RetrySettings,
  log: Logger,
  attempt: () => Promise<Attempt<T>>,
): Promise<T> {
  const base = settings.backoffMs ?? 500;
  let lastProblem = "";
  for (let n = 0; n <= settings.retries; n++) {
    let retryAfter: string | null | undefined = null;
    try {
      const outcome = await attempt();
      if ("answer" in outcome) return outcome.answer;
      lastProblem = outcome.problem;
      retryAfter = outcome.retryAfter;
      if (!outcome.retry) break;
    } catch (error) {
      // Too large stays too large: refused at once, not fetched again.
      if (error instanceof InputLimitError) throw new IngestError(`${url}: ${error.message}`, url);
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (n < settings.retries) {
      const delay = retryDelay(retryAfter, n, base);
      log.warn("fetch failed, retrying", { url, attempt: n + 1, problem: lastProblem, delay_ms: delay });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw new IngestError(`${url}: fetch failed (${lastProblem})`, url);
}

/** 429 and 5xx may pass; other 4xx will not improve. */
const retryable = (status: number) => status === 429 || status >= 500;

/**
 * Resolves with the first response that is 2xx, 304 or one of `final` (e.g. 404 where "not
 * found" is an answer); throws an IngestError naming the URL and the last problem otherwise.
 */
export async function requestWithRetries(
  url: string,
  headers: Record<string, string>,
  settings: RetrySettings,
  log: Logger,
  final: readonly number[] = [],
): Promise<Response> {
  return withRetries<Response>(url, settings, log, async () => {
    const response = await fetch(url, {
      headers: { "user-agent": USER_AGENT, ...headers },
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: "follow",
    });
    if (response.ok || response.status === 304 || final.includes(response.status))
      return { answer: response };
    await response.body?.cancel();
    return {
      problem: `HTTP ${response.status} ${response.statusText}`.trim(),
      retry: retryable(response.status),
      retryAfter: response.headers.get("retry-after"),
    };
  });
}

/**
 * A fetch response's body as text (UTF-8, as `response.text()` decodes it), refused while it
 * streams once it passes the source's limit. fetch has already undone any Content-Encoding, so
 * the count is of inflated bytes: a compressed bomb stops at the limit too.
 */
export async function limitedText(response: Response, limit: SourceLimit): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    if (bytes > limit.decompressedBytes) {
      await reader.cancel();
      throw tooLarge("the response is larger than", limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Keep-alive connection pools for many small GETs to one host (one file per network): at most
 * `maxSockets` connections per host, reused from request to request. `destroy` closes them.
 */
export interface ConnectionPool {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

export function connectionPool(maxSockets: number): ConnectionPool {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: "lifo" as const };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return {
    http,
    https,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}

/** A whole response, its body read and decoded (Content-Encoding undone). */
export interface BufferedResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * `requestWithRetries` for small documents, on node:http over a keep-alive pool rather than
 * fetch (whose per-request overhead was most of the client's time on 10,000 files): the same
 * answers, retries and error messages, with the body read inside the attempt (so a connection
 * cut mid-body is retried too) and within its timeout. Sends what fetch sends that matters to a
 * server (user agent, `accept`, `accept-encoding`), decodes gzip, deflate and br, and follows up
 * to 20 redirects.
 */
export async function getWithRetries(
  url: string,
  headers: Record<string, string>,
  settings: RetrySettings,
  log: Logger,
  final: readonly number[],
  pool: ConnectionPool,
  limit?: SourceLimit,
): Promise<BufferedResponse> {
  return withRetries<BufferedResponse>(url, settings, log, async () => {
    const response = await getOnce(url, headers, settings.timeoutMs, pool, limit);
    const { status } = response;
    if ((status >= 200 && status < 300) || status === 304 || final.includes(status))
      return { answer: response };
    const retryAfter = response.headers["retry-after"];
    return {
      problem: `HTTP ${status} ${response.statusText}`.trim(),
      retry: retryable(status),
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    };
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

function timeoutError(): Error {
  // The words fetch's AbortSignal.timeout uses, so logs read the same whichever client ran.
  const error = new Error("The operation was aborted due to timeout");
  error.name = "TimeoutError";
  return error;
}

/** One attempt: request, redirects and body, all within `timeoutMs`. */
async function getOnce(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  pool: ConnectionPool,
  limit: SourceLimit | undefined,
): Promise<BufferedResponse> {
  const deadline = Date.now() + timeoutMs;
  let location = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const response = await exchange(location, headers, deadline - Date.now(), pool, limit);
    const target = response.headers.location;
    if (!REDIRECTS.has(response.status) || !target) return response;
    if (redirects === MAX_REDIRECTS) throw new TypeError("redirect count exceeded");
    location = new URL(target, location);
  }
}

/**
 * With a `limit`, a body past it (as received, and again as decoded) fails the exchange with
 * InputLimitError while it arrives, so a bomb never fills memory.
 */
function exchange(
  url: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  pool: ConnectionPool,
  limit: SourceLimit | undefined,
): Promise<BufferedResponse> {
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:")
    return Promise.reject(new TypeError(`cannot fetch ${url.protocol} URLs over HTTP`));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        agent: secure ? pool.https : pool.http,
        headers: {
          "user-agent": USER_AGENT,
          accept: "*/*",
          "accept-encoding": "gzip, deflate, br",
          ...headers,
        },
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (limit && received > limit.decompressedBytes)
            fail(tooLarge("the response is larger than", limit));
          else chunks.push(chunk);
        });
        response.on("error", fail);
        // A connection closed before the end of the body (fetch's words for it).
        response.on("close", () => fail(new TypeError("terminated")));
        response.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          const body =
            status >= 200 && status < 300 ? decode(raw, response.headers, limit) : Promise.resolve(raw);
          body.then(
            (bytes) =>
              resolve({
                status,
                statusText: response.statusMessage ?? "",
                headers: response.headers,
                body: bytes,
              }),
            reject,
          );
        });
      },
    );
    const timer = setTimeout(() => fail(timeoutError()), Math.max(0, timeoutMs));
    request.on("error", fail);
    request.end();
  });
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);
// As fetch does: a stream cut short yields what arrived rather than an error.
const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * Undoes Content-Encoding, last coding first; an unknown coding leaves the body as it came (as
 * fetch does). zlib stops at `limit` (maxOutputLength) rather than inflating a bomb in full.
 */
async function decode(
  body: Buffer,
  headers: IncomingHttpHeaders,
  limit: SourceLimit | undefined,
): Promise<Buffer> {
  const codings = (headers["content-encoding"] ?? "")
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c && c !== "identity");
  if (codings.length === 0 || body.length === 0) return body;
  if (!codings.every((c) => c === "gzip" || c === "x-gzip" || c === "deflate" || c === "br")) return body;
  const options = limit ? { ...lenient, maxOutputLength: limit.decompressedBytes } : lenient;
  let result = body;
  try {
    for (const coding of codings.reverse()) {
      if (coding === "br")
        result = await brotli(result, limit ? { maxOutputLength: limit.decompressedBytes } : {});
      else if (coding === "deflate")
        // zlib-wrapped as the RFC says, or raw as some servers send it
        result = await (((result[0] ?? 0) & 0x0f) === 0x08
          ? inflate(result, options)
          : inflateRaw(result, options));
      else result = await gunzip(result, options);
    }
  } catch (error) {
    if (limit && (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw tooLarge("the response decompresses to more than", limit);
    throw error;
  }
  return result;
}
