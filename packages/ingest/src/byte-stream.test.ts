import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { InputLimitError, openDecompressed, type SourceLimit } from "./byte-stream";

const dir = mkdtempSync(path.join(tmpdir(), "atalaya-bomb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1024 * 1024;
const limit: SourceLimit = { source: "delegated", decompressedBytes: MiB, lineBytes: null };

/**
 * A small file that inflates to `copies` × 8 MiB: one compressed stream of zeros repeated, which
 * gunzip and bunzip2 read as one (the standard tools read concatenated streams too).
 */
function bomb(name: string, member: Buffer, copies: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => member)));
  return file;
}

/** Reads with the limit, giving up (without a refusal) after 64 MiB. */
async function readBounded(file: string) {
  let output = 0;
  let read = 0;
  let refusal: unknown = null;
  try {
    for await (const chunk of openDecompressed(file, (b) => (read = b), limit)) {
      output += chunk.length;
      if (output > 64 * MiB) break;
    }
  } catch (error) {
    refusal = error;
  }
  return { output, read, size: statSync(file).size, refusal };
}

describe("openDecompressed with a limit", () => {
  it("refuses a gzip bomb while it streams, long before the file is read", async () => {
    // 1,024 streams of 8 MiB: 8 GiB from an 8 MB file.
    const file = bomb("zeros.gz", gzipSync(Buffer.alloc(8 * MiB), { level: 9 }), 1024);
    const { output, read, size, refusal } = await readBounded(file);
    expect(refusal).toBeInstanceOf(InputLimitError);
    expect((refusal as Error).message).toBe(
      "decompresses to more than 1 MiB, the limit for delegated input " +
        "(raise it with ATALAYA_MAX_DECOMPRESSED_MB=delegated=<MiB> if the input is genuine)",
    );
    expect(output).toBeLessThanOrEqual(MiB);
    expect(read).toBeLessThan(size / 2);
  });

  it("refuses a bzip2 bomb at its first block, though the decoder ignores back-pressure", async () => {
    const member = execFileSync("bzip2", ["-9c"], { input: Buffer.alloc(8 * MiB) });
    // 48 bytes per 8 MiB: 200,000 streams are 1.6 TB from a 10 MB file.
    const file = bomb("zeros.bz2", member, 200_000);
    const { output, read, size, refusal } = await readBounded(file);
    expect(refusal).toBeInstanceOf(InputLimitError);
    expect(output).toBeLessThanOrEqual(MiB);
    expect(read).toBeLessThan(size / 2);
  });

  it("refuses a plain file larger than the limit, saying it is larger rather than inflated", async () => {
    const file = bomb("zeros.txt", Buffer.alloc(MiB), 16);
    const { output, read, size, refusal } = await readBounded(file);
    expect((refusal as Error).message).toMatch(/^is larger than 1 MiB, the limit for delegated input/);
    expect(output).toBeLessThanOrEqual(MiB);
    expect(read).toBeLessThan(size / 2);
  });

  it("reads a file exactly at the limit", async () => {
    const file = bomb("exact.gz", gzipSync(Buffer.alloc(MiB / 4)), 4);
    const { output, refusal } = await readBounded(file);
    expect(refusal).toBeNull();
    expect(output).toBe(MiB);
  });
});
