/**
 * One slow request never stops the service, on either engine: a request held up in the database
 * past its limit is cancelled there and answered 503 with its request id, while health and
 * responses already cached keep answering.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { createLogger } from "@atalaya/config";
import { type Database, isCancelled, openDatabase, withQuerySignal } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

/**
 * Holds the database busy the way a long ingest would, for `seconds`: PGlite's one engine runs a
 * transaction that sleeps; on the server, a transaction locks the table the request reads.
 */
function holdBusy(database: Database, seconds: number): Promise<unknown> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table countries in access exclusive mode`);
    await tx.execute(sql`select pg_sleep(${seconds})`);
  });
}

describe.each(targets)("request time limit on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const logged: string[] = [];

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    app = createApp({
      database,
      log: createLogger("info", (line) => logged.push(line)),
      queryTimeoutMs: 1000,
    });
  });
  afterAll(async () => dispose?.());

  it("cancels a request past the limit with 503, while health and cached answers keep coming", async () => {
    const cached = await app.request("/api/v1/region");
    expect(cached.status).toBe(200);

    let busyEnded = false;
    const busy = holdBusy(database, 5).finally(() => {
      busyEnded = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const health = await app.request("/api/health");
    expect(health.status).toBe(200);
    const again = await app.request("/api/v1/region");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await cached.json());

    const slow = await app.request("/api/v1/countries");
    expect(slow.status).toBe(503);
    const body = (await slow.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("TIMEOUT");
    expect(body.error.requestId).toBe(slow.headers.get("x-request-id"));
    // All of that happened while the database was still held.
    expect(busyEnded).toBe(false);
    const line = logged.find((l) => l.includes("request cancelled"));
    expect(line).toContain("route=/api/v1/countries");
    expect(line).toMatch(/ms=\d+/);

    if (target.name === "postgres") {
      // Cancelled in the server, not merely abandoned: nothing of the request still waits there.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await database.rows<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike '%countries%'`);
      expect(waiting[0]?.n).toBe(0);
    }
    await busy;
    // And the service is whole afterwards.
    expect((await app.request("/api/v1/countries")).status).toBe(200);
  });

  it("cancels a statement that is running, not only waiting", async () => {
    // PGlite stops a running statement by replacing its thread, which needs the data on disk (in
    // memory a new thread would start empty, so there the statement is left to end unheard).
    const onDisk = target.name === "pglite" ? await openDatabase({ dataDir: tempDir() }) : null;
    const db = onDisk ?? database;
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500);
      const failure = await withQuerySignal(controller.signal, () => db.rows(sql`select pg_sleep(30)`)).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isCancelled(failure)).toBe(true);
      // Nothing of the sleep is left running: the server lists no such statement; PGlite's
      // thread was replaced (a new one is starting or idle on the same folder).
      if (target.name === "postgres") {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const [running] = await db.rows<{ n: number }>(sql`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state = 'active' and query like '%pg_sleep(%'
            and pid <> pg_backend_pid()`);
        expect(running?.n).toBe(0);
      } else {
        expect(await db.health(1000)).toMatchObject({
          ok: true,
          detail: expect.stringMatching(/^PGlite thread (starting|idle)$/),
        });
      }
      const [row] = await db.rows<{ one: number }>(sql`select 1 as one`);
      expect(row?.one).toBe(1);
    } finally {
      await onDisk?.close();
    }
  });
});
