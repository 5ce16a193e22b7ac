/**
 * HTTP requests to upstream sources: a per-attempt timeout, bounded retries with exponential
 * back-off (honouring Retry-After) for network errors, 429 and 5xx, and no retry for other 4xx.
 */
import type { Logger } from "@atalaya/config";
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

function retryDelay(response: Response | null, attempt: number, base: number): number {
  const header = response?.headers.get("retry-after");
  if (header && /^\d+$/.test(header)) return Math.min(Number(header) * 1000, 60_000);
  return base * 2 ** attempt;
}

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
  const base = settings.backoffMs ?? 500;
  let lastProblem = "";
  for (let attempt = 0; attempt <= settings.retries; attempt++) {
    let response: Response | null = null;
    try {
      response = await fetch(url, {
        headers: { "user-agent": USER_AGENT, ...headers },
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: "follow",
      });
      if (response.ok || response.status === 304 || final.includes(response.status)) return response;
      await response.body?.cancel();
      lastProblem = `HTTP ${response.status} ${response.statusText}`.trim();
      if (response.status !== 429 && response.status < 500) break; // other 4xx will not improve
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (attempt < settings.retries) {
      const delay = retryDelay(response, attempt, base);
      log.warn("fetch failed, retrying", {
        url,
        attempt: attempt + 1,
        problem: lastProblem,
        delay_ms: delay,
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw new IngestError(`${url}: fetch failed (${lastProblem})`, url);
}
