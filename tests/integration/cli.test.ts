/** The `atalaya` command as a user runs it: exit codes and messages, on an embedded database. */
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { generateDemo } from "@atalaya/demo";
import { describe, expect, it } from "vitest";
import { startLocalServer } from "../helpers/http-server";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT, realData } from "../helpers/shared-data";

const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");

function atalaya(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const execFileAsync = promisify(execFile);
const quagga = realData("mrt-mrtparse-samples/quagga_rib.mrt");
const quaggaReference = realData("mrt-mrtparse-samples/bgpdump-m-reference/quagga_rib.mrt.bgpdump-m.txt");

describe("atalaya CLI", () => {
  const dataDir = tempDir();
  const env = { ATALAYA_DATA_DIR: dataDir };

  it("prints usage and exits 2 without a command, 0 with --help", () => {
    expect(atalaya([]).code).toBe(2);
    const help = atalaya(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("ingest delegated");
    expect(atalaya(["ingest", "delegated", "--help"]).stdout).toContain("--url URL | --file PATH");
  });

  it("exits 2 on an unknown command or option", () => {
    expect(atalaya(["frobnicate"]).code).toBe(2);
    const bad = atalaya(["ingest", "delegated", "--nope"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--nope");
  });

  it("refuses bad configuration, naming the variable", () => {
    const result = atalaya(["migrate"], { ...env, PORT: "http" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PORT");
  });

  it("ingests a file, then refuses a malformed one with file and line, exiting 1", () => {
    const good = path.join(dataDir, "good.txt");
    const text = generateDemo().delegated;
    writeFileSync(good, text);
    const ok = atalaya(["ingest", "delegated", "--file", good], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /delegated: published \d+ rows from .*good\.txt \(run 1, data date 2026-11-01\)/,
    );

    const lines = text.split("\n");
    lines[9] = (lines[9] as string).replace("|asn|", "|as|");
    const bad = path.join(dataDir, "bad.txt");
    writeFileSync(bad, lines.join("\n"));
    const refused = atalaya(["ingest", "delegated", "--file", bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`atalaya: ${bad}:10: type "as" is not asn, ipv4 or ipv6`);

    const runs = atalaya(["runs"], env);
    expect(runs.code).toBe(0);
    // Run 2 is the publish's follow-up: which registry prefixes the (no) routes announce.
    expect(runs.stdout).toMatch(/3 {2}delegated {2}failed/);
    expect(runs.stdout).toMatch(/2 {2}validation succeeded .*registry prefixes × routes/);
    expect(runs.stdout).toMatch(/1 {2}delegated {2}succeeded/);
  });

  it.skipIf(!quagga || !quaggaReference)("prints an MRT file or URL exactly as bgpdump -m", async () => {
    const expected = readFileSync(quaggaReference as string, "utf8");
    expect(atalaya(["mrt", quagga as string]).stdout).toBe(expected);
    // Asynchronously: the local server answers from this process while the CLI downloads.
    const server = await startLocalServer();
    try {
      server.files.set("/rib.mrt", { body: readFileSync(quagga as string) });
      const { stdout } = await execFileAsync(process.execPath, [BIN, "mrt", `${server.url}/rib.mrt`], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? "", ...env },
      });
      expect(stdout).toBe(expected);
    } finally {
      await server.close();
    }
  });
});
