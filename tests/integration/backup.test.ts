/**
 * `dumpDatabase` / `restoreDatabase` on each engine: the demo plus a committee history (audit
 * chain, evidence packs) backed up to a file and restored into a fresh database of every engine,
 * byte for byte; refusals of a non-empty target, of a cut or altered file, and a restore that
 * fails half-way leaving the target empty.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { verifyAuditLog } from "@atalaya/audit";
import {
  BackupError,
  dumpDatabase,
  readBackupFile,
  restoreDatabase,
  tablesWithRows,
  writeBackupFile,
} from "@atalaya/backup";
import type { Database } from "@atalaya/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, openHarness, recordJimBoundDecision } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { tempDir } from "../helpers/ingest";

/** A database's dump without its header line (which names the engine and the time). */
async function sections(database: Database): Promise<string> {
  let text = "";
  for await (const piece of dumpDatabase(database)) text += piece;
  return text.slice(text.indexOf("\n") + 1);
}

/** The backup's text with one line changed by `edit` (given the lines and the table header's index). */
function altered(file: string, table: string, edit: (lines: string[], at: number) => void): string {
  const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
  const at = lines.findIndex((l) => l.startsWith(`{"table":"${table}"`));
  edit(lines, at);
  const out = path.join(tempDir(), `altered-${table}.gz`);
  writeFileSync(out, gzipSync(lines.join("\n")));
  return out;
}

describe.each(targets)("backups of $name", (source) => {
  let h: Harness;
  let file: string;
  let expected: string;

  beforeAll(async () => {
    h = await openHarness(source);
    await recordJimBoundDecision(h);
    file = path.join(tempDir(), "atalaya.backup.gz");
    await writeBackupFile(file, dumpDatabase(h.database));
    expected = await sections(h.database);
  });
  afterAll(async () => h?.dispose());

  it.each(targets.map((t) => [t.name, t] as const))(
    "restores into a fresh %s database: every table, byte for byte, the audit chain intact",
    async (_name, target) => {
      const { database, dispose } = await target.open();
      try {
        const summary = await restoreDatabase(database, readBackupFile(file), { name: file });
        const audit = await verifyAuditLog(h.database);
        expect(audit.rows).toBeGreaterThan(5);
        expect(summary.audit).toEqual(audit);
        expect(summary.tables.length).toBeGreaterThan(40);
        for (const t of summary.tables) expect(t.rows, t.table).toBe(t.expected);
        const routes = summary.tables.find((t) => t.table === "routes");
        expect(routes?.rows).toBeGreaterThan(100);
        expect(summary.tables.find((t) => t.table === "jim_bound_evidence_packs")?.rows).toBeGreaterThan(0);
        // The same dump from the restored database: every row, value and order alike.
        expect(await sections(database)).toBe(expected);
        // Sequences continue past the restored rows: the chain grows on the target.
        const [next] = await database.rawTransaction((tx) =>
          tx.query<{ id: number }>("select nextval('audit_log_id_seq')::int as id"),
        );
        expect(next?.id).toBe(audit.rows + 1);
      } finally {
        await dispose();
      }
    },
  );

  it("refuses a target that holds data unless forced, and --force replaces it", async () => {
    const { database, dispose } = await source.open();
    try {
      await restoreDatabase(database, readBackupFile(file), { name: file });
      await expect(restoreDatabase(database, readBackupFile(file), { name: file })).rejects.toThrow(
        /is not empty \(rows in .*\); restore only into an empty database, or give --force/,
      );
      const forced = await restoreDatabase(database, readBackupFile(file), { name: file, force: true });
      expect(forced.wiped).toBe(true);
      expect(forced.audit.problems).toEqual([]);
      expect(await sections(database)).toBe(expected);
    } finally {
      await dispose();
    }
  });

  it("refuses a cut or altered file, naming the file and line, and leaves the target empty", async () => {
    const bytes = readFileSync(file);
    const cut = path.join(tempDir(), "cut.gz");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const changed = altered(file, "audit_log", (lines, at) => {
      lines[at + 1] = (lines[at + 1] as string).replace("\t", "\t ");
    });
    const unknownColumn = altered(file, "asns", (lines, at) => {
      lines[at] = (lines[at] as string).replace('"columns":["', '"columns":["shoe_size","');
    });
    const { database, dispose } = await source.open();
    try {
      await expect(restoreDatabase(database, readBackupFile(cut), { name: cut })).rejects.toThrow(
        new RegExp(`^${cut}:\\d+: `),
      );
      await expect(restoreDatabase(database, readBackupFile(changed), { name: changed })).rejects.toThrow(
        new RegExp(`^${changed}:\\d+: table audit_log: its rows do not match the trailer's sha256`),
      );
      await expect(
        restoreDatabase(database, readBackupFile(unknownColumn), { name: unknownColumn }),
      ).rejects.toThrow(
        new RegExp(`^${unknownColumn}:\\d+: column asns.shoe_size does not exist in the target`),
      );
      expect(await tablesWithRows(database)).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("rolls back a restore that fails half-way (a bad row), and a second run succeeds", async () => {
    let badLine = 0;
    const broken = altered(file, "routes", (lines, at) => {
      badLine = at + 3;
      lines[at + 2] = (lines[at + 2] as string).replace(/^[^\t]*/, "not-a-source-run\tnot-a-prefix");
    });
    const { database, dispose } = await source.open();
    try {
      const failure = await restoreDatabase(database, readBackupFile(broken), { name: broken }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(BackupError);
      expect((failure as Error).message).toMatch(new RegExp(`^${broken}:${badLine}: table routes: `));
      expect(await tablesWithRows(database)).toEqual([]);
      const summary = await restoreDatabase(database, readBackupFile(file), { name: file });
      expect(summary.wiped).toBe(false);
      expect(await sections(database)).toBe(expected);
    } finally {
      await dispose();
    }
  });
});
