/** The `atalaya` command registry; each group of commands lives in its own file. */
import path from "node:path";
import { ingestRuns } from "@atalaya/db";
import { loadDemo, writeDemoFiles } from "@atalaya/demo";
import { IngestError } from "@atalaya/ingest";
import { desc, eq } from "drizzle-orm";
import type { Command } from "./command";
import { ingestContext, withDatabase } from "./context";
import { ingestCommands } from "./ingest-commands";
import { mrtCommand } from "./mrt-command";
import { serveCommands } from "./serve-commands";
import { validateCommand } from "./validate-command";

export type { Command } from "./command";

export const commands: Record<string, Command> = {
  ...serveCommands,
  ...ingestCommands,
  mrt: mrtCommand,
  validate: validateCommand,
  "demo write": {
    summary: "Write the demo dataset's upstream-format files to a directory",
    usage: "--out DIR",
    options: { out: { type: "string" } },
    async run({ values }) {
      if (typeof values.out !== "string") throw new IngestError("--out DIR is required");
      const files = await writeDemoFiles(values.out);
      process.stdout.write(`${files.delegated}\n${files.asNames}\n${files.apnicBase}/\n`);
      return 0;
    },
  },
  "demo load": {
    summary: "Load the demo dataset (replaces live registry data)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        await loadDemo(path.join(config.dataDir, "demo"), ingestContext(config, database, log));
        process.stdout.write("demo dataset loaded\n");
        return 0;
      }),
  },
  runs: {
    summary: "List recent ingest runs",
    usage: "[--source NAME] [--limit N]",
    options: { source: { type: "string" }, limit: { type: "string" } },
    run: ({ values }, config) =>
      withDatabase(config, async (database) => {
        const limit = Number(values.limit ?? 20);
        if (!Number.isInteger(limit) || limit < 1)
          throw new IngestError("--limit must be a positive integer");
        const query = database.db.select().from(ingestRuns).orderBy(desc(ingestRuns.id)).limit(limit);
        const rows =
          typeof values.source === "string"
            ? await query.where(eq(ingestRuns.source, values.source))
            : await query;
        for (const r of rows) {
          process.stdout.write(
            `${String(r.id).padStart(5)}  ${r.source.padEnd(10)} ${r.status.padEnd(9)} rows=${r.rows} rejected=${r.rejectedRows}` +
              `${r.isDemo ? " demo" : ""}  ${r.startedAt.toISOString()}  ${r.location}${r.error ? `\n       error: ${r.error}` : ""}\n`,
          );
        }
        return 0;
      }),
  },
};
