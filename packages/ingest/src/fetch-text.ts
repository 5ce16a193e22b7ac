/**
 * Fetches one small text document by URL: http(s) with a conditional GET and retries, or file:
 * (a local tree in the upstream layout, as the demo dataset uses). "Not found" is an answer, not
 * an error: sources made of one file per network have no file for unmeasured networks.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Logger } from "@atalaya/config";
import { conditionalHeaders, type RetrySettings, requestWithRetries } from "./http";

export type FetchedText =
  | { status: 200; text: string; sha256: string; etag: string | null; lastModified: string | null }
  | { status: 304 }
  | { status: 404 };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function fetchText(
  url: string,
  previous: { etag: string | null; lastModified: string | null } | null,
  settings: RetrySettings,
  log: Logger,
): Promise<FetchedText> {
  if (url.startsWith("file:")) {
    try {
      const text = await readFile(fileURLToPath(url), "utf8");
      return { status: 200, text, sha256: sha256(text), etag: null, lastModified: null };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: 404 };
      throw error;
    }
  }
  const response = await requestWithRetries(url, conditionalHeaders(previous), settings, log, [404, 410]);
  if (response.status === 304) return { status: 304 };
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { status: 404 };
  }
  const text = await response.text();
  return {
    status: 200,
    text,
    sha256: sha256(text),
    etag: response.headers.get("etag"),
    lastModified: response.headers.get("last-modified"),
  };
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
) {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
