/**
 * Runs whose process died: marked failed ("interrupted") by whoever next takes the source's lock,
 * their staging rows removed, and never counted in the data version. A run that still holds its
 * lock is left alone. On both engines.
 */

import { writeFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, ingestRuns } from "@atalaya/db";
import { generateDemo, loadDemo } from "@atalaya/demo";
import {
  delegatedSource,
  INTERRUPTED,
  recoverInterruptedRuns,
  runIngest,
  startRun,
  withSourceLock,
} from "@atalaya/ingest";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

/** What a process killed between COPY and publish leaves: a `running` run with staging rows. */
async function orphan(database: Database, source: string): Promise<number> {
  const runId = await startRun(database.db, source, "/killed/mid-way", false);
  await database.db.execute(sql`
    insert into registry_resources_staging (run_id, registry, cc, type, asn, prefix, date, status, holder_id, line)
    select ${runId}, registry, cc, type, asn, prefix, date, status, holder_id, line
    from registry_resources limit 50`);
  return runId;
}

async function stagingRows(database: Database, runId: number): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`select count(*)::int as n from registry_resources_staging where run_id = ${runId}`,
  );
  return row?.n ?? -1;
}

async function status(database: Database, runId: number) {
  const [row] = await database.db
    .select({ status: ingestRuns.status, error: ingestRuns.error })
    .from(ingestRuns)
    .where(eq(ingestRuns.id, runId));
  return row;
}

describe.each(targets)("interrupted runs on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
  });
  afterAll(async () => dispose?.());

  it("marks a dead run failed at start-up, removes its staging rows, and leaves the data version alone", async () => {
    const app = createApp({ database, log: silentLogger });
    const before = (await (await app.request("/api/v1/region")).json()) as { meta: { latestRunId: number } };
    const runId = await orphan(database, "delegated");
    expect(await stagingRows(database, runId)).toBe(50);

    // A run that started and never published is not the latest data.
    const during = (await (await app.request("/api/v1/region")).json()) as { meta: { latestRunId: number } };
    expect(during.meta.latestRunId).toBe(before.meta.latestRunId);
    expect(runId).toBeGreaterThan(before.meta.latestRunId);

    expect(await recoverInterruptedRuns(database, silentLogger)).toEqual([runId]);
    expect(await status(database, runId)).toEqual({ status: "failed", error: INTERRUPTED });
    expect(await stagingRows(database, runId)).toBe(0);
    const after = (await (await app.request("/api/v1/region")).json()) as { meta: { latestRunId: number } };
    expect(after.meta.latestRunId).toBe(before.meta.latestRunId);
  });

  it("leaves a run alone while it holds its lock", async () => {
    let release: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runId = 0;
    const locked = withSourceLock(database, "asnames", silentLogger, async () => {
      runId = await startRun(database.db, "asnames", "/still/running", false);
      await holding;
    });
    while (runId === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await recoverInterruptedRuns(database, silentLogger)).toEqual([]);
    expect((await status(database, runId))?.status).toBe("running");
    release();
    await locked;
    // Its process is gone now (as far as anyone can tell): the next one clears it.
    expect(await recoverInterruptedRuns(database, silentLogger)).toEqual([runId]);
  });

  it("clears a dead run of the source before the next run of it", async () => {
    const runId = await orphan(database, "delegated");
    const file = path.join(tempDir(), "delegated-lacnic-extended-20261101");
    writeFileSync(file, generateDemo().delegated);
    const result = await withSourceLock(database, "delegated", silentLogger, () =>
      runIngest(delegatedSource, { file }, testContext(database)),
    );
    expect(result.acquired).toBe(true);
    expect(await status(database, runId)).toEqual({ status: "failed", error: INTERRUPTED });
    expect(await stagingRows(database, runId)).toBe(0);
  });
});
