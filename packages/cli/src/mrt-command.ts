/**
 * `atalaya mrt <file>`: prints an MRT file (plain, gzip or bzip2) the way `bgpdump -m` does, one
 * line per route, so existing scripts and archived outputs keep working without bgpdump.
 * Corrupt records are reported on stderr with their byte offset and skipped; `--strict` stops at
 * the first one (exit 1).
 */
import path from "node:path";
import { createLogger } from "@atalaya/config";
import { acquireUrl, describeReadError, IngestError, openDecompressed } from "@atalaya/ingest";
import { formatBgpdump, MrtParseError, readMrtRecords } from "@atalaya/net";
import type { Command } from "./command";

/** Output is written in blocks of about this size: one write per line would dominate the run time. */
const WRITE_BLOCK = 1 << 16;

class OutputClosed extends Error {}

let stdoutError: NodeJS.ErrnoException | null = null;

/** Writes to stdout, waiting for it to drain when it is full, so memory stays flat on big files. */
async function writeOut(text: string): Promise<void> {
  if (stdoutError && stdoutError.code !== "EPIPE") throw stdoutError;
  if (stdoutError || process.stdout.destroyed) throw new OutputClosed();
  if (!process.stdout.write(text)) await drained(process.stdout);
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

export const mrtCommand: Command = {
  summary: "Print an MRT file or URL (plain, .gz or .bz2) line by line exactly as `bgpdump -m` does",
  usage: "<file|url> [--strict]",
  options: { strict: { type: "boolean" } },
  positionals: true,
  async run({ values, positionals }, config) {
    if (positionals.length !== 1) throw new IngestError("give exactly one MRT file or URL");
    const given = positionals[0] as string;
    // A URL is downloaded first (with retries) to <data dir>/downloads/mrt/, then read from disk.
    const file = /^https?:\/\//i.test(given)
      ? ((
          await acquireUrl(
            given,
            "mrt",
            null,
            { ...config.fetch, downloadDir: path.join(config.dataDir, "downloads") },
            createLogger(config.logLevel),
          )
        ).path as string)
      : given;
    const strict = values.strict === true;
    // A reader that went away (`| head`) is not an error: stop quietly, like bgpdump does.
    const onError = (error: NodeJS.ErrnoException) => {
      stdoutError = error;
    };
    process.stdout.on("error", onError);
    let corrupt = 0;
    let pending = "";
    try {
      for await (const record of readMrtRecords(openDecompressed(file), { strict })) {
        if (record.kind === "corrupt") {
          corrupt++;
          process.stderr.write(
            `atalaya mrt: ${file}: skipped record at byte ${record.offset}: ${record.reason}\n`,
          );
          continue;
        }
        pending += formatBgpdump(record);
        if (pending.length >= WRITE_BLOCK) {
          await writeOut(pending);
          pending = "";
        }
      }
      if (pending !== "") await writeOut(pending);
    } catch (error) {
      // Waiting for drain rejects with the stream's error, so EPIPE can arrive here too.
      if (error instanceof OutputClosed || (error as NodeJS.ErrnoException).code === "EPIPE") return 0;
      if (error instanceof MrtParseError) throw new IngestError(`${file}: ${error.message} (--strict)`);
      if (error instanceof IngestError) throw error;
      throw new IngestError(`${file} ${describeReadError(error)}`);
    } finally {
      process.stdout.off("error", onError);
    }
    if (corrupt > 0) process.stderr.write(`atalaya mrt: ${file}: ${corrupt} corrupt record(s) skipped\n`);
    return 0;
  },
};
