/**
 * Source: traffic an ISP reports for one of its networks (`date,ipv4_bytes,ipv6_bytes`). Stored
 * as a `self-reported` series of the "traffic" metric, always shown with that label; an upload
 * replaces earlier figures for the same days.
 */
import { copyRow, type Db } from "@atalaya/db";
import { parseTrafficCsv } from "@atalaya/net";
import { sql } from "drizzle-orm";
import { collectLines } from "../input";
import { refreshMeasurementRollups } from "../rollups";
import { type SourceSpec, sourceLimit } from "../run-ingest";

export const SELF_REPORTED_SOURCE = "self-reported" as const;

export function selfReportedSource(
  asn: number,
  cc: string,
  today = new Date().toISOString().slice(0, 10),
): SourceSpec {
  return {
    source: SELF_REPORTED_SOURCE,
    staging: {
      table: "daily_measurements_staging",
      columns: ["source", "asn", "cc", "date", "samples", "capable", "preferred", "ipv6"],
    },
    async parse(file, input, progress, ctx) {
      const limit = sourceLimit(ctx, SELF_REPORTED_SOURCE);
      const { lines, bytes } = await collectLines(file, input.location, limit);
      progress.update(lines.length, bytes);
      const { days, rejects } = parseTrafficCsv(lines, today);
      return {
        rows: days.map((d) =>
          copyRow([
            SELF_REPORTED_SOURCE,
            asn,
            cc,
            d.date,
            d.ipv4Bytes + d.ipv6Bytes,
            null,
            null,
            d.ipv6Bytes,
          ]),
        ),
        rejects,
        rejectedCount: rejects.length,
        problems: [],
        dataDate: days.reduce<string | null>((max, d) => (max === null || d.date > max ? d.date : max), null),
        previousRows: 0,
      };
    },
    async publish(tx: Db, runId) {
      await tx.execute(sql`
        insert into daily_measurements (source, asn, cc, date, samples, capable, preferred, ipv6, run_id)
        select source, asn, cc, date, samples, capable, preferred, ipv6, run_id
        from daily_measurements_staging where run_id = ${runId}
        on conflict (source, asn, cc, date) do update set
          samples = excluded.samples, ipv6 = excluded.ipv6, run_id = excluded.run_id`);
      await refreshMeasurementRollups(tx, runId);
    },
  };
}
