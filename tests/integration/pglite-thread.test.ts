/** The embedded engine on its own thread: the event loop stays free, and cancelled work goes. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PgliteThread, QueryCancelledError, withQuerySignal } from "@atalaya/db";
import { afterAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "atalaya-thread-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

describe("PgliteThread", () => {
  it("keeps the event loop free while a statement runs", async () => {
    const thread = await PgliteThread.start(undefined);
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      await thread.query("select pg_sleep(0.5)");
      clearInterval(ticker);
      // On the calling thread the timer could not fire at all until the statement ended.
      expect(ticks).toBeGreaterThan(10);
    } finally {
      await thread.close();
    }
  });

  it("stops a running statement when its signal aborts, keeping committed data and undoing the rest", async () => {
    const thread = await PgliteThread.start(folder());
    try {
      await thread.exec("create table t (x int); insert into t values (1)");
      const controller = new AbortController();
      const slow = withQuerySignal(controller.signal, () =>
        thread.transaction(async (tx) => {
          await tx.query("insert into t values (2)");
          await tx.query("select pg_sleep(60)");
        }),
      );
      setTimeout(() => controller.abort(), 300);
      const started = performance.now();
      await expect(slow).rejects.toBeInstanceOf(QueryCancelledError);
      expect(performance.now() - started).toBeLessThan(10_000);
      // A new thread has the folder: the committed row is there, the cancelled insert is not.
      const rows = await thread.query<{ x: number }>("select x from t order by x");
      expect(rows.rows).toEqual([{ x: 1 }]);
      expect(thread.status().restarts).toBe(1);
    } finally {
      await thread.close();
    }
  });

  it("drops a queued statement whose signal aborts, leaving the one that runs alone", async () => {
    const thread = await PgliteThread.start(undefined);
    try {
      const running = thread.query<{ ok: number }>("select 1 as ok from pg_sleep(0.8)");
      const controller = new AbortController();
      const queued = withQuerySignal(controller.signal, () => thread.query("select 2"));
      expect(thread.status()).toMatchObject({ state: "busy", queued: 1 });
      controller.abort();
      await expect(queued).rejects.toBeInstanceOf(QueryCancelledError);
      expect((await running).rows).toEqual([{ ok: 1 }]);
      expect(thread.status().restarts).toBe(0);
    } finally {
      await thread.close();
    }
  });

  it("runs transactions whole, one at a time, and rolls back the one that throws", async () => {
    const thread = await PgliteThread.start(undefined);
    try {
      await thread.exec("create table t (x int)");
      const failing = thread.transaction(async (tx) => {
        await tx.query("insert into t values (1)");
        throw new Error("no");
      });
      const other = thread.query("insert into t values (2)");
      await expect(failing).rejects.toThrow("no");
      await other;
      expect((await thread.query("select x from t")).rows).toEqual([{ x: 2 }]);
    } finally {
      await thread.close();
    }
  });

  it("returns a large result whole, in order, though it crosses in parts", async () => {
    const thread = await PgliteThread.start(undefined);
    try {
      const result = await thread.query<{ g: number }>(
        "select g from generate_series(1, 25001) g order by g",
      );
      expect(result.rows).toHaveLength(25001);
      expect(result.rows[0]).toEqual({ g: 1 });
      expect(result.rows[10_000]).toEqual({ g: 10_001 });
      expect(result.rows.at(-1)).toEqual({ g: 25001 });
      expect(result.fields.map((f) => f.name)).toEqual(["g"]);
    } finally {
      await thread.close();
    }
  });

  it("keeps Postgres error fields (code, constraint) across the thread", async () => {
    const thread = await PgliteThread.start(undefined);
    try {
      await thread.exec("create table u (x int primary key); insert into u values (1)");
      await expect(thread.query("insert into u values (1)")).rejects.toMatchObject({
        code: "23505",
        constraint: "u_pkey",
      });
    } finally {
      await thread.close();
    }
  });
});
