/** AS names end to end against the real potaroo list (not valid UTF-8 everywhere). */
import type { Database } from "@atalaya/db";
import { asns } from "@atalaya/db";
import { asNamesSource, runIngest } from "@atalaya/ingest";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const potaroo = realData("asnames-potaroo/asn-20190327.txt.gz");

describe.each(targets)("AS names on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it.skipIf(!potaroo)("loads every line of the potaroo list", async () => {
    const result = await runIngest(asNamesSource, { file: potaroo as string }, testContext(database));
    // 76,755 lines, one per ASN (PROVENANCE.md; `zcat … | wc -l`).
    expect(result).toMatchObject({ status: "succeeded", rows: 76_755, rejected: 0 });
    const [total] = await database.db.select({ n: count() }).from(asns);
    expect(total?.n).toBe(76_755);
    const [cantv] = await database.db.select().from(asns).where(eq(asns.asn, 8048));
    expect(cantv).toMatchObject({ name: expect.stringContaining("CANTV Servicios, Venezuela"), cc: "VE" });
    // No line may lose characters to U+FFFD: invalid UTF-8 is read as Latin-1 instead.
    const names = await database.db.select({ name: asns.name }).from(asns);
    expect(names.filter((n) => n.name.includes("\uFFFD"))).toEqual([]);
  });
});
