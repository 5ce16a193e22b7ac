/**
 * The first `npm start` as new users meet it: real data loaded before it is kept and never mixed
 * with the demo, and a demo that cannot be loaded does not stop the server.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startAppProcess } from "../helpers/app-process";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT, realData } from "../helpers/shared-data";

const BIN = path.join(REPO_ROOT, "packages/cli/bin/atalaya.js");

interface Health {
  status: string;
  meta: { demo: boolean; latestRunId: number | null } | null;
}

async function dataState(url: string): Promise<{ health: Health; demoHeader: string | null }> {
  // One data request reads the meta; health then reports it.
  const region = await fetch(new URL("/api/v1/region", url));
  return {
    health: (await (await fetch(new URL("/api/health", url))).json()) as Health,
    demoHeader: region.headers.get("x-atalaya-demo"),
  };
}

describe("the first start", () => {
  it("keeps real data loaded before it and does not load the demo on top", async () => {
    const vrps = realData("rpki-lacnic-roas-ripe-archive/roas_202512.first74rows.csv");
    if (!vrps) return;
    const dataDir = tempDir("atalaya-first-");
    const loaded = spawnSync(process.execPath, [BIN, "ingest", "vrps", "--file", vrps], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ATALAYA_DATA_DIR: dataDir },
    });
    expect(loaded.status, loaded.stderr).toBe(0);
    const app = await startAppProcess({ ATALAYA_DATA_DIR: dataDir });
    try {
      const { health, demoHeader } = await dataState(app.url);
      expect(health.status).toBe("ok");
      expect(health.meta?.demo).toBe(false);
      expect(demoHeader).toBe("false");
      expect(app.output()).not.toContain("loading the demo dataset");
    } finally {
      await app.stop();
    }
  });

  it("starts the server when the demo cannot be loaded, saying why", async () => {
    const dataDir = tempDir("atalaya-first-");
    // The demo's files go to <data dir>/demo/: a file in the way makes the load fail.
    writeFileSync(path.join(dataDir, "demo"), "not a directory");
    const app = await startAppProcess({ ATALAYA_DATA_DIR: dataDir });
    try {
      expect((await fetch(new URL("/api/health", app.url))).status).toBe(200);
      expect(app.output()).toContain("the demo dataset could not be loaded");
    } finally {
      await app.stop();
    }
  });
});
