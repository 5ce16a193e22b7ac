/**
 * The `atalaya` command registry. Each group of commands lives in its own file and is imported
 * only when one of its commands runs, so that `atalaya mrt` starts without loading the database,
 * the API server or the ingest sources (docs/adr/0003).
 */
import type { Command } from "./command";

export type { Command } from "./command";

type Group = () => Promise<Record<string, Command>>;

const serve: Group = async () => (await import("./serve-commands")).serveCommands;
const ingest: Group = async () => (await import("./ingest-commands")).ingestCommands;
const mrt: Group = async () => ({ mrt: (await import("./mrt-command")).mrtCommand });
const validate: Group = async () => ({ validate: (await import("./validate-command")).validateCommand });
const demo: Group = async () => (await import("./demo-commands")).demoCommands;
const runs: Group = async () => ({ runs: (await import("./runs-command")).runsCommand });
const committee: Group = async () => (await import("./committee-commands")).committeeCommands;
const evidence: Group = async () => (await import("./evidence-command")).evidenceCommands;
const backup: Group = async () => (await import("./backup-commands")).backupCommands;
const alerts: Group = async () => (await import("./alert-commands")).alertCommands;

/** Every group, in the order `atalaya --help` lists them. */
const GROUPS: Group[] = [serve, ingest, mrt, validate, demo, runs, committee, evidence, backup, alerts];

/**
 * The group that holds the commands starting with a word. A command whose first word is missing
 * here still runs (every group is then loaded to find it), only slower; commands.test.ts checks
 * that none is missing.
 */
export const GROUP_OF_FIRST_WORD: Record<string, Group> = {
  start: serve,
  serve,
  migrate: serve,
  ingest,
  mrt,
  validate,
  demo,
  runs,
  users: committee,
  audit: committee,
  challenge: committee,
  evidence,
  backup,
  restore: backup,
  db: backup,
  alerts,
};

/** Every command, by name. */
export async function allCommands(): Promise<Record<string, Command>> {
  return Object.assign({}, ...(await Promise.all(GROUPS.map((load) => load()))));
}

/**
 * The command the first one or two arguments name, and its name: two-word commands
 * ("ingest delegated") take precedence over one-word ones.
 */
export async function findCommand(
  first: string,
  second: string | undefined,
): Promise<{ name: string; command: Command } | undefined> {
  const load = GROUP_OF_FIRST_WORD[first];
  const commands = load ? await load() : await allCommands();
  const two = second === undefined ? undefined : `${first} ${second}`;
  if (two !== undefined && commands[two]) return { name: two, command: commands[two] };
  if (commands[first]) return { name: first, command: commands[first] };
  if (!load) return undefined;
  // Not where its first word says: look everywhere before calling it unknown.
  const all = await allCommands();
  if (two !== undefined && all[two]) return { name: two, command: all[two] };
  return all[first] ? { name: first, command: all[first] } : undefined;
}
