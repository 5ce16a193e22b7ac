/**
 * Gets a source's bytes onto local disk and opens them as text lines.
 *
 * URLs are fetched with a conditional GET (the previous run's ETag / Last-Modified), bounded
 * retries with back-off for network errors, 429 and 5xx, and a per-attempt timeout; the body is
 * streamed to `<dataDir>/downloads/<source>/` while its SHA-256 is computed. Files are read in
 * place. Either way the caller gets a checksum before parsing, so identical bytes can be skipped.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Logger } from "@atalaya/config";
import { type LineEncoding, LineSplitter, LineTooLongError, type TextLine } from "@atalaya/net";
import {
  describeReadError,
  InputLimitError,
  lineTooLong,
  openDecompressed,
  type SourceLimit,
  tooLarge,
} from "./byte-stream";
import { IngestError } from "./errors";
import { conditionalHeaders, requestWithRetries } from "./http";

export interface InputRequest {
  file?: string | undefined;
  url?: string | undefined;
}

export interface PreviousFetch {
  etag: string | null;
  lastModified: string | null;
}

export interface AcquiredInput {
  /** URL or absolute path, as recorded on the run. */
  location: string;
  /** Local file holding the bytes (absent when the server answered 304). */
  path: string | null;
  sha256: string | null;
  bytes: number;
  fetchedAt: Date | null;
  etag: string | null;
  lastModified: string | null;
  notModified: boolean;
}

export interface FetchSettings {
  timeoutMs: number;
  retries: number;
  downloadDir: string;
  /** Base delay of the exponential back-off; tests shorten it. */
  backoffMs?: number;
}

async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

export async function acquireFile(file: string): Promise<AcquiredInput> {
  const location = path.resolve(file);
  try {
    const info = await stat(location);
    if (!info.isFile()) throw new IngestError(`${location}: not a regular file`, location);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(
      `${location}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`,
      location,
    );
  }
  const { sha256, bytes } = await sha256File(location);
  return {
    location,
    path: location,
    sha256,
    bytes,
    fetchedAt: null,
    etag: null,
    lastModified: null,
    notModified: false,
  };
}

/** With a `limit`, a body larger than its decompressed limit is refused as it downloads. */
export async function acquireUrl(
  url: string,
  source: string,
  previous: PreviousFetch | null,
  settings: FetchSettings,
  log: Logger,
  limit?: SourceLimit,
): Promise<AcquiredInput> {
  const response = await requestWithRetries(url, conditionalHeaders(previous), settings, log);
  if (response.status === 304) {
    await response.body?.cancel();
    return {
      location: url,
      path: null,
      sha256: null,
      bytes: 0,
      fetchedAt: new Date(),
      etag: previous?.etag ?? null,
      lastModified: previous?.lastModified ?? null,
      notModified: true,
    };
  }
  return download(url, source, response, settings.downloadDir, limit);
}

async function download(
  url: string,
  source: string,
  response: Response,
  downloadDir: string,
  limit: SourceLimit | undefined,
): Promise<AcquiredInput> {
  const dir = path.join(downloadDir, source);
  await mkdir(dir, { recursive: true });
  const name = path.basename(new URL(url).pathname) || "download";
  const target = path.join(dir, name);
  const partial = `${target}.part`;
  const hash = createHash("sha256");
  let bytes = 0;
  // What is downloaded is never larger than what it inflates to (the upstream files are gzip or
  // text), so the decompressed limit bounds the download too, and a bomb never fills the disk.
  const max = limit?.decompressedBytes ?? Number.POSITIVE_INFINITY;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      if (bytes > max && limit) callback(tooLarge("the download is larger than", limit));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>),
      counter,
      createWriteStream(partial),
    );
  } catch (error) {
    if (error instanceof InputLimitError) {
      await rm(partial, { force: true });
      throw new IngestError(`${url}: ${error.message}`, url);
    }
    throw new IngestError(
      `${url}: download interrupted after ${bytes} bytes (${(error as Error).message})`,
      url,
    );
  }
  const declared = response.headers.get("content-length");
  // A body shorter than its Content-Length is a cut connection, not a smaller file.
  if (declared && !response.headers.get("content-encoding") && Number(declared) !== bytes) {
    throw new IngestError(`${url}: download ended after ${bytes} of ${declared} bytes`, url);
  }
  await rename(partial, target);
  return {
    location: url,
    path: target,
    sha256: hash.digest("hex"),
    bytes,
    fetchedAt: new Date(),
    etag: response.headers.get("etag"),
    lastModified: response.headers.get("last-modified"),
    notModified: false,
  };
}

/**
 * The text lines of a local file, decompressing gzip or bzip2 transparently. `onBytes` reports
 * progress in bytes of the file as stored (compressed), so it can be compared with the file size.
 * A file that inflates past the source's limit, or holds a line longer than its line limit, is
 * refused as soon as the reading gets there.
 */
/** Longest stretch of parsing between two turns of the event loop. */
export const TURN_MS = 20;

export async function* readLines(
  file: string,
  location: string,
  limit: SourceLimit,
  onBytes: (bytes: number) => void,
  encoding: LineEncoding = "utf-8",
): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter(encoding, limit.lineBytes ?? Number.POSITIVE_INFINITY);
  let lastLine = 0;
  let turn = performance.now();
  try {
    for await (const chunk of openDecompressed(file, onBytes, limit)) {
      for (const line of splitter.push(chunk)) {
        lastLine = line.number;
        yield line;
      }
      // Buffered chunks and the lines' promises all resolve as microtasks, which never let the
      // event loop run: give it a turn every TURN_MS, so the HTTP server sharing this thread
      // (an ingest run by the server) keeps answering.
      if (performance.now() - turn > TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
    }
    yield* splitter.end();
  } catch (error) {
    if (error instanceof LineTooLongError) {
      const message = lineTooLong(error.line, limit).message;
      throw new IngestError(`${location}:${error.line}: ${message}`, location, error.line);
    }
    if (error instanceof InputLimitError) throw new IngestError(`${location}: ${error.message}`, location);
    throw new IngestError(
      `${location}: ${describeReadError(error)}, after line ${lastLine}`,
      location,
      lastLine,
    );
  }
}

/** Every line of a small file (and the bytes read), for parsers that judge the lines together. */
export async function collectLines(
  file: string,
  location: string,
  limit: SourceLimit,
): Promise<{ lines: TextLine[]; bytes: number }> {
  const lines: TextLine[] = [];
  let bytes = 0;
  for await (const line of readLines(file, location, limit, (b) => (bytes = b))) lines.push(line);
  return { lines, bytes };
}

/**
 * A whole document (JSON, a VRP list) as one buffer, decompressed, for parsers that need all of
 * it at once; refused as soon as it inflates past the source's limit, before it is all in memory.
 */
export async function readDocument(
  file: string,
  location: string,
  limit: SourceLimit,
  onBytes: (bytes: number) => void,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of openDecompressed(file, onBytes, limit)) chunks.push(chunk);
  } catch (error) {
    if (error instanceof InputLimitError) throw new IngestError(`${location}: ${error.message}`, location);
    throw new IngestError(`${location}: ${describeReadError(error)}`, location);
  }
  return Buffer.concat(chunks);
}
