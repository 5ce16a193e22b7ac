/**
 * The measurement rollups (packages/ingest/src/rollups.ts) recomputed on an already loaded
 * database, timed: what every measurement, population or registry publish adds. Run after
 * `npm run bench:scale` (its PGlite folder, or DATABASE_URL for its server database):
 *
 *   node --import tsx bench/rollups.ts [--repeat N]
 *
 * Each run is rolled back, so the database is left as it was.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@atalaya/db";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { refreshMeasurementRollups } from "../packages/ingest/src/rollups";

const { values } = parseArgs({
  options: { repeat: { type: "string", default: "3" }, steps: { type: "boolean", default: false } },
});
const ROOT = path.resolve(import.meta.dirname, "..");
const url = process.env.DATABASE_URL;
const database = await openDatabase(
  url ? { databaseUrl: url } : { dataDir: path.join(ROOT, ".scale/db/pglite-full") },
);
const dialect = new PgDialect();
class Rollback extends Error {}
const times: number[] = [];
for (let i = 0; i < Number(values.repeat); i++) {
  const started = performance.now();
  await database.db
    .transaction(async (tx) => {
      if (values.steps) {
        // Each statement's time, named by its first words: where the seconds go.
        const execute = tx.execute.bind(tx);
        tx.execute = (async (query: Parameters<typeof execute>[0]) => {
          const t = performance.now();
          const result = await execute(query);
          const text = dialect
            .sqlToQuery(query as SQL)
            .sql.replace(/\s+/g, " ")
            .trim();
          console.log(`${((performance.now() - t) / 1000).toFixed(2)} s  ${text.slice(0, 110)}`);
          return result;
        }) as typeof tx.execute;
      }
      await refreshMeasurementRollups(tx, 0);
      times.push(performance.now() - started);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
}
await database.close();
console.log(
  `rollups on ${url ? "Postgres" : "PGlite"}: ${times.map((t) => (t / 1000).toFixed(1)).join(" s, ")} s`,
);
