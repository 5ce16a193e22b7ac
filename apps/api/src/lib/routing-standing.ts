/**
 * A provider's routing hygiene for its standing page: its announced routes with their stored
 * RFC 6811 states, and the IPv6 space its holder has from the registry that nothing announces.
 */
import type { Database } from "@atalaya/db";
import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";

export const RoutingSchema = z
  .object({
    announced: z.array(
      z.object({
        prefix: z.string(),
        origin: z.string(),
        state: z.enum(["valid", "invalid", "not-found"]),
        reason: z.enum(["as", "length"]).nullable(),
      }),
    ),
    counts: z.object({ valid: z.number().int(), invalid: z.number().int(), notFound: z.number().int() }),
    /** Announced IPv6 routes covered by a matching ROA, 0–1; null without IPv6 routes. */
    ipv6RoaCoverage: z.number().nullable(),
    unannouncedIpv6: z
      .array(z.string())
      .openapi({ description: "Registry IPv6 prefixes of the holder that no route overlaps" }),
  })
  .openapi("RoutingStanding");
export type RoutingStanding = z.infer<typeof RoutingSchema>;

export async function routingFor(
  database: Database,
  asns: number[],
  holder: { registry: string; holderId: string } | null,
) {
  const announced = await database.rows<RoutingStanding["announced"][number]>(sql`
    select prefix::text as prefix, origin, state, reason from route_validity
    where origin_asn in ${asns} order by family(route_validity.prefix), route_validity.prefix`);
  const counts = { valid: 0, invalid: 0, notFound: 0 };
  for (const r of announced) counts[r.state === "not-found" ? "notFound" : r.state]++;
  const v6 = announced.filter((r) => r.prefix.includes(":"));
  const unannounced = holder
    ? await database.rows<{ prefix: string }>(sql`
        select rr.prefix::text as prefix from registry_resources rr
        where rr.type = 'ipv6' and rr.registry = ${holder.registry} and rr.holder_id = ${holder.holderId}
          and not exists (select 1 from routes r where r.prefix <<= rr.prefix or r.prefix >>= rr.prefix)
        order by rr.prefix`)
    : [];
  return {
    announced,
    counts,
    ipv6RoaCoverage: v6.length > 0 ? v6.filter((r) => r.state === "valid").length / v6.length : null,
    unannouncedIpv6: unannounced.map((u) => u.prefix),
  } satisfies RoutingStanding;
}
