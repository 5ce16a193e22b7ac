/**
 * Backup files: the dump gzipped into a file (written beside it and renamed at the end, so a
 * file by that name is always whole), and a file read back as text pieces within the limits.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { DEFAULT_INPUT_LIMITS } from "@atalaya/config";
import { openDecompressed, type SourceLimit } from "@atalaya/ingest/files";

/** gzip level 3: within a few percent of the default's size at about twice its speed on row text. */
const GZIP_LEVEL = 3;

export async function writeBackupFile(file: string, text: AsyncIterable<string>): Promise<{ bytes: number }> {
  const draft = `${file}.partial`;
  const out = createWriteStream(draft);
  try {
    await pipeline(Readable.from(text), createGzip({ level: GZIP_LEVEL, chunkSize: 1 << 18 }), out);
    await rename(draft, file);
  } catch (error) {
    await rm(draft, { force: true });
    throw error;
  }
  return { bytes: out.bytesWritten };
}

export function readBackupFile(
  file: string,
  limit: SourceLimit = { source: "backup", ...DEFAULT_INPUT_LIMITS.backup },
): AsyncIterable<Uint8Array> {
  return openDecompressed(file, () => {}, limit);
}
