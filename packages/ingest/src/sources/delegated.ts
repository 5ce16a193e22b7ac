/**
 * Source: RIR delegated-extended statistics (LACNIC by default). Each record is expanded into
 * resource units (one row per ASN, per exact IPv4 CIDR, per IPv6 prefix) and a run replaces all
 * live rows of the file's registry, so LACNIC and AFRINIC files can live side by side.
 */
import { copyRow, type Db, registryResources } from "@atalaya/db";
import { DelegatedTally, expandRecord, parseDelegated } from "@atalaya/net";
import { and, count, eq, notInArray, sql } from "drizzle-orm";
import { refreshRegistryRouting } from "../announcement";
import { demoRunIds, purgeDemoData } from "../demo-data";
import { readLines } from "../input";
import { refreshMeasurementRollups } from "../rollups";
import { type IngestContext, type ParsedInput, type SourceSpec, sourceLimit } from "../run-ingest";
import type { RejectedLine } from "../runs";
import { refreshStatistics } from "../statistics";

export const STAGING_COLUMNS = [
  "registry",
  "cc",
  "type",
  "asn",
  "prefix",
  "date",
  "status",
  "holder_id",
  "line",
] as const;

export interface DelegatedParsed extends ParsedInput {
  registry: string;
}

export const delegatedSource: SourceSpec = {
  source: "delegated",
  staging: { table: "registry_resources_staging", columns: STAGING_COLUMNS },

  async parse(file, input, progress, ctx: IngestContext): Promise<DelegatedParsed> {
    const tally = new DelegatedTally();
    const rows: string[] = [];
    const rejects: RejectedLine[] = [];
    let rejectedCount = 0;
    let bytes = 0;
    let lineCount = 0;
    const lines = readLines(file, input.location, sourceLimit(ctx, "delegated"), (b) => {
      bytes = b;
    });
    for await (const item of parseDelegated(lines)) {
      lineCount = item.line;
      tally.add(item);
      if (item.kind === "reject") {
        rejectedCount++;
        if (rejects.length < 1000) rejects.push({ line: item.line, raw: item.raw, reason: item.reason });
      } else if (item.kind === "record") {
        const registry = tally.header?.registry;
        if (registry && item.registry !== registry) {
          rejectedCount++;
          rejects.push({
            line: item.line,
            raw: [item.registry, item.cc ?? "", item.type, item.start, item.value].join("|"),
            reason: `record of registry "${item.registry}" in a file of registry "${registry}"`,
          });
          continue;
        }
        for (const unit of expandRecord(item)) {
          rows.push(
            copyRow([
              item.registry,
              item.cc,
              item.type,
              unit.type === "asn" ? unit.asn : null,
              unit.type === "asn" ? null : unit.prefix,
              item.date,
              item.status,
              item.opaqueId,
              item.line,
            ]),
          );
        }
      }
      if ((lineCount & 4095) === 0) progress.update(lineCount, bytes);
    }
    progress.update(lineCount, bytes);
    const header = tally.header;
    const registry = header?.registry ?? "";
    // Demo rows being replaced is not a collapse: only real live rows count.
    const [live] = await ctx.database.db
      .select({ n: count() })
      .from(registryResources)
      .where(
        and(
          eq(registryResources.registry, registry),
          notInArray(registryResources.runId, demoRunIds(ctx.database.db)),
        ),
      );
    return {
      rows,
      rejects,
      rejectedCount,
      problems: tally.problems(),
      dataDate: header?.endDate ?? null,
      previousRows: live?.n ?? 0,
      registry,
    };
  },

  async publish(tx: Db, runId, parsed, ctx) {
    const { registry } = parsed as DelegatedParsed;
    if (!ctx.isDemo) await purgeDemoData(tx);
    await tx.delete(registryResources).where(eq(registryResources.registry, registry));
    await tx.execute(sql`
      insert into registry_resources (run_id, registry, cc, type, asn, prefix, date, status, holder_id, line)
      select run_id, registry, cc, type, asn, prefix, date, status, holder_id, line
      from registry_resources_staging where run_id = ${runId}`);
    // One organisation per holder; its country is where it holds most resources.
    await tx.execute(sql`
      insert into organisations (registry, holder_id, cc, first_run_id, last_run_id)
      select registry, holder_id, mode() within group (order by cc), ${runId}, ${runId}
      from registry_resources_staging
      where run_id = ${runId} and holder_id is not null
      group by registry, holder_id
      on conflict (registry, holder_id) do update set cc = excluded.cc, last_run_id = excluded.last_run_id`);
    await refreshStatistics(tx, ["registry_resources", "organisations"]);
    // Which ASNs each holder has, and which are in the region, group the pooled counts.
    await refreshMeasurementRollups(tx, runId);
  },
  // New registry prefixes against the routes already known (the country and provider pages).
  afterPublish: (ctx) => refreshRegistryRouting(ctx),
};
