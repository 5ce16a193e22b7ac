/**
 * Opens a local file as a stream of decompressed bytes: gzip and bzip2 are recognised by their
 * magic bytes (not the file name), anything else is read as is. Shared by line-based sources and
 * binary ones (MRT).
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

const GUNZIP_CHUNK = 1 << 18;

export type Compression = "gzip" | "bzip2" | "none";

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
 * read from disk (compressed), for progress against the file size.
 */
export async function* openDecompressed(
  file: string,
  onBytes: (bytesRead: number) => void = () => {},
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
    const decoder = unbzip2() as unknown as NodeJS.ReadWriteStream;
    const bridge = new PassThrough();
    // Its errors on bad or cut input are cryptic ("Cannot read properties of undefined"): say what they mean.
    decoder.on("error", (error: Error) =>
      bridge.destroy(
        Object.assign(new Error(`bzip2 data is corrupt or ends early (${error.message})`), { code: "BZIP2" }),
      ),
    );
    raw.pipe(decoder).pipe(bridge);
    stream = bridge;
  }
  // A read error on the file must end the decompressed stream too, or the consumer would hang.
  raw.on("error", (error) => stream.destroy(error));
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    raw.destroy();
    stream.destroy();
  }
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
