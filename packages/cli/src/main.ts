/**
 * `npx atalaya <command>`: thin wrappers over the packages. Exit codes: 0 success, 1 refused or
 * failed (the message says why, naming file and line where there is one), 2 usage error.
 */
import { parseArgs } from "node:util";
import { IngestError } from "@atalaya/ingest/files";
import { allCommands, findCommand } from "./commands";

/** The overview, which loads every command (the usual start loads only the one that runs). */
async function usage(): Promise<string> {
  return `Usage: atalaya <command> [options]

Commands:
${Object.entries(await allCommands())
  .map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`)
  .join("\n")}

Configuration comes from environment variables; see README.md ("Configuration").
Run \`atalaya <command> --help\` for a command's options.`;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv;
  if (!first || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(`${await usage()}\n`);
    return first ? 0 : 2;
  }
  const found = await findCommand(first, second);
  if (!found) throw new UsageError(`unknown command "${first}"\n\n${await usage()}`);
  const { name, command } = found;
  const args = name === first ? [second, ...rest].filter((a): a is string => a !== undefined) : rest;
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: atalaya ${name} ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: command.options,
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: atalaya ${name} ${command.usage}`);
  }
  const parsedArgs = { values: parsed.values, positionals: parsed.positionals };
  // A run that reads no configuration (`mrt` on a local file) starts without loading it: the
  // configuration module and its schema library are imported here, not at the top.
  const withoutConfig = command.runWithoutConfig?.(parsedArgs);
  if (withoutConfig) return withoutConfig;
  const { loadConfig } = await import("@atalaya/config");
  return command.run(parsedArgs, loadConfig());
}

/** A refusal the user can act on: said in one line, without a stack. */
async function isRefusal(error: unknown): Promise<boolean> {
  if (error instanceof IngestError) return true;
  const { ConfigError } = await import("@atalaya/config");
  return error instanceof ConfigError;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`atalaya: ${error.message}\n`);
      process.exitCode = 2;
    } else if (await isRefusal(error)) {
      process.stderr.write(`atalaya: ${(error as Error).message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `atalaya: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
