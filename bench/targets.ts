/**
 * Databases for benchmarks: PGlite on disk, as `npm start` runs it (in-memory PGlite keeps its
 * files in Emscripten's MEMFS, whose growth makes bulk loads quadratic: 365k-row COPYs took 1.6,
 * 3.5, 5.7, 7.0 s in turn in memory and 0.7 s each on disk), plus the server when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@atalaya/db";
import { type Target, targets } from "../tests/helpers/databases";

const pgliteOnDisk: Target = {
  name: "pglite",
  async open() {
    const dir = mkdtempSync(path.join(tmpdir(), "atalaya-bench-"));
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    return {
      database,
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const benchTargets: Target[] = [pgliteOnDisk, ...targets.filter((t) => t.name === "postgres")];
