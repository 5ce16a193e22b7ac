/** `demo write` and `demo load`: the generated demo dataset. */
import path from "node:path";
import { output } from "@atalaya/config";
import { loadDemo, writeDemoFiles } from "@atalaya/demo";
import { IngestError } from "@atalaya/ingest";
import type { Command } from "./command";
import { ingestContext, withDatabase } from "./context";

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
        await loadDemo(path.join(config.dataDir, "demo"), ingestContext(config, database, log));
        output().stdout.write("demo dataset loaded\n");
        return 0;
      }),
  },
};
