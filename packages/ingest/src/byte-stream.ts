/**
 * Opens a local file as a stream of decompressed bytes: gzip and bzip2 are recognised by their
 * magic bytes (not the file name), anything else is read as is. Shared by line-based sources and
 * binary ones (MRT).
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { InputLimit } from "@atalaya/config";

const GUNZIP_CHUNK = 1 << 18;

export type Compression = "gzip" | "bzip2" | "none";

/** One source's limits (see DEFAULT_INPUT_LIMITS in @atalaya/config), with its name for messages. */
export interface SourceLimit extends InputLimit {
  source: string;
}

/**
 * Input refused for its size while it streamed. The message says which limit and how to raise
 * it, without the file or URL: the caller that knows the location puts it in front.
 */
export class InputLimitError extends Error {
  override name = "InputLimitError";
}

const MiB = 1024 * 1024;
const size = (bytes: number) => (bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`);

/** `what` (e.g. "decompresses to more than") the source's limit, and the setting that raises it. */
export function tooLarge(what: string, limit: SourceLimit): InputLimitError {
  return new InputLimitError(
    `${what} ${size(limit.decompressedBytes)}, the limit for ${limit.source} input ` +
      `(raise it with ATALAYA_MAX_DECOMPRESSED_MB=${limit.source}=<MiB> if the input is genuine)`,
  );
}

/** A line over the source's limit, and the setting that raises it. */
export function lineTooLong(line: number, limit: SourceLimit): InputLimitError {
  return new InputLimitError(
    `line ${line} is longer than ${size(limit.lineBytes ?? 0)}, the limit for ${limit.source} input ` +
      `(raise it with ATALAYA_MAX_LINE_BYTES=${limit.source}=<bytes> if the file is genuine)`,
  );
}

export async function detectCompression(file: string): Promise<Compression> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
    if (bytesRead === 3 && head.toString("latin1") === "BZh") return "bzip2";
    return "none";
  } finally {
    await handle.close();
  }
}

/**
 * Yields the file's decompressed bytes in chunks. `onBytes` receives the running count of bytes
 * read from disk (compressed), for progress against the file size. With a `limit`, the chunk that
 * would take the output past `limit.decompressedBytes` throws InputLimitError instead of being
 * yielded, and reading stops there: a gzip bomb costs what the limit allows, not what it inflates to.
 */
export async function* openDecompressed(
  file: string,
  onBytes: (bytesRead: number) => void = () => {},
  limit?: SourceLimit,
): AsyncGenerator<Uint8Array> {
  const compression = await detectCompression(file);
  // Imported only for bzip2 files (most are gzip): loading it is a tenth of a CLI start. Before
  // the file is opened, so no chunk flows while it loads.
  const unbzip2 = compression === "bzip2" ? (await import("unbzip2-stream")).default : null;
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  raw.on("data", (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  let stream: Readable = raw;
  // zlib's default 16 KiB output chunks cost a round trip each: bigger ones read large files
  // about a third faster.
  if (compression === "gzip") stream = raw.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK }));
  else if (unbzip2) {
    // unbzip2-stream is an old-style stream: bridge it into a PassThrough for async iteration.
    const decoder = unbzip2() as unknown as NodeJS.ReadWriteStream & BzipQueue;
    if (limit) stopAtLimit(decoder, limit);
    const bridge = new PassThrough();
    // Its errors on bad or cut input are cryptic ("Cannot read properties of undefined"): say what they mean.
    decoder.on("error", (error: Error) =>
      bridge.destroy(
        error instanceof InputLimitError
          ? error
          : Object.assign(new Error(`bzip2 data is corrupt or ends early (${error.message})`), {
              code: "BZIP2",
            }),
      ),
    );
    raw.pipe(decoder).pipe(bridge);
    stream = bridge;
  }
  // A read error on the file must end the decompressed stream too, or the consumer would hang.
  raw.on("error", (error) => stream.destroy(error));
  const max = limit?.decompressedBytes ?? Number.POSITIVE_INFINITY;
  let output = 0;
  try {
    for await (const chunk of stream) {
      output += (chunk as Uint8Array).length;
      if (output > max && limit)
        throw tooLarge(compression === "none" ? "is larger than" : "decompresses to more than", limit);
      yield chunk as Uint8Array;
    }
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/** unbzip2-stream's `through` stream: every decoded block goes out through `queue`. */
interface BzipQueue {
  queue(data: Buffer | null): unknown;
}

/**
 * unbzip2-stream decodes, inside one write, every block the input chunk completes, and ignores
 * back-pressure (blocks wait in its own queue): a megabyte of repeated tiny bzip2 streams inflates
 * to hundreds of gigabytes before the reader sees the first byte. Counting where each block is
 * queued stops it at the limit: an exception there is caught by the decoder, which then stops
 * decoding and emits it as its error.
 */
function stopAtLimit(decoder: BzipQueue, limit: SourceLimit): void {
  const queue = decoder.queue.bind(decoder);
  let output = 0;
  decoder.queue = (data) => {
    output += data?.length ?? 0;
    if (output > limit.decompressedBytes) throw tooLarge("decompresses to more than", limit);
    return queue(data);
  };
}

/** A human reason for a failure while reading a (possibly compressed) file. */
export function describeReadError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err?.code === "Z_BUF_ERROR" || /unexpected end/i.test(err?.message ?? "")) {
    return "compressed data ends early (truncated file)";
  }
  if (err?.code === "BZIP2") return "bzip2 data is corrupt or ends early (truncated file?)";
  return `cannot be read: ${err?.message ?? String(error)}`;
}
