/**
 * `atalaya db move` through the CLI, as an operator moves up: an embedded folder holding the demo
 * and a committee history → a fresh database on the server → back into a new embedded folder,
 * every table and the audit chain intact; a non-empty target refused, then replaced with --force.
 * Needs DATABASE_URL (a server to move to); skips without it.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { verifyAuditLog } from "@atalaya/audit";
import { dumpDatabase } from "@atalaya/backup";
import { type Database, openDatabase } from "@atalaya/db";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openHarness, recordJimBoundDecision } from "../helpers/committee";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) console.warn("db-move.test.ts: skipped, DATABASE_URL is not set (a server to move to)");

function atalaya(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function sections(database: Database): Promise<string> {
  let text = "";
  for await (const piece of dumpDatabase(database)) text += piece;
  return text.slice(text.indexOf("\n") + 1);
}

async function inFolder<T>(dataDir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

describe.skipIf(!serverUrl)("atalaya db move", () => {
  const source = tempDir();
  const home = path.join(tempDir(), "snapshot");
  const name = `atalaya_move_${randomBytes(6).toString("hex")}`;
  const admin = serverUrl ? postgres(serverUrl, { max: 1, onnotice: () => {} }) : null;
  let serverDb = "";
  let expected = "";
  let auditRows = 0;

  beforeAll(async () => {
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    serverDb = url.toString();
    await admin?.unsafe(`create database ${name}`);
    // The source: an embedded folder with the demo and a committee history, as `atalaya start` leaves it.
    const h = await openHarness({
      name: "pglite",
      async open() {
        const database = await openDatabase({ dataDir: source });
        await database.migrate();
        return { database, dispose: () => database.close() };
      },
    });
    try {
      await recordJimBoundDecision(h);
      expected = await sections(h.database);
      auditRows = (await verifyAuditLog(h.database)).rows;
    } finally {
      await h.dispose();
    }
  });
  afterAll(async () => {
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end({ timeout: 5 });
  });

  it("moves the embedded folder to an empty server database and says how to start on it", async () => {
    const withPassword = serverDb.replace("postgres://postgres@", "postgres://postgres:s3cret@");
    const moved = atalaya(["db", "move", "--to", withPassword], { ATALAYA_DATA_DIR: source });
    expect(moved.stderr).toBe("");
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(
      /moved PGlite at .* to Postgres at .*: \d+ rows in \d+ tables, every count as in the backup/,
    );
    expect(moved.stdout).toContain(`audit log intact: ${auditRows} rows`);
    expect(moved.stdout).toContain("DATABASE_URL='postgres://postgres:***@");
    expect(moved.stdout).not.toContain("s3cret");
    const server = await openDatabase({ databaseUrl: serverDb });
    try {
      expect(await sections(server)).toBe(expected);
      expect((await verifyAuditLog(server)).problems).toEqual([]);
    } finally {
      await server.close();
    }
    const audit = atalaya(["audit", "verify"], { DATABASE_URL: serverDb });
    expect(audit.stdout).toContain(`audit log intact: ${auditRows} rows`);
  });

  it("refuses the non-empty server database without --force, and replaces it with --force", () => {
    const again = atalaya(["db", "move", "--to", serverDb], { ATALAYA_DATA_DIR: source });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(rows in .*\).*--force/);
    const forced = atalaya(["db", "move", "--to", serverDb, "--force"], { ATALAYA_DATA_DIR: source });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("earlier contents were wiped: --force");
  });

  it("moves the server database back into a new embedded folder, every row and the chain intact", async () => {
    const back = atalaya(["db", "move", "--to", `pglite:${home}`], { DATABASE_URL: serverDb });
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`ATALAYA_DATA_DIR=${home} npx atalaya start`);
    await inFolder(home, async (database) => {
      expect(await sections(database)).toBe(expected);
      expect(await verifyAuditLog(database)).toMatchObject({ rows: auditRows, problems: [] });
    });
    // The folder is given up after the move: a command on it runs in a process of its own.
    expect(atalaya(["audit", "verify"], { ATALAYA_DATA_DIR: home }).code).toBe(0);
  });
});
