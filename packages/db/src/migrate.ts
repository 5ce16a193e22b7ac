/**
 * Applies the SQL migrations that drizzle-kit generated into `db/migrations`, then upserts the
 * reference data the schema needs (the LACNIC countries). Runs at every start-up; both steps are
 * idempotent.
 */
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

/** Arbitrary constant naming Atalaya's migration lock among advisory locks. */
const MIGRATION_LOCK = 727_001;

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
