/**
 * Readiness (`/api/health?ready=1`) beside liveness (`/api/health`) on each engine: ready on a
 * migrated database; not ready while migrations run (a session holding the migration lock on the
 * server, migrate() running on PGlite), when the database's journal lacks a migration this code
 * ships or has one it does not know, or when it was never migrated; liveness stays 200 throughout.
 */
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, knownMigrations, MIGRATION_LOCK, openDatabase } from "@atalaya/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdTransaction, targets } from "../helpers/databases";
import { tempDir } from "../helpers/ingest";

type Answer = { status: number; body: { ready?: boolean; error?: { code: string; message: string } } };

async function ask(app: ReturnType<typeof createApp>, url: string): Promise<Answer> {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

const ready = (app: ReturnType<typeof createApp>) => ask(app, "/api/health?ready=1");
const live = (app: ReturnType<typeof createApp>) => ask(app, "/api/health");

function expectNotReady(answer: Answer, reason: RegExp) {
  expect(answer.status).toBe(503);
  expect(answer.body.error?.code).toBe("UNAVAILABLE");
  expect(answer.body.error?.message).toMatch(/^not ready: /);
  expect(answer.body.error?.message).toMatch(reason);
}

const last = knownMigrations().at(-1) as { tag: string; when: number };

describe.each(targets)("readiness on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let url: string | undefined;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ database, dispose, url } = await target.open());
    app = createApp({ database, log: silentLogger });
  });
  afterAll(async () => dispose?.());

  it("is ready on a migrated database, and liveness is unchanged", async () => {
    const answer = await ready(app);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "ok", database: target.name, ready: true });
    const alive = await live(app);
    expect(alive.status).toBe(200);
    expect(alive.body.ready).toBeUndefined();
    expect((await app.request("/api/health?ready=yes")).status).toBe(400);
  });

  it.runIf(target.name === "postgres")(
    "is not ready while another session holds the migration lock, and ready once it lets go",
    async () => {
      const other = postgres(url as string, { max: 1, onnotice: () => {} });
      try {
        await other`select pg_advisory_lock(${MIGRATION_LOCK})`;
        expectNotReady(await ready(app), /migrations are running/);
        expect((await live(app)).status).toBe(200);
        // A migration started now waits for the lock: still not ready until it has run.
        const migrating = database.migrate();
        expectNotReady(await ready(app), /migrations are running/);
        await other`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        await migrating;
        expect((await ready(app)).status).toBe(200);
      } finally {
        await other.end({ timeout: 5 });
      }
    },
  );

  it.runIf(target.name === "pglite")("is not ready while migrate() runs", async () => {
    // A transaction holds the engine, so the migration waits behind it, running all the while.
    const release = await holdTransaction(database);
    const migrating = database.migrate();
    try {
      expectNotReady(await ready(app), /migrations are running/);
      // Liveness reads the thread's state: busy, and alive.
      expect((await live(app)).status).toBe(200);
    } finally {
      await release();
      await migrating;
    }
    expect((await ready(app)).status).toBe(200);
  });

  it.runIf(target.name === "postgres")(
    "is not ready when the journal lacks a migration this code ships, or has one it does not know",
    async () => {
      const [row] = await database.rows<{ id: number; hash: string; created_at: string }>(
        sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      );
      expect(Number(row?.created_at)).toBe(last.when);
      await database.rows(sql`delete from drizzle.__drizzle_migrations where id = ${row?.id}`);
      expectNotReady(
        await ready(app),
        new RegExp(`1 migration\\(s\\) behind this version \\(${last.tag}\\)`),
      );
      expect((await live(app)).status).toBe(200);
      await database.rows(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row?.id}, ${row?.hash}, ${row?.created_at})`,
      );
      expect((await ready(app)).status).toBe(200);
      await database.rows(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${last.when + 1000})`,
      );
      expectNotReady(await ready(app), /1 migration\(s\) this version does not know/);
      await database.rows(sql`delete from drizzle.__drizzle_migrations where hash = 'from-the-future'`);
      expect((await ready(app)).status).toBe(200);
    },
  );

  it("is not ready on a database that was never migrated, while liveness answers", async () => {
    const fresh =
      target.name === "pglite"
        ? await openDatabase({})
        : await (async () => {
            // A schema-less twin: the journal's schema dropped from a database of its own.
            await database.rows(sql`drop schema drizzle cascade`);
            return database;
          })();
    try {
      const bare = createApp({ database: fresh, log: silentLogger });
      expectNotReady(await ready(bare), /the database has not been migrated/);
      expect((await live(bare)).status).toBe(200);
    } finally {
      if (fresh !== database) await fresh.close();
    }
  });
});

describe("readiness of an embedded folder migrated by other code", () => {
  it("is not ready when its journal lacks a migration, read when the folder is opened without migrating", async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    await first.migrate();
    expect((await first.readiness(1500)).ready).toBe(true);
    // As an older version's migration would leave it: the last migration not in the journal.
    await first.rows(sql`delete from drizzle.__drizzle_migrations where created_at = ${last.when}`);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    try {
      const app = createApp({ database: second, log: silentLogger });
      expectNotReady(await ready(app), new RegExp(`behind this version \\(${last.tag}\\)`));
      expect((await live(app)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
