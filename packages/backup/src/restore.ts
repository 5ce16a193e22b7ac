/**
 * `restoreDatabase`: the backup format's text loaded into a database, all of it or nothing.
 *
 * The target must be empty (no rows outside the seeded reference tables); `force` wipes it first
 * by dropping its schemas and migrating afresh (audit_log refuses DELETE and TRUNCATE, by design).
 * Then every table is loaded with COPY in ONE transaction, which also checks each section's row
 * count and checksum, sets every sequence past its column's largest value and counts the rows
 * again: anything wrong (a bad row, a cut or altered file, an interruption) rolls it all back, so
 * the target stays empty and running the command again starts over. After the commit the audit
 * chain is verified with `verifyAuditLog`, as `atalaya audit verify` does.
 */

import { createHash } from "node:crypto";
import { verifyAuditLog } from "@atalaya/audit";
import { DEFAULT_INPUT_LIMITS } from "@atalaya/config";
import type { Database, RawTransaction } from "@atalaya/db";
import { IngestError, type SourceLimit } from "@atalaya/ingest/files";
import { PORTABLE_SETTINGS, quote, readMigrations, readTables, SEEDED_TABLES, type Table } from "./catalog";
import {
  type BackupHeader,
  END_OF_ROWS,
  FormatError,
  parseHeader,
  parseSectionOrEnd,
  parseTrailer,
  type SectionHeader,
} from "./format";
import { LineReader } from "./line-reader";

/** A backup refused or failed: the message names the file (or source) and, where known, the line. */
export class BackupError extends IngestError {
  override name = "BackupError";
}

export interface RestoreOptions {
  /** Wipe a target that holds data (drop its schemas, migrate) instead of refusing it. */
  force?: boolean;
  /** What the text is, for messages: the file's path, or the source database. */
  name?: string;
  /** Longest line and most text read (ATALAYA_MAX_LINE_BYTES / _DECOMPRESSED_MB for `backup`). */
  limit?: SourceLimit;
}

export interface TableCount {
  table: string;
  /** Rows the backup says the table had. */
  expected: number;
  /** Rows in the target after the load. */
  rows: number;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: TableCount[];
  /** The target held data and was wiped first (`force`). */
  wiped: boolean;
  audit: { rows: number; problems: Array<{ id: number; problem: string }>; lastHash: string };
}

/** Rows handed to one COPY: about 8 MB, PGlite's efficient size (client.ts). */
const BATCH_CHARS = 1 << 23;

/** The tables of the target that hold rows (seeded reference tables aside). */
export async function tablesWithRows(database: Database): Promise<string[]> {
  return database.rawTransaction(async (tx) => {
    const found: string[] = [];
    for (const table of await readTables(tx)) {
      if (SEEDED_TABLES.has(table.name)) continue;
      const [row] = await tx.query<{ found: boolean }>(
        `select exists (select 1 from ${quote(table.name)}) as found`,
      );
      if (row?.found) found.push(table.name);
    }
    return found;
  });
}

/**
 * Empties the target for `--force`: drops the schemas (public, with everything in it, and
 * drizzle's record of migrations) and migrates afresh, which seeds the reference tables again.
 */
export async function wipeDatabase(database: Database): Promise<void> {
  await database.rawTransaction(async (tx) => {
    await tx.query("drop schema if exists drizzle cascade");
    await tx.query("drop schema public cascade");
    await tx.query("create schema public");
    await tx.query("grant usage on schema public to public");
  });
  await database.migrate();
}

/** Where Postgres says a COPY failed ("COPY routes, line 3, column origin: …"): its line. */
function copyLine(error: unknown): number | null {
  const where = (error as { where?: unknown }).where;
  const match = typeof where === "string" ? /line (\d+)/.exec(where) : null;
  return match ? Number(match[1]) : null;
}

/** The backup's lines, with errors named by its name and the line. */
class Input {
  readonly #reader: LineReader;
  constructor(
    readonly name: string,
    text: AsyncIterable<string | Uint8Array>,
    limit: SourceLimit,
  ) {
    this.#reader = new LineReader(text, limit);
  }

  /** The number of the line last read. */
  get line(): number {
    return this.#reader.line;
  }

  at(line: number, message: string): BackupError {
    return new BackupError(`${this.name}:${line}: ${message}`, this.name, line);
  }

  /** Any error while reading or loading, as a BackupError naming the file and line. */
  named(error: unknown, line = this.line): BackupError {
    if (error instanceof BackupError) return error;
    if (error instanceof FormatError) return this.at(line, error.message);
    const message = (error as Error).message ?? String(error);
    if ((error as Error).name === "InputLimitError")
      return new BackupError(`${this.name}: ${message}`, this.name);
    if (
      (error as { code?: string }).code === "Z_BUF_ERROR" ||
      /unexpected end|incorrect header/i.test(message)
    )
      return this.at(line + 1, `compressed data is cut or corrupt (${message})`);
    return this.at(line, message);
  }

  /** The next line; the end of the input here is a cut backup. */
  async next(): Promise<string> {
    let line: string | null;
    try {
      line = await this.#reader.next();
    } catch (error) {
      throw this.named(error);
    }
    if (line === null) throw this.at(this.line + 1, "the backup ends early (cut off?): no end line");
    return line;
  }

  /** The next line parsed by `parse`, its format errors named by the line. */
  async parsed<T>(parse: (line: string) => T): Promise<T> {
    const line = await this.next();
    try {
      return parse(line);
    } catch (error) {
      throw this.named(error);
    }
  }

  close(): Promise<void> {
    return this.#reader.close();
  }
}

export async function restoreDatabase(
  database: Database,
  text: AsyncIterable<string | Uint8Array>,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const name = options.name ?? "backup";
  const input = new Input(name, text, options.limit ?? { source: "backup", ...DEFAULT_INPUT_LIMITS.backup });
  try {
    const header = await input.parsed(parseHeader);
    const wiped = await prepareTarget(database, header, name, options.force === true);
    const tables = await database.rawTransaction((tx) => load(tx, header, input));
    const audit = await verifyAuditLog(database);
    return { header, tables, wiped, audit };
  } catch (error) {
    throw input.named(error);
  } finally {
    await input.close();
  }
}

/** Refuses a backup from a newer schema and a target that holds data (unless `force`: wipes it). */
async function prepareTarget(
  database: Database,
  header: BackupHeader,
  name: string,
  force: boolean,
): Promise<boolean> {
  const applied = new Set((await database.rawTransaction(readMigrations)).map((m) => m.hash));
  const unknown = header.migrations.filter((m) => !applied.has(m.hash));
  if (unknown.length > 0)
    throw new BackupError(
      `${name} comes from a newer Atalaya: migration ${unknown.map((m) => m.tag).join(", ")} is not applied ` +
        `to ${database.describe()}; upgrade Atalaya first`,
      name,
    );
  const filled = await tablesWithRows(database);
  if (filled.length === 0) return false;
  if (!force)
    throw new BackupError(
      `${database.describe()} is not empty (rows in ${filled.slice(0, 6).join(", ")}` +
        `${filled.length > 6 ? ` and ${filled.length - 6} more tables` : ""}); ` +
        "restore only into an empty database, or give --force to wipe it first",
      name,
    );
  await wipeDatabase(database);
  return true;
}

/** The sections, each checked against the target's tables and its own trailer, in one transaction. */
async function load(tx: RawTransaction, header: BackupHeader, input: Input): Promise<TableCount[]> {
  for (const setting of PORTABLE_SETTINGS) await tx.query(setting);
  const target = new Map((await readTables(tx)).map((t) => [t.name, t]));
  const counts: TableCount[] = [];
  for (;;) {
    const section = await input.parsed(parseSectionOrEnd);
    if ("end" in section) {
      if (section.tables !== counts.length)
        throw input.at(
          input.line,
          `the end line counts ${section.tables} tables, the backup holds ${counts.length}`,
        );
      break;
    }
    const table = checkSection(section, target.get(section.table), header, input);
    // Reference rows seeded by migrate are replaced by the backup's own.
    if (SEEDED_TABLES.has(table.name)) await tx.query(`delete from ${quote(table.name)}`);
    counts.push(await loadSection(tx, section, input));
  }
  for (const table of target.values())
    for (const { column, sequence } of table.sequences)
      await tx.query(
        `select setval('${sequence}', coalesce((select max(${quote(column)}) from ${quote(table.name)}), 0) + 1, false)`,
      );
  for (const count of counts) {
    const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from ${quote(count.table)}`);
    count.rows = Number(row?.n ?? -1);
    if (count.rows !== count.expected)
      throw new BackupError(
        `${input.name}: ${count.table} holds ${count.rows} rows after the load, the backup ${count.expected}`,
      );
  }
  return counts;
}

function checkSection(
  section: SectionHeader,
  table: Table | undefined,
  header: BackupHeader,
  input: Input,
): Table {
  const newer = `(the backup is from ${header.created}, migrations up to ${header.migrations.at(-1)?.tag ?? "none"})`;
  if (!table) throw input.at(input.line, `table ${section.table} does not exist in the target ${newer}`);
  for (const column of section.columns)
    if (!table.columns.some((c) => c.name === column))
      throw input.at(input.line, `column ${section.table}.${column} does not exist in the target ${newer}`);
  return table;
}

async function loadSection(tx: RawTransaction, section: SectionHeader, input: Input): Promise<TableCount> {
  const hash = createHash("sha256");
  let rows = 0;
  let batch = "";
  let batchFirstLine = 0;
  const flush = async () => {
    if (!batch) return;
    try {
      await tx.copyIn(section.table, section.columns, [batch]);
    } catch (error) {
      const line = copyLine(error);
      throw input.at(
        line === null ? batchFirstLine : batchFirstLine + line - 1,
        `table ${section.table}: ${(error as Error).message}`,
      );
    }
    batch = "";
  };
  for (;;) {
    const row = await input.next();
    if (row === END_OF_ROWS) break;
    const text = `${row}\n`;
    hash.update(text);
    rows++;
    if (!batch) batchFirstLine = input.line;
    batch += text;
    if (batch.length >= BATCH_CHARS) await flush();
  }
  await flush();
  const trailer = await input.parsed(parseTrailer);
  if (trailer.rows !== rows)
    throw input.at(input.line, `table ${section.table}: ${rows} rows, its trailer says ${trailer.rows}`);
  if (trailer.sha256 !== hash.digest("hex"))
    throw input.at(
      input.line,
      `table ${section.table}: its rows do not match the trailer's sha256 (altered?)`,
    );
  return { table: section.table, expected: rows, rows };
}
