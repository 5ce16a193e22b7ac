/**
 * `atalaya evidence verify PACK`: checks a Jim Bound evidence pack offline, from the file alone
 * (the HTML report or the JSON document the dashboard and the API download): every hash, the
 * printed report against its data, and the state recomputed from the pack's own daily counts by
 * the method it names. Exit 0 with the state, or 1 naming everything that does not match.
 * Needs no configuration, database or network.
 */
import { readFile, stat } from "node:fs/promises";
import { readPack, reportMatches, verifyPack } from "@atalaya/evidence";
import { IngestError } from "@atalaya/ingest/files";
import type { Command, Values } from "./command";

/** A pack of an organisation with a hundred networks in three economies is a few MB. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;

export interface VerifyOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: VerifyOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function verifyEvidenceFile(
  file: string,
  output: VerifyOutput = consoleOutput,
): Promise<number> {
  const refuse = (...problems: string[]) => {
    output.err(`not verified: ${file}`);
    for (const p of problems) output.err(`  ${p}`);
    return 1;
  };
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_PACK_BYTES) return refuse(`${size} bytes: larger than a pack can be (${MAX_PACK_BYTES})`);
    text = await readFile(file, "utf8");
  } catch (error) {
    return refuse((error as Error).message);
  }
  let read: ReturnType<typeof readPack>;
  try {
    read = readPack(text);
  } catch (error) {
    return refuse((error as Error).message);
  }
  const { pack, language } = read;
  const result = verifyPack(pack);
  const problems = [...result.problems];
  if (language !== null && !reportMatches(text, pack, language))
    problems.push("report: the printed report is not what the pack's data renders to (edited by hand?)");
  if (problems.length > 0) return refuse(...problems);
  const { data, audit } = pack;
  output.out(
    `verified: ${result.state} — ${data.subject.name} (${data.subject.kind} ${data.subject.id})` +
      `${data.cycle ? `, cycle ${data.cycle.name}` : ""}, method ${data.methodVersion}, ${data.stage} frozen ${data.frozenAt}`,
  );
  output.out(`  data sha256 ${pack.sha256}; audit row ${audit.id} hash ${audit.hash}`);
  output.out(
    `  ${data.counts.length} daily counts, ${data.runs.length} source runs; check row ${audit.id} against the published audit chain`,
  );
  return 0;
}

function packArgument(positionals: string[]): string {
  const [file, ...rest] = positionals;
  // A refusal (exit 1, one line), as for any command given the wrong arguments.
  if (!file || rest.length > 0) throw new IngestError("give one pack: atalaya evidence verify PACK");
  return file;
}

const verify = (args: { values: Values; positionals: string[] }) =>
  verifyEvidenceFile(packArgument(args.positionals));

export const evidenceCommands: Record<string, Command> = {
  "evidence verify": {
    summary: "Check a Jim Bound evidence pack offline: its hashes, its report, and the state from its counts",
    usage: "PACK (the .html report or .json pack a nomination or decision offers)",
    options: {},
    positionals: true,
    runWithoutConfig: verify,
    run: verify,
  },
};
