/** `atalaya ingest` given hostile files: one readable line on stderr and exit 1, never a stack trace. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");

function atalaya(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ATALAYA_LOG: "error", ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the command said, without the log lines (timestamped) in front of it. */
function said(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("atalaya:"));
}

describe("atalaya ingest on hostile files", () => {
  const dir = tempDir();
  const env = { ATALAYA_DATA_DIR: path.join(dir, "data") };

  it("refuses random bytes in one line naming the file and the first bad line", () => {
    const file = path.join(dir, "random.bin");
    const bytes = Buffer.alloc(200_000);
    let x = 0x2545f491;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    writeFileSync(file, bytes);
    const result = atalaya(["ingest", "delegated", "--file", file], env);
    expect(result.code).toBe(1);
    expect(said(result.stderr)).toEqual([
      expect.stringMatching(/^atalaya: \S+random\.bin:1: malformed version line/),
    ]);
    // No stack trace, no SQL, no raw binary: stderr is printable text (U+FFFD would be raw bytes).
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/Failed query|insert into/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what it looks for
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufffd]/);
  });

  it("refuses a gzip bomb past the configured limit, naming the limit and the variable", () => {
    const file = path.join(dir, "bomb.gz");
    const member = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x0a), { level: 9 });
    writeFileSync(file, Buffer.concat(Array.from({ length: 128 }, () => member)));
    const result = atalaya(["ingest", "delegated", "--file", file], {
      ...env,
      ATALAYA_MAX_DECOMPRESSED_MB: "delegated=2",
    });
    expect(result.code).toBe(1);
    expect(said(result.stderr)).toEqual([
      `atalaya: ${file}: decompresses to more than 2 MiB, the limit for delegated input ` +
        "(raise it with ATALAYA_MAX_DECOMPRESSED_MB=delegated=<MiB> if the input is genuine)",
    ]);
  });

  it("refuses a limit setting it cannot use, naming the variable", () => {
    const result = atalaya(["ingest", "delegated", "--file", "x"], {
      ...env,
      ATALAYA_MAX_LINE_BYTES: "mrt=10",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ATALAYA_MAX_LINE_BYTES: mrt is not one of delegated");
  });
});
