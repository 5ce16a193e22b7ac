/**
 * Source: AS names (RIPE `asn.txt` or potaroo `ASN<TAB>NAME,CC`). The lists are not valid UTF-8
 * everywhere: lines are decoded as UTF-8 and, where that fails, as Latin-1, so no name is lost
 * to replacement characters.
 */
import { asns, copyRow, type Db } from "@atalaya/db";
import { parseAsNameLine, type TextLine } from "@atalaya/net";
import { count, notInArray, sql } from "drizzle-orm";
import { demoRunIds, purgeDemoData } from "../demo-data";
import { readLines } from "../input";
import { type ParsedInput, type SourceSpec, sourceLimit } from "../run-ingest";
import type { RejectedLine } from "../runs";
import { refreshStatistics } from "../statistics";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** Decodes a line read as raw bytes: UTF-8 when it is valid UTF-8, Latin-1 otherwise. */
function redecode(line: TextLine): TextLine {
  const bytes = Uint8Array.from(line.text, (c) => c.charCodeAt(0));
  try {
    return { number: line.number, text: utf8.decode(bytes) };
  } catch {
    return { number: line.number, text: latin1.decode(bytes) };
  }
}

export const asNamesSource: SourceSpec = {
  source: "asnames",
  staging: { table: "as_names_staging", columns: ["asn", "name", "cc"] },

  async parse(file, input, progress, ctx): Promise<ParsedInput> {
    const rows: string[] = [];
    const rejects: RejectedLine[] = [];
    const seen = new Set<number>();
    let rejectedCount = 0;
    let bytes = 0;
    let lineCount = 0;
    for await (const raw of readLines(
      file,
      input.location,
      sourceLimit(ctx, "asnames"),
      (b) => (bytes = b),
      "bytes",
    )) {
      lineCount = raw.number;
      const parsed = parseAsNameLine(redecode(raw));
      if (parsed === null) continue;
      if ("reason" in parsed) {
        rejectedCount++;
        if (rejects.length < 1000) rejects.push(parsed);
        continue;
      }
      if (seen.has(parsed.asn)) {
        rejectedCount++;
        if (rejects.length < 1000)
          rejects.push({ line: parsed.line, raw: raw.text, reason: `AS${parsed.asn} listed twice` });
        continue;
      }
      seen.add(parsed.asn);
      rows.push(copyRow([parsed.asn, parsed.name, parsed.cc]));
      if ((lineCount & 4095) === 0) progress.update(lineCount, bytes);
    }
    progress.update(lineCount, bytes);
    const [live] = await ctx.database.db
      .select({ n: count() })
      .from(asns)
      .where(notInArray(asns.runId, demoRunIds(ctx.database.db)));
    return { rows, rejects, rejectedCount, problems: [], dataDate: null, previousRows: live?.n ?? 0 };
  },

  async publish(tx: Db, runId, _parsed, ctx) {
    if (!ctx.isDemo) await purgeDemoData(tx);
    await tx.delete(asns);
    await tx.execute(sql`
      insert into asns (asn, name, cc, run_id)
      select asn, name, cc, run_id from as_names_staging where run_id = ${runId}`);
    await refreshStatistics(tx, ["asns"]);
  },
};
