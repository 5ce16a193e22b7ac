/**
 * `atalaya mrt <file>`: prints an MRT file (plain, gzip or bzip2) the way `bgpdump -m` does, one
 * line per route, so existing scripts and archived outputs keep working without bgpdump.
 * Corrupt records are reported on stderr with their byte offset and skipped; `--strict` stops at
 * the first one (exit 1).
 */
import path from "node:path";
import { describeReadError, IngestError, openDecompressed } from "@atalaya/ingest/files";
import { BgpdumpWriter, MrtParseError, type MrtRecord, MrtStreamDecoder } from "@atalaya/net";
import type { Command } from "./command";

/** Output is written in blocks of about this size: one write per line would dominate the run time. */
const WRITE_BLOCK = 1 << 16;

class OutputClosed extends Error {}

let stdoutError: NodeJS.ErrnoException | null = null;

/** Writes a block to stdout (the caller waits for it to drain between chunks of input). */
function writeOut(bytes: Uint8Array): void {
  if (stdoutError && stdoutError.code !== "EPIPE") throw stdoutError;
  if (stdoutError || process.stdout.destroyed) throw new OutputClosed();
  process.stdout.write(bytes);
}

/** Waits while stdout is full, so memory stays flat on big files. */
async function outputDrained(): Promise<void> {
  if (process.stdout.writableNeedDrain) await drained(process.stdout);
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off("drain", settle);
      stream.off("close", settle);
      stream.off("error", settle);
      if (error) reject(error);
      else resolve();
    };
    stream.on("drain", settle);
    stream.on("close", settle);
    stream.on("error", settle);
  });
}

const isUrl = (given: string) => /^https?:\/\//i.test(given);

function fileArgument(positionals: string[]): string {
  if (positionals.length !== 1) throw new IngestError("give exactly one MRT file or URL");
  return positionals[0] as string;
}

export const mrtCommand: Command = {
  summary: "Print an MRT file or URL (plain, .gz or .bz2) line by line exactly as `bgpdump -m` does",
  usage: "<file|url> [--strict]",
  options: { strict: { type: "boolean" } },
  positionals: true,
  // A local file needs no configuration, and bgpdump's users expect it to start at once.
  runWithoutConfig({ values, positionals }) {
    const given = fileArgument(positionals);
    return isUrl(given) ? null : printMrt(given, values.strict === true);
  },
  async run({ values, positionals }, config) {
    const given = fileArgument(positionals);
    // A URL is downloaded first (with retries) to <data dir>/downloads/mrt/, then read from disk.
    // The downloader and the logger are imported here, so that a local file never loads them.
    const [{ createLogger }, { acquireUrl }] = await Promise.all([
      import("@atalaya/config"),
      import("@atalaya/ingest"),
    ]);
    const file = isUrl(given)
      ? ((
          await acquireUrl(
            given,
            "mrt",
            null,
            { ...config.fetch, downloadDir: path.join(config.dataDir, "downloads") },
            createLogger(config.logLevel, undefined, config.logFormat),
          )
        ).path as string)
      : given;
    return printMrt(file, values.strict === true);
  },
};

/** Prints the file's records as `bgpdump -m` lines; 0 when done (or the reader went away). */
async function printMrt(file: string, strict: boolean): Promise<number> {
  // A reader that went away (`| head`) is not an error: stop quietly, like bgpdump does.
  const onError = (error: NodeJS.ErrnoException) => {
    stdoutError = error;
  };
  process.stdout.on("error", onError);
  let corrupt = 0;
  // Lines are written as bytes: a string per line, queued until written, costs more than decoding.
  const out = new BgpdumpWriter();
  // Records are handled as each chunk is decoded, without a promise per record.
  const handle = (record: MrtRecord) => {
    if (record.kind === "corrupt") {
      corrupt++;
      process.stderr.write(
        `atalaya mrt: ${file}: skipped record at byte ${record.offset}: ${record.reason}\n`,
      );
    } else {
      out.write(record);
      if (out.length >= WRITE_BLOCK) writeOut(out.take());
    }
  };
  try {
    const decoder = new MrtStreamDecoder({ strict });
    for await (const chunk of openDecompressed(file)) {
      for (const record of decoder.push(chunk)) handle(record);
      await outputDrained();
      if (decoder.lost) break;
    }
    const last = decoder.lost ? null : decoder.end();
    if (last) handle(last);
    if (out.length > 0) writeOut(out.take());
    await outputDrained();
  } catch (error) {
    // Waiting for drain rejects with the stream's error, so EPIPE can arrive here too.
    if (error instanceof OutputClosed || (error as NodeJS.ErrnoException).code === "EPIPE") return 0;
    // The records decoded before the failure are printed, as bgpdump prints all it could read.
    if (out.length > 0 && !stdoutError) process.stdout.write(out.take());
    if (error instanceof MrtParseError) throw new IngestError(`${file}: ${error.message} (--strict)`);
    if (error instanceof IngestError) throw error;
    throw new IngestError(`${file} ${describeReadError(error)}`);
  } finally {
    process.stdout.off("error", onError);
  }
  if (corrupt > 0) process.stderr.write(`atalaya mrt: ${file}: ${corrupt} corrupt record(s) skipped\n`);
  return 0;
}
