/**
 * Fetches one small text document by URL: http(s) with a conditional GET and retries, or file:
 * (a local tree in the upstream layout, as the demo dataset uses). "Not found" is an answer, not
 * an error: sources made of one file per network have no file for unmeasured networks.
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Logger } from "@atalaya/config";
import { type SourceLimit, tooLarge } from "./byte-stream";
import { type ConnectionPool, conditionalHeaders, getWithRetries, type RetrySettings } from "./http";

export type FetchedText =
  | {
      status: 200;
      /** The document's bytes, UTF-8 text; over HTTP without a byte-order mark, as a text decoder leaves it. */
      body: Buffer;
      sha256: string;
      etag: string | null;
      lastModified: string | null;
    }
  | { status: 304 }
  | { status: 404 };

/**
 * The hash of the document's text (as stored in fetch_cache by earlier versions, which hashed the
 * decoded string): for valid UTF-8 the bytes themselves, with no decoding and re-encoding.
 */
function sha256(body: Buffer): string {
  const bytes = isUtf8(body) ? body : Buffer.from(body.toString("utf8"));
  return createHash("sha256").update(bytes).digest("hex");
}

const hasBom = (body: Buffer) => body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;

/**
 * `pool` keeps connections open from one file to the next (see `connectionPool`). A document
 * larger than `limit` is refused (InputLimitError) without being read in full.
 */
export async function fetchText(
  url: string,
  previous: { etag: string | null; lastModified: string | null } | null,
  settings: RetrySettings,
  log: Logger,
  pool: ConnectionPool,
  limit?: SourceLimit,
): Promise<FetchedText> {
  if (url.startsWith("file:")) {
    try {
      const file = fileURLToPath(url);
      if (limit && (await stat(file)).size > limit.decompressedBytes) throw tooLarge("is larger than", limit);
      const body = await readFile(file);
      return { status: 200, body, sha256: sha256(body), etag: null, lastModified: null };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: 404 };
      throw error;
    }
  }
  const response = await getWithRetries(
    url,
    conditionalHeaders(previous),
    settings,
    log,
    [404, 410],
    pool,
    limit,
  );
  if (response.status === 304) return { status: 304 };
  if (response.status === 404 || response.status === 410) return { status: 404 };
  const body = hasBom(response.body) ? response.body.subarray(3) : response.body;
  const header = (name: string) => {
    const value = response.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  return {
    status: 200,
    body,
    sha256: sha256(body),
    etag: header("etag"),
    lastModified: header("last-modified"),
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
