/**
 * One owner per embedded data folder (docs/adr/0005), tried as the README tells people to work:
 * `users add`, an ingest and `audit verify` while the server runs go through the server, and
 * nothing is lost across a restart; two ingests at once never both claim a publish; a second
 * server is refused; a folder whose owner died is taken over; a run killed mid-way is recovered.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { type FolderOwner, lockPath, openDatabase, socketPathFor } from "@atalaya/db";
import { generateDemo } from "@atalaya/demo";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { startAppProcess } from "../helpers/app-process";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT, realData } from "../helpers/shared-data";

const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `atalaya …` on `dataDir`; `done` resolves when it exits. */
function launch(
  args: string[],
  dataDir: string,
): { child: ChildProcess; stderr: () => string; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ATALAYA_DATA_DIR: dataDir,
      ATALAYA_DEMO: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Run>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

const atalaya = (args: string[], dataDir: string) => launch(args, dataDir).done;

async function waitFor(what: string, check: () => boolean, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An owner.lock as the owner `pid` would write it, with no socket listening. */
function writeLock(dataDir: string, pid: number, command: string): void {
  const owner: FolderOwner = {
    pid,
    command,
    since: new Date().toISOString(),
    host: hostname(),
    socket: socketPathFor(dataDir),
    startTicks: null,
  };
  writeFileSync(lockPath(dataDir), JSON.stringify(owner));
}

/** The demo's registry file as a real (non-demo) file: same bytes, so it publishes as real data. */
function registryFile(dir: string): string {
  const file = path.join(dir, "delegated-lacnic-extended-20261101");
  writeFileSync(file, generateDemo().delegated);
  return file;
}

describe("the embedded data folder has one owner", () => {
  it("runs users add, an ingest and audit verify through the running server, and loses nothing over a restart", async () => {
    const dataDir = tempDir("atalaya-owner-");
    const app = await startAppProcess({ ATALAYA_DATA_DIR: dataDir });
    let restarted: Awaited<ReturnType<typeof startAppProcess>> | null = null;
    try {
      const origin = new URL(app.url).origin;
      const write = { origin, "sec-fetch-site": "same-origin", "content-type": "application/json" };

      const added = await atalaya(
        ["users", "add", "--email", "chair@example.org", "--role", "admin"],
        dataDir,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.stderr).toMatch(/running through `atalaya start` \(pid \d+\)/);
      // The link names the server's own address (its PORT), not the caller's defaults.
      expect(added.stdout).toContain(`${origin}/sign-in/invitation#token=`);
      const token = /#token=([\w-]+)/.exec(added.stdout)?.[1];
      expect(token).toBeDefined();

      // The server knows the account the CLI created: the link works there.
      const accepted = await fetch(`${origin}/api/v1/auth/accept-invitation`, {
        method: "POST",
        headers: write,
        body: JSON.stringify({ token, password: "a long enough password" }),
      });
      expect(accepted.status).toBe(200);
      const csrf = ((await accepted.json()) as { data: { csrfToken: string } }).data.csrfToken;
      const cookie = (accepted.headers.getSetCookie()[0] ?? "").split(";")[0] as string;

      // And an account made through the API, as the first-admin workflow goes on.
      const created = await fetch(`${origin}/api/v1/admin/users`, {
        method: "POST",
        headers: { ...write, cookie, "x-csrf-token": csrf },
        body: JSON.stringify({ email: "member@example.org", role: "committee" }),
      });
      expect(created.status).toBe(201);

      const ingested = await atalaya(["ingest", "delegated", "--file", registryFile(dataDir)], dataDir);
      expect(ingested.code, ingested.stderr).toBe(0);
      const runId = Number(/\(run (\d+),/.exec(ingested.stdout)?.[1]);
      expect(runId).toBeGreaterThan(0);
      const health = (await (await fetch(`${origin}/api/health`)).json()) as {
        meta: { demo: boolean } | null;
      };
      expect(health).toBeDefined();

      const verified = await atalaya(["audit", "verify"], dataDir);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain("audit log intact");

      // A second server on the folder is refused, naming the owner.
      const second = await atalaya(["serve"], dataDir);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/is in use by `atalaya start` \(pid \d+/);

      await app.stop();
      expect(existsSync(path.join(dataDir, "owner.lock"))).toBe(false);

      restarted = await startAppProcess({ ATALAYA_DATA_DIR: dataDir });
      const listed = await atalaya(["users", "list"], dataDir);
      expect(listed.stdout).toContain("chair@example.org");
      expect(listed.stdout).toContain("member@example.org");
      const runs = await atalaya(["runs", "--source", "delegated"], dataDir);
      expect(runs.stdout).toMatch(new RegExp(`^\\s*${runId}\\s+delegated\\s+succeeded`, "m"));
      const signIn = await fetch(`${new URL(restarted.url).origin}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { ...write, origin: new URL(restarted.url).origin },
        body: JSON.stringify({ email: "chair@example.org", password: "a long enough password" }),
      });
      expect(signIn.status).toBe(200);
    } finally {
      await app.stop();
      await restarted?.stop();
    }
  });

  it("never reports a publish that did not happen when two ingests of one source start at once", async () => {
    const dataDir = tempDir("atalaya-owner-");
    const file = registryFile(dataDir);
    const [a, b] = await Promise.all([
      atalaya(["ingest", "delegated", "--file", file], dataDir),
      atalaya(["ingest", "delegated", "--file", file], dataDir),
    ]);
    const claims = [a, b].flatMap((r) =>
      [...r.stdout.matchAll(/published \d+ rows .*\(run (\d+),/g)].map((m) => Number(m[1])),
    );
    // One publishes; the other is refused while it runs, or finds the same bytes unchanged.
    expect(claims).toHaveLength(1);
    for (const other of [a, b].filter((r) => !/published/.test(r.stdout))) {
      expect(other.stdout + other.stderr).toMatch(/another ingest of delegated is running|unchanged/);
    }
    const runs = await atalaya(["runs", "--source", "delegated"], dataDir);
    const succeeded = [...runs.stdout.matchAll(/^\s*(\d+)\s+delegated\s+succeeded/gm)].map((m) =>
      Number(m[1]),
    );
    expect(succeeded).toEqual(claims);
  });

  it("takes over a folder whose owner is gone", async () => {
    const dataDir = tempDir("atalaya-owner-");
    const ended = await atalaya(["migrate"], dataDir);
    expect(ended.code).toBe(0);
    // A lock left by a process that no longer runs (SIGKILL leaves one behind).
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    writeLock(dataDir, gone.pid as number, "atalaya serve");
    const listed = await atalaya(["users", "list"], dataDir);
    expect(listed.code, listed.stderr).toBe(0);
    expect(existsSync(path.join(dataDir, "owner.lock"))).toBe(false);
  });

  it("waits for an owner that holds the folder but does not listen yet (starting or stopping)", async () => {
    const dataDir = tempDir("atalaya-owner-");
    // This test's own process plays the owner: alive, with no socket.
    writeLock(dataDir, process.pid as number, "atalaya start");
    const caller = launch(["users", "list"], dataDir);
    await waitFor("the caller to find the owner", () => /running through/.test(caller.stderr()));
    // The owner gives the folder up; the caller, still trying, takes it and runs.
    rmSync(path.join(dataDir, "owner.lock"));
    const ended = await caller.done;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).not.toContain("Unhandled");
  });

  it("marks a run killed mid-way failed and removes its staging rows", async () => {
    const dataDir = tempDir("atalaya-owner-");
    const file = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
    if (!file) return;
    const doomed = launch(["ingest", "delegated", "--file", file], dataDir);
    await waitFor("the run to start", () => /run started/.test(doomed.stderr()));
    doomed.child.kill("SIGKILL");
    await doomed.done;
    expect(readFileSync(path.join(dataDir, "owner.lock"), "utf8")).toContain(String(doomed.child.pid));

    // The next command takes the folder over and finds the run's owner gone.
    const runs = await atalaya(["runs", "--source", "delegated"], dataDir);
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/^\s*1\s+delegated\s+failed/m);
    expect(runs.stdout).toContain("interrupted");

    const database = await openDatabase({ dataDir });
    try {
      const [left] = await database.rows<{ n: number }>(
        sql`select count(*)::int as n from registry_resources_staging`,
      );
      expect(left?.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
