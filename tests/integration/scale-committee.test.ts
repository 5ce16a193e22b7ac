/**
 * The scale benchmark's committee history, small: over the demo dataset, three Challenge cycles of
 * five entries and an audit log of 2,000 rows, built through the library. The public results
 * show the released cycles, and the audit chain holds exactly the rows asked for.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { verifyAuditLog } from "@atalaya/audit";
import { silentLogger } from "@atalaya/config";
import { auditLog, type Database, organisations, serviceChecks } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { type EvidencePack, verifyPack } from "@atalaya/evidence";
import { METHOD_VERSION } from "@atalaya/metrics";
import { loadCommitteeHistory } from "@atalaya/scale";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

const json = async <T>(app: ReturnType<typeof createApp>, url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
};

describe.each(targets)("the scale committee history on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let history: Awaited<ReturnType<typeof loadCommitteeHistory>>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    const orgs = await database.db
      .select({ registry: organisations.registry, holderId: organisations.holderId, cc: organisations.cc })
      .from(organisations);
    history = await loadCommitteeHistory(
      database,
      orgs.map((o) => ({ id: `${o.registry}:${o.holderId}`, cc: o.cc })),
      { cycles: 3, entriesPerCycle: 5, auditRows: 2_000 },
    );
    app = createApp({ database, log: silentLogger });
  }, 300_000);
  afterAll(async () => dispose?.());

  it("lists the released Challenge cycles and Jim Bound cycles, the newest Challenge still in review", async () => {
    expect(history.challengeCycleIds).toHaveLength(3);
    expect(history.entries).toBe(15);
    const index = await json<{
      data: { challenge: Array<{ id: number }>; jimBound: Array<{ id: number }> };
    }>(app, "/api/v1/results");
    expect(index.status).toBe(200);
    expect(index.body.data.challenge.map((c) => c.id)).toEqual(history.challengeCycleIds.slice(0, 2));
    expect(index.body.data.jimBound.map((c) => c.id).sort()).toEqual([...history.awardCycleIds].sort());
    const newest = history.challengeCycleIds[2];
    expect((await app.request(`/api/v1/results/challenge/${newest}`)).status).toBe(404);
  });

  it("publishes each released Challenge cycle with scores, outcomes and check history", async () => {
    for (const id of history.challengeCycleIds.slice(0, 2)) {
      const results = await json<{
        data: {
          entries: Array<{ outcome: string | null; reviews: number; checks: { total: number } }>;
        };
      }>(app, `/api/v1/results/challenge/${id}`);
      expect(results.status).toBe(200);
      const entries = results.body.data.entries;
      expect(entries).toHaveLength(5);
      expect(entries.filter((e) => e.outcome === "winner")).toHaveLength(1);
      expect(entries.some((e) => e.outcome === "finalist")).toBe(true);
      for (const entry of entries) {
        expect(entry.reviews).toBeGreaterThan(0);
        expect(entry.checks.total).toBeGreaterThan(0);
      }
    }
    const [checks] = await database.db.select({ n: count() }).from(serviceChecks);
    expect(checks?.n).toBeGreaterThan(15 * 3);
  });

  it("publishes each Jim Bound cycle with awarded subjects and their frozen evidence", async () => {
    expect(history.awardCycleIds.length).toBeGreaterThan(0);
    for (const id of history.awardCycleIds) {
      const results = await json<{
        data: { awarded: Array<{ nominationId: number; evidence: { methodVersion: string } }> };
      }>(app, `/api/v1/results/jim-bound/${id}`);
      expect(results.status).toBe(200);
      expect(results.body.data.awarded.length).toBeGreaterThan(0);
      for (const a of results.body.data.awarded) {
        expect(a.evidence.methodVersion).toBe(METHOD_VERSION);
        // The decision's evidence pack, as the public downloads it, verifies offline.
        const pack = await app.request(
          `/api/v1/results/jim-bound/${id}/evidence/${a.nominationId}?format=json`,
        );
        expect(pack.status).toBe(200);
        expect(verifyPack((await pack.json()) as EvidencePack)).toMatchObject({ ok: true, problems: [] });
      }
    }
  });

  it("leaves an intact audit chain of exactly the rows asked for", async () => {
    const [rows] = await database.db.select({ n: count() }).from(auditLog);
    expect(rows?.n).toBe(2_000);
    expect(history.auditRows).toBe(2_000);
    // What `atalaya audit verify` runs.
    const verified = await verifyAuditLog(database);
    expect(verified.problems).toEqual([]);
    expect(verified.rows).toBe(2_000);
  });
});
