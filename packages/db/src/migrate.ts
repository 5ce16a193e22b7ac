/**
 * Applies the SQL migrations that drizzle-kit generated into `db/migrations`, then upserts the
 * reference data the schema needs (the LACNIC countries). Runs at every start-up; both steps are
 * idempotent.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LACNIC_COUNTRIES } from "@atalaya/net";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePgliteDb } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgresDb } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Db } from "./client";
import { countries } from "./schema/index";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../db/migrations", import.meta.url));

/**
 * Arbitrary constant naming Atalaya's migration lock among advisory locks. A session holding it
 * shows in pg_locks as an advisory lock with classid 0 and objid 727001 (readiness looks there).
 */
export const MIGRATION_LOCK = 727_001;

/** Where drizzle's migrators (both engines) record each migration applied, by its journal time. */
export const MIGRATIONS_TABLE = "drizzle.__drizzle_migrations";

export interface KnownMigration {
  tag: string;
  /** The journal's `when`: drizzle records it as the applied row's `created_at`. */
  when: number;
}

let known: KnownMigration[] | null = null;

/** The migrations this code ships (db/migrations/meta/_journal.json), read once. */
export function knownMigrations(): KnownMigration[] {
  known ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
      entries: Array<{ tag: string; when: number }>;
    }
  ).entries.map((e) => ({ tag: e.tag, when: e.when }));
  return known;
}

/**
 * Why a database whose journal holds `applied` (the `created_at` of each row of MIGRATIONS_TABLE)
 * does not match this code, in words; null when it matches. Behind: migrations this code ships
 * are missing (not yet run, or a row lost). Ahead: the database was migrated by newer code.
 */
export function migrationMismatch(applied: readonly number[]): string | null {
  const expected = knownMigrations();
  const have = new Set(applied);
  const missing = expected.filter((m) => !have.has(m.when));
  const ours = new Set(expected.map((m) => m.when));
  const unknown = applied.filter((when) => !ours.has(when));
  if (unknown.length > 0) {
    return `the database has ${unknown.length} migration(s) this version does not know (migrated by newer code?)`;
  }
  if (missing.length > 0) {
    const tags = missing.map((m) => m.tag);
    const named = tags.length > 3 ? `${tags.slice(0, 3).join(", ")}, …` : tags.join(", ");
    return `the database is ${missing.length} migration(s) behind this version (${named})`;
  }
  return null;
}

export async function migratePglite(client: PGlite): Promise<void> {
  await migratePgliteDb(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * Several processes may start against one server at once (API and a cron'd ingest): a session
 * advisory lock on a dedicated single connection makes them migrate one after the other.
 */
export async function migratePostgres(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgresDb(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insert(countries)
    .values(
      LACNIC_COUNTRIES.map((c) => ({ cc: c.cc, name: c.name, subRegion: c.subRegion, inLacnicRegion: true })),
    )
    .onConflictDoUpdate({
      target: countries.cc,
      set: {
        name: sql`excluded.name`,
        subRegion: sql`excluded.sub_region`,
        inLacnicRegion: sql`excluded.in_lacnic_region`,
      },
    });
}
