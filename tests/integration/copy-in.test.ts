/**
 * `Database.copyIn`, the bulk path every ingest loads through: rows arrive in order and counted,
 * and a COPY the database refuses part-way (a bad value deep in a large load) rejects with the
 * database's reason instead of waiting forever for a stream that will never drain.
 */
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";

describe.each(targets)("copyIn on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await database.db.execute(sql`create table copy_probe (n integer not null, label text not null)`);
  });
  afterAll(async () => dispose?.());

  function* lines(count: number, badAt: number | null): Generator<string> {
    const padding = "x".repeat(200);
    for (let i = 0; i < count; i++) yield `${i === badAt ? "not-a-number" : i}\t${padding}\n`;
  }

  it("loads every row it is given", async () => {
    expect(await database.copyIn("copy_probe", ["n", "label"], lines(50_000, null))).toBe(50_000);
    const [row] = await database.rows<{ n: number; total: number }>(
      sql`select count(*)::int as n, sum(n)::float8 as total from copy_probe`,
    );
    expect(row).toEqual({ n: 50_000, total: (49_999 * 50_000) / 2 });
  });

  it("rejects a load the database refuses part-way, and keeps none of it", async () => {
    await database.db.execute(sql`truncate copy_probe`);
    // ~20 MB: far past the first write, so the refusal arrives while rows are still being sent.
    const load = database.copyIn("copy_probe", ["n", "label"], lines(100_000, 2_000));
    await expect(load).rejects.toThrow(/integer|not-a-number/);
    const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from copy_probe`);
    expect(row?.n).toBe(0);
  }, 60_000);
});
