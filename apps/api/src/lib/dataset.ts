/**
 * What every data response says about the data behind it: whether it is the generated demo
 * dataset, and the date of the registry data. Cached until a new ingest run exists, so the check
 * costs one indexed lookup per request.
 */

import type { Database } from "@atalaya/db";
import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";

export const MetaSchema = z
  .object({
    demo: z
      .boolean()
      .openapi({ description: "True when the figures come from Atalaya's generated demo dataset" }),
    registryDataDate: z
      .string()
      .nullable()
      .openapi({ description: "Date (YYYY-MM-DD) of the registry statistics behind the figures" }),
    latestRunId: z.number().int().nullable(),
  })
  .openapi("Meta");
export type Meta = z.infer<typeof MetaSchema>;

export class DatasetInfo {
  #cached: { runId: number | null; meta: Meta } | null = null;
  constructor(private readonly database: Database) {}

  async meta(): Promise<Meta> {
    const [latest] = await this.database.rows<{ id: number | null }>(
      sql`select max(id) as id from ingest_runs`,
    );
    const runId = latest?.id ?? null;
    if (this.#cached && this.#cached.runId === runId) return this.#cached.meta;
    // The registry run whose rows are live is the latest successful one; the data is demo while
    // any live row comes from a demo run (real data purges demo rows when it is published).
    const [row] = await this.database.rows<{ demo: boolean; data_date: string | null }>(sql`
      select
        exists (
          select 1 from ingest_runs r
          where r.is_demo and r.status = 'succeeded'
            and (exists (select 1 from registry_resources x where x.run_id = r.id)
                 or exists (select 1 from asns a where a.run_id = r.id))
        ) as demo,
        (select to_char(data_date, 'YYYY-MM-DD') from ingest_runs
          where source = 'delegated' and status in ('succeeded', 'unchanged')
          order by id desc limit 1) as data_date`);
    const meta: Meta = {
      demo: row?.demo ?? false,
      registryDataDate: row?.data_date ?? null,
      latestRunId: runId,
    };
    this.#cached = { runId, meta };
    return meta;
  }
}
