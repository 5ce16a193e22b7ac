/**
 * `npx atalaya <command>`: thin wrappers over the packages. Exit codes: 0 success, 1 refused or
 * failed (the message says why, naming file and line where there is one), 2 usage error.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "@atalaya/config";
import { IngestError } from "@atalaya/ingest";
import { type Command, commands } from "./commands";

const USAGE = `Usage: atalaya <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`)
  .join("\n")}

Configuration comes from environment variables; see README.md ("Configuration").
Run \`atalaya <command> --help\` for a command's options.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv;
  if (!first || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(`${USAGE}\n`);
    return first ? 0 : 2;
  }
  // Two-word commands ("ingest delegated") take precedence over one-word ones.
  let name = first;
  let args = [second, ...rest].filter((a): a is string => a !== undefined);
  if (second && commands[`${first} ${second}`]) {
    name = `${first} ${second}`;
    args = rest;
  }
  const command: Command | undefined = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${USAGE}`);
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
  const config = loadConfig();
  return command.run({ values: parsed.values, positionals: parsed.positionals }, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`atalaya: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof IngestError || error instanceof ConfigError) {
      process.stderr.write(`atalaya: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `atalaya: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
