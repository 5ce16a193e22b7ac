/**
 * `dumpDatabase`: a database as the backup format's text, read from one consistent snapshot.
 *
 * - The server: one `repeatable read, read only` transaction on one connection; each table is a
 *   single `COPY (select … order by key) TO STDOUT` streamed in pieces.
 * - PGlite: one transaction that holds its thread from the first table to the last (pglite-thread
 *   serialises everything on the folder), so nothing can write in between; other work waits for
 *   the dump. PGlite hands a COPY's output over whole, so large tables are read in pages of
 *   PAGE_ROWS by key (`where (key) > (last key) order by key limit …`), never whole in memory.
 */
import { createHash } from "node:crypto";
import type { Database, RawTransaction } from "@atalaya/db";
import { PORTABLE_SETTINGS, quote, readMigrations, readTables, sortsAsBytes, type Table } from "./catalog";
import { type BackupHeader, copyField, END_OF_ROWS, FORMAT, FORMAT_VERSION } from "./format";

/** Rows per COPY on PGlite: about 10 MB of text for the widest large table (routes). */
const PAGE_ROWS = 100_000;

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** A value as a literal of its column's type. */
function literal(value: string, type: string): string {
  return `'${value.replace(/'/g, "''")}'::${type}`;
}

/** `select` of a table's stored columns in key order (all columns for a table without a key). */
function orderedSelect(table: Table, byteOrder: boolean) {
  const columns = table.columns.map((c) => c.name);
  const keyColumns = table.primaryKey.length
    ? table.primaryKey.map(
        (name) => table.columns.find((c) => c.name === name) ?? { name, collatable: false },
      )
    : table.columns;
  const sortKey = keyColumns
    .map((c) => (c.collatable && !byteOrder ? `${quote(c.name)} collate "C"` : quote(c.name)))
    .join(", ");
  return { columns, sortKey, select: `select ${columns.map(quote).join(", ")} from ${quote(table.name)}` };
}

/** A table's rows in COPY text, in pieces of whole lines. */
async function* tableRows(tx: RawTransaction, table: Table, byteOrder: boolean): AsyncGenerator<string> {
  const { columns, sortKey, select } = orderedSelect(table, byteOrder);
  if (tx.copyOutStreams || table.primaryKey.length === 0) {
    yield* tx.copyOut(`${select} order by ${sortKey}`);
    return;
  }
  const keyIndexes = table.primaryKey.map((name) => columns.indexOf(name));
  const keyTypes = table.primaryKey.map((name) => table.columns.find((c) => c.name === name)?.type ?? "text");
  let after = "";
  for (;;) {
    let page = "";
    for await (const piece of tx.copyOut(`${select}${after} order by ${sortKey} limit ${PAGE_ROWS}`))
      page += piece;
    if (!page) return;
    yield page;
    if (countLines(page) < PAGE_ROWS) return;
    const last = page.slice(page.lastIndexOf("\n", page.length - 2) + 1, -1).split("\t");
    const values = keyIndexes.map((i, k) => literal(copyField(last[i] ?? "") ?? "", keyTypes[k] as string));
    after = ` where (${sortKey}) > (${values.join(", ")})`;
  }
}

/**
 * Every table of `database` in the backup format: text in pieces of whole lines, produced as
 * the reader asks for them (the snapshot stays open until the last piece is read, or the reader
 * stops, which rolls it back).
 */
export function dumpDatabase(database: Database): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]: () =>
      produce<string>((emit) =>
        database.rawTransaction(async (tx) => {
          await tx.query("set transaction isolation level repeatable read, read only");
          for (const setting of PORTABLE_SETTINGS) await tx.query(setting);
          const tables = await readTables(tx);
          const byteOrder = await sortsAsBytes(tx);
          const header: BackupHeader = {
            format: FORMAT,
            version: FORMAT_VERSION,
            created: new Date().toISOString(),
            source: database.engine,
            migrations: await readMigrations(tx),
          };
          await emit(`${JSON.stringify(header)}\n`);
          for (const table of tables) {
            await emit(
              `${JSON.stringify({ table: table.name, columns: table.columns.map((c) => c.name) })}\n`,
            );
            const hash = createHash("sha256");
            let rows = 0;
            for await (const piece of tableRows(tx, table, byteOrder)) {
              hash.update(piece);
              rows += countLines(piece);
              await emit(piece);
            }
            await emit(`${END_OF_ROWS}\n${JSON.stringify({ rows, sha256: hash.digest("hex") })}\n`);
          }
          await emit(`${JSON.stringify({ end: true, tables: tables.length })}\n`);
        }),
      ),
  };
}

class Stopped extends Error {}

/** How many pieces may wait for the reader: a few megabytes. */
const QUEUE = 4;

/**
 * Turns a producer that pushes (`emit`, which waits while the reader is behind) into an async
 * iterator the reader pulls from. The producer starts at the first `next`; a reader that stops
 * early makes the pending `emit` throw, so the producer's transaction rolls back.
 */
function produce<T>(run: (emit: (item: T) => Promise<void>) => Promise<void>): AsyncIterator<T> {
  const queue: T[] = [];
  let done = false;
  let failure: unknown = null;
  let stopped = false;
  let wakeReader: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  let started: Promise<void> | null = null;
  const signal = (which: "reader" | "producer") => {
    const wake = which === "reader" ? wakeReader : wakeProducer;
    if (which === "reader") wakeReader = null;
    else wakeProducer = null;
    wake?.();
  };
  const emit = async (item: T) => {
    while (queue.length >= QUEUE && !stopped) await new Promise<void>((r) => (wakeProducer = r));
    if (stopped) throw new Stopped();
    queue.push(item);
    signal("reader");
  };
  const start = () => {
    started ??= run(emit).then(
      () => {
        done = true;
        signal("reader");
      },
      (error) => {
        done = true;
        if (!(error instanceof Stopped)) failure = error;
        signal("reader");
      },
    );
  };
  return {
    async next() {
      start();
      for (;;) {
        if (queue.length > 0) {
          const value = queue.shift() as T;
          signal("producer");
          return { value, done: false };
        }
        if (failure) throw failure;
        if (done) return { value: undefined, done: true };
        await new Promise<void>((r) => (wakeReader = r));
      }
    },
    async return() {
      stopped = true;
      signal("producer");
      await started;
      return { value: undefined, done: true };
    },
  };
}
