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
}
