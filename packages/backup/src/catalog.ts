/**
 * What a database holds, read from its catalog: the tables of the `public` schema in foreign-key
 * order with their stored columns, primary keys and sequences, and the migrations applied.
 * Generated columns are left out: the target computes them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_FOLDER, type RawTransaction } from "@atalaya/db";
import { foreignKeyOrder, type Migration } from "./format";

export interface Column {
  name: string;
  /** As format_type names it, for literals of this type. */
  type: string;
  /** Text-like: ordered by collation. */
  collatable: boolean;
}

export interface Table {
  name: string;
  columns: Column[];
  /** Primary-key columns in key order; empty for a table without one. */
  primaryKey: string[];
  /** Serial and identity columns with their sequence, set past the loaded rows after a restore. */
  sequences: Array<{ column: string; sequence: string }>;
}

/** An identifier quoted (a column may be named by a keyword, like `check`). */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Seeded by `migrate` (reference data): not content, so not what makes a database non-empty. */
export const SEEDED_TABLES: ReadonlySet<string> = new Set(["countries"]);

export async function readTables(tx: RawTransaction): Promise<Table[]> {
  const columns = await tx.query<{
    table: string;
    column: string;
    type: string;
    generated: boolean;
    collatable: boolean;
    key_position: number | null;
    sequence: string | null;
  }>(`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
      a.attgenerated::text <> '' as generated, t.typcollation <> 0 as collatable,
      (select k.position::int from pg_index i, unnest(i.indkey::int2[]) with ordinality k(attnum, position)
        where i.indrelid = c.oid and i.indisprimary and k.attnum = a.attnum) as key_position,
      pg_get_serial_sequence(quote_ident(c.relname), a.attname) as sequence
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    where c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname, a.attnum`);
  const references = await tx.query<{ child: string; parent: string }>(`
    select child.relname as child, parent.relname as parent
    from pg_constraint f
    join pg_class child on child.oid = f.conrelid
    join pg_class parent on parent.oid = f.confrelid
    where f.contype = 'f' and f.connamespace = 'public'::regnamespace`);
  const tables = new Map<string, Table & { keys: Array<[number, string]> }>();
  for (const c of columns) {
    let table = tables.get(c.table);
    if (!table) {
      table = { name: c.table, columns: [], primaryKey: [], sequences: [], keys: [] };
      tables.set(c.table, table);
    }
    if (c.key_position !== null) table.keys.push([Number(c.key_position), c.column]);
    if (c.sequence) table.sequences.push({ column: c.column, sequence: c.sequence });
    if (!c.generated) table.columns.push({ name: c.column, type: c.type, collatable: c.collatable });
  }
  return foreignKeyOrder([...tables.keys()], references).map((name) => {
    const { keys, ...table } = tables.get(name) as Table & { keys: Array<[number, string]> };
    return { ...table, primaryKey: keys.sort((a, b) => a[0] - b[0]).map(([, column]) => column) };
  });
}

/** The migrations applied to the database, named by the journal's tags where it knows them. */
export async function readMigrations(tx: RawTransaction): Promise<Migration[]> {
  const exists = await tx.query<{ found: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as found",
  );
  if (!exists[0]?.found) return [];
  const applied = await tx.query<{ hash: string; created_at: string }>(
    "select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id",
  );
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: Array<{ when: number; tag: string }>;
  };
  const tags = new Map(journal.entries.map((e) => [String(e.when), e.tag]));
  return applied.map((m) => ({ tag: tags.get(m.created_at) ?? `created ${m.created_at}`, hash: m.hash }));
}

/**
 * Whether the database orders text as bytes (C, POSIX, C.UTF-8): then its own ordering, which
 * its indexes serve, equals `COLLATE "C"`, and dumps from either engine sort alike.
 */
export async function sortsAsBytes(tx: RawTransaction): Promise<boolean> {
  const samples = ["a", "B", "_", "-", " ", "ab", "a b", "Z", "é", "1", "aB", "Ab"];
  const [row] = await tx.query<{ sorted: string[] }>(
    `select array_agg(x order by x) as sorted from unnest(array[${samples
      .map((s) => `'${s}'`)
      .join(", ")}]) x`,
  );
  const bytes = [...samples].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return JSON.stringify(row?.sorted) === JSON.stringify(bytes);
}

/** Session settings under which COPY writes and reads the same text on every engine. */
export const PORTABLE_SETTINGS = [
  "set local timezone = 'UTC'",
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local extra_float_digits = 1",
  "set local bytea_output = 'hex'",
  "set local client_encoding = 'UTF8'",
];
