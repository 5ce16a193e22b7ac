/** `runs`: recent ingest runs with their outcome. */
import { output } from "@atalaya/config";
import { ingestRuns } from "@atalaya/db";
import { IngestError } from "@atalaya/ingest";
import { desc, eq } from "drizzle-orm";
import type { Command } from "./command";
import { withDatabase } from "./context";

export const runsCommand: Command = {
  summary: "List recent ingest runs",
  usage: "[--source NAME] [--limit N]",
  options: { source: { type: "string" }, limit: { type: "string" } },
  run: ({ values }, config) =>
    withDatabase(config, async (database) => {
      const limit = Number(values.limit ?? 20);
      if (!Number.isInteger(limit) || limit < 1) throw new IngestError("--limit must be a positive integer");
      const query = database.db.select().from(ingestRuns).orderBy(desc(ingestRuns.id)).limit(limit);
      const rows =
        typeof values.source === "string"
          ? await query.where(eq(ingestRuns.source, values.source))
          : await query;
      for (const r of rows) {
        output().stdout.write(
          `${String(r.id).padStart(5)}  ${r.source.padEnd(10)} ${r.status.padEnd(9)} rows=${r.rows} rejected=${r.rejectedRows}` +
            `${r.isDemo ? " demo" : ""}  ${r.startedAt.toISOString()}  ${r.location}${r.error ? `\n       error: ${r.error}` : ""}\n`,
        );
      }
      return 0;
    }),
};
