/**
 * `/api/v1/sources` is public: it names where each source's data came from (the URL, so people
 * can cite it) but never the server's own paths, neither in a run's location nor in its error.
 */
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, ingestRuns } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

interface Source {
  name: string;
  lastGoodRun: { location: string; locationKind: string } | null;
  lastRun: { status: string; error: string | null } | null;
}

describe.each(targets)("sources without server paths on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const demoDir = path.join(tempDir(), "demo");

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    // The demo is loaded from files under an absolute path, as `--file` loads are.
    await loadDemo(demoDir, testContext(database));
    await database.db.insert(ingestRuns).values([
      {
        source: "mrt",
        location: "https://data.ris.ripe.net/rrc15/latest-bview.gz",
        status: "succeeded",
        finishedAt: new Date(),
      },
      {
        source: "mrt",
        location: path.join(demoDir, "broken.mrt"),
        status: "failed",
        finishedAt: new Date(),
        error: `${path.join(demoDir, "broken.mrt")}:7: truncated record; see '${demoDir}/rejected.txt'`,
      },
    ]);
  });
  afterAll(async () => dispose?.());

  it("shows URLs of fetched sources and only base names of local files", async () => {
    const res = await createApp({ database, log: silentLogger }).request("/api/v1/sources");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(demoDir);
    expect(text).not.toMatch(/"location":"\//);
    const { data } = JSON.parse(text) as { data: Source[] };
    const delegated = data.find((s) => s.name === "delegated");
    expect(delegated?.lastGoodRun).toMatchObject({ locationKind: "file" });
    expect(delegated?.lastGoodRun?.location).toMatch(/^[^/]+$/);
    const mrt = data.find((s) => s.name === "mrt");
    expect(mrt?.lastGoodRun).toMatchObject({
      location: "https://data.ris.ripe.net/rrc15/latest-bview.gz",
      locationKind: "url",
    });
    expect(mrt?.lastRun).toEqual({
      id: expect.any(Number),
      status: "failed",
      startedAt: expect.any(String),
      error: "broken.mrt:7: truncated record; see 'rejected.txt'",
    });
  });
});
