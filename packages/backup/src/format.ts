/**
 * The backup format, as pure code: one gzip stream of text lines, the same whichever engine wrote
 * it or will read it.
 *
 *     {"format":"atalaya-backup","version":1,"created":…,"source":"pglite","migrations":[…]}
 *     {"table":"asns","columns":["asn","name",…]}
 *     <one row per line, in Postgres COPY text format, sorted by primary key>
 *     \.
 *     {"rows":1234,"sha256":"…"}          (over the section's row lines, newlines included)
 *     … one section per table, parents before children …
 *     {"end":true,"tables":52}
 *
 * COPY's text format escapes newlines, tabs and backslashes inside values, so a row is one line
 * and no row can read `\.`, which is COPY's own end-of-data marker.
 */

export const FORMAT = "atalaya-backup";
export const FORMAT_VERSION = 1;
export const END_OF_ROWS = "\\.";

export interface Migration {
  tag: string;
  hash: string;
}

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  created: string;
  source: string;
  migrations: Migration[];
}

export interface SectionHeader {
  table: string;
  columns: string[];
}

export interface SectionTrailer {
  rows: number;
  sha256: string;
}

export interface BackupEnd {
  end: true;
  tables: number;
}

/** A line of the file that breaks the format; the reader adds the file and line. */
export class FormatError extends Error {
  override name = "FormatError";
}

function parseJson(line: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new FormatError(`expected ${what}, found ${JSON.stringify(line.slice(0, 80))}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new FormatError(`expected ${what}, found ${JSON.stringify(line.slice(0, 80))}`);
  return value as Record<string, unknown>;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string");

export function parseHeader(line: string): BackupHeader {
  const value = parseJson(line, "an Atalaya backup header");
  if (value.format !== FORMAT) throw new FormatError("not an Atalaya backup (no atalaya-backup header)");
  if (value.version !== FORMAT_VERSION)
    throw new FormatError(
      `backup format version ${String(value.version)}; this Atalaya reads version ${FORMAT_VERSION}`,
    );
  const migrations = value.migrations;
  if (
    !Array.isArray(migrations) ||
    !migrations.every(
      (m) => m && typeof m === "object" && typeof m.tag === "string" && typeof m.hash === "string",
    )
  )
    throw new FormatError("the header's migrations are not a list of {tag, hash}");
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    created: String(value.created),
    source: String(value.source),
    migrations: migrations as Migration[],
  };
}

/** A table's header, or the end line: the two lines that may follow a section (or the header). */
export function parseSectionOrEnd(line: string): SectionHeader | BackupEnd {
  const value = parseJson(line, "a table header or the end line");
  if (value.end === true) {
    if (!Number.isSafeInteger(value.tables)) throw new FormatError("the end line has no table count");
    return { end: true, tables: value.tables as number };
  }
  if (typeof value.table !== "string" || !isStringArray(value.columns) || value.columns.length === 0)
    throw new FormatError("a table header needs a table name and its columns");
  return { table: value.table, columns: value.columns };
}

export function parseTrailer(line: string): SectionTrailer {
  const value = parseJson(line, "a table's trailer");
  if (!Number.isSafeInteger(value.rows) || typeof value.sha256 !== "string")
    throw new FormatError("a table's trailer needs rows and sha256");
  return { rows: value.rows as number, sha256: value.sha256 };
}

/** The value of one field of a COPY text line (backslash escapes undone; null for `\N`). */
export function copyField(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
  return field.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

/**
 * Tables ordered so that every table comes after those its foreign keys reference, ties by
 * name (the same schema always gives the same order). A table referencing itself is no edge.
 */
export function foreignKeyOrder(
  tables: readonly string[],
  references: ReadonlyArray<{ child: string; parent: string }>,
): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references)
    if (child !== parent && parents.has(parent)) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort();
  while (remaining.length > 0) {
    const next = remaining.findIndex((t) => [...(parents.get(t) ?? [])].every((p) => placed.has(p)));
    if (next < 0) throw new Error(`foreign keys form a cycle among ${remaining.join(", ")}`);
    const [table] = remaining.splice(next, 1) as [string];
    ordered.push(table);
    placed.add(table);
  }
  return ordered;
}
