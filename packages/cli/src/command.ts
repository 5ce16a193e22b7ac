import type { ParseArgsConfig } from "node:util";
import type { Config } from "@atalaya/config";

/** Parsed option values, as node:util parseArgs returns them. */
export type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;
export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  positionals?: boolean;
  run(args: { values: Values; positionals: string[] }, config: Config): Promise<number>;
  /**
   * For a command that needs no configuration for some arguments (`mrt` on a local file): runs
   * with those and returns its promise, so the command starts without loading the configuration;
   * returns null for the others, which then go to `run`.
   */
  runWithoutConfig?(args: { values: Values; positionals: string[] }): Promise<number> | null;
}
