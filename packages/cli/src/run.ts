/**
 * Running one `atalaya` invocation: find the command, parse its options, run it, and turn what it
 * throws into an exit code and a message. Used for the process's own arguments (main.ts) and, in
 * the process that owns the embedded database, for commands other processes send it (owner.ts);
 * everything is written through `output()`, so each invocation's text reaches its own caller.
 */
import { parseArgs } from "node:util";
import type { Config } from "@atalaya/config";
import type { FolderOwner } from "@atalaya/db";
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

/**
 * The database folder is owned by another process: main.ts sends the invocation there (or, for
 * `start` and `serve`, refuses). Thrown where a command opens the database, before it has done
 * anything the owner would then do twice.
 */
export class HeldElsewhere extends Error {
  constructor(
    readonly owner: FolderOwner,
    readonly dataDir: string,
  ) {
    super(`${dataDir} is in use by \`${owner.command}\` (pid ${owner.pid}, since ${owner.since})`);
  }
}

/** One invocation: its arguments, and how to read its configuration when it needs one. */
export interface Invocation {
  argv: string[];
  /** Reads the configuration (the process's environment, or the one a caller sent). */
  config: () => Promise<Config>;
}

async function dispatch({ argv, config }: Invocation, out: (text: string) => void): Promise<number> {
  const [first, second, ...rest] = argv;
  if (!first || first === "--help" || first === "-h" || first === "help") {
    out(`${await usage()}\n`);
    return first ? 0 : 2;
  }
  const found = await findCommand(first, second);
  if (!found) throw new UsageError(`unknown command "${first}"\n\n${await usage()}`);
  const { name, command } = found;
  const args = name === first ? [second, ...rest].filter((a): a is string => a !== undefined) : rest;
  if (args.includes("--help") || args.includes("-h")) {
    out(`Usage: atalaya ${name} ${command.usage}\n\n${command.summary}\n`);
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
  // configuration module and its schema library are imported where needed, not at the top.
  const withoutConfig = command.runWithoutConfig?.(parsedArgs);
  if (withoutConfig) return withoutConfig;
  return command.run(parsedArgs, await config());
}

/** A refusal the user can act on: said in one line, without a stack. */
async function isRefusal(error: unknown): Promise<boolean> {
  if (error instanceof IngestError) return true;
  const { ConfigError } = await import("@atalaya/config");
  return error instanceof ConfigError;
}

/**
 * Runs an invocation to its exit code: 0 done, 1 refused or failed, 2 usage. HeldElsewhere is
 * the one error let through, for main.ts to act on.
 */
export async function execute(
  invocation: Invocation,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  try {
    return await dispatch(invocation, out);
  } catch (error) {
    if (error instanceof HeldElsewhere) throw error;
    if (error instanceof UsageError) {
      err(`atalaya: ${error.message}\n`);
      return 2;
    }
    if (await isRefusal(error)) {
      err(`atalaya: ${(error as Error).message}\n`);
      return 1;
    }
    err(`atalaya: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
