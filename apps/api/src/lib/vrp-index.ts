/** The live VRPs as an in-memory validation index, rebuilt when a new ingest run exists. */
import type { Database } from "@atalaya/db";
import { parsePrefix, VrpIndex } from "@atalaya/net";
import { sql } from "drizzle-orm";

export async function loadVrpIndex(database: Database): Promise<VrpIndex> {
  const rows = await database.rows<{
    asn: number;
    prefix: string;
    max_length: number;
    trust_anchor: string | null;
  }>(sql`select asn::float8 as asn, prefix::text as prefix, max_length, trust_anchor from vrps`);
  const index = new VrpIndex();
  for (const r of rows) {
    const parsed = parsePrefix(r.prefix);
    if ("prefix" in parsed)
      index.add({ asn: r.asn, prefix: parsed.prefix, maxLength: r.max_length, ta: r.trust_anchor });
  }
  return index;
}
