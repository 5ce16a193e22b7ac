/**
 * Source: APNIC Labs' AS population estimate (one global JSON). A run replaces the whole table:
 * the estimate is a snapshot, not a series.
 */
import { asPopulation, copyRow, type Db } from "@atalaya/db";
import { parseAsPopulation } from "@atalaya/net";
import { count, notInArray, sql } from "drizzle-orm";
import { demoRunIds, purgeDemoData } from "../demo-data";
import { readDocument } from "../input";
import { refreshMeasurementRollups } from "../rollups";
import { type ParsedInput, type SourceSpec, sourceLimit } from "../run-ingest";

export const asPopulationSource: SourceSpec = {
  source: "aspop",
  staging: { table: "as_population_staging", columns: ["asn", "cc", "users", "samples"] },

  async parse(file, input, progress, ctx): Promise<ParsedInput> {
    let bytes = 0;
    const document = await readDocument(file, input.location, sourceLimit(ctx, "aspop"), (b) => (bytes = b));
    progress.update(0, bytes);
    const parsed = parseAsPopulation(document.toString("utf8"));
    const [live] = await ctx.database.db
      .select({ n: count() })
      .from(asPopulation)
      .where(notInArray(asPopulation.runId, demoRunIds(ctx.database.db)));
    // A JSON document has no useful line numbers: a rejected entry is located by its index.
    const rejects = parsed.rejects.map((r) => ({
      line: r.index + 1,
      raw: `Data[${r.index}]`,
      reason: r.reason,
    }));
    return {
      rows: parsed.rows.map((r) => copyRow([r.asn, r.cc, r.users, r.samples])),
      rejects,
      rejectedCount: rejects.length,
      problems: parsed.fatal ? [parsed.fatal] : [],
      dataDate: null,
      previousRows: live?.n ?? 0,
    };
  },

  async publish(tx: Db, runId, _parsed, ctx) {
    if (!ctx.isDemo) await purgeDemoData(tx);
    await tx.delete(asPopulation);
    await tx.execute(sql`
      insert into as_population (asn, cc, users, samples, run_id)
      select asn, cc, users, samples, run_id from as_population_staging where run_id = ${runId}`);
    // Users weight the economies' daily figures.
    await refreshMeasurementRollups(tx, runId);
  },
};
