/** `demo write` and `demo load`: the generated demo dataset. */
import path from "node:path";
import { type SharedBoards, summariseEconomiesNow } from "@atalaya/api";
import { type Config, type Logger, output } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo, writeDemoFiles } from "@atalaya/demo";
import { IngestError } from "@atalaya/ingest";
import { alertContext, detectAfterIngest } from "./alert-commands";
import type { Command } from "./command";
import { ingestContext, withDatabase } from "./context";

/**
 * Loads the demo with its past first (alert detection takes the baseline there), then its
 * present, and detects again: the pages' Activity shows what changed in the demo's last two
 * weeks, found by the same detectors as live data. Then each economy's weekly summary.
 */
export async function loadDemoWithActivity(
  config: Config,
  database: Database,
  log: Logger,
  shared?: SharedBoards,
): Promise<void> {
  const detect = () => detectAfterIngest(config, database, log, shared);
  await loadDemo(path.join(config.dataDir, "demo"), ingestContext(config, database, log), { detect });
  await detect();
  await summariseEconomiesNow(database, alertContext(config, log, shared));
}

export const demoCommands: Record<string, Command> = {
  "demo write": {
    summary: "Write the demo dataset's upstream-format files to a directory",
    usage: "--out DIR",
    options: { out: { type: "string" } },
    async run({ values }) {
      if (typeof values.out !== "string") throw new IngestError("--out DIR is required");
      const files = await writeDemoFiles(values.out);
      output().stdout.write(`${files.delegated}\n${files.asNames}\n${files.apnicBase}/\n`);
      return 0;
    },
  },
  "demo load": {
    summary: "Load the demo dataset (replaces live registry data)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        await loadDemoWithActivity(config, database, log);
        output().stdout.write("demo dataset loaded\n");
        return 0;
      }),
  },
};
