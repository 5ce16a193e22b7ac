/**
 * Source: Google's global IPv6 adoption statistics (adoption.js), kept as a context series for
 * the region charts. A run replaces the global series.
 */
import { contextSeries, copyRow, type Db } from "@atalaya/db";
import { parseGoogleAdoption } from "@atalaya/net";
import { and, count, eq, sql } from "drizzle-orm";
import { purgeDemoData } from "../demo-data";
import { collectLines } from "../input";
import { type ParsedInput, type SourceSpec, sourceLimit } from "../run-ingest";
import { refreshStatistics } from "../statistics";

export const GOOGLE_SOURCE = "google" as const;

export const googleAdoptionSource: SourceSpec = {
  source: GOOGLE_SOURCE,
  staging: { table: "context_series_staging", columns: ["source", "scope", "date", "total", "native"] },

  async parse(file, input, progress, ctx): Promise<ParsedInput> {
    const { lines, bytes } = await collectLines(file, input.location, sourceLimit(ctx, GOOGLE_SOURCE));
    progress.update(lines.length, bytes);
    const { days, rejects } = parseGoogleAdoption(lines);
    const [live] = await ctx.database.db
      .select({ n: count() })
      .from(contextSeries)
      .where(and(eq(contextSeries.source, GOOGLE_SOURCE), eq(contextSeries.scope, "global")));
    return {
      rows: days.map((d) => copyRow([GOOGLE_SOURCE, "global", d.date, d.total, d.native])),
      rejects,
      rejectedCount: rejects.length,
      problems: [],
      dataDate: days.at(-1)?.date ?? null,
      previousRows: live?.n ?? 0,
    };
  },

  async publish(tx: Db, runId, _parsed, ctx) {
    if (!ctx.isDemo) await purgeDemoData(tx);
    await tx
      .delete(contextSeries)
      .where(and(eq(contextSeries.source, GOOGLE_SOURCE), eq(contextSeries.scope, "global")));
    await tx.execute(sql`
      insert into context_series (source, scope, date, total, native, run_id)
      select source, scope, date, total, native, run_id from context_series_staging where run_id = ${runId}`);
    await refreshStatistics(tx, ["context_series"]);
  },
};
