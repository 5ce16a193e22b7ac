/**
 * A provider's routing hygiene for its standing page: its announced routes with their stored
 * RFC 6811 states and peer counts, the VRPs behind every invalid one, ROA coverage per address
 * family (by prefixes and by address space), and the IPv6 space its holder has from the registry
 * that nothing announces.
 */
import type { Database } from "@atalaya/db";
import { formatPrefix, parsePrefix, type VrpIndex } from "@atalaya/net";
import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";

const VrpSchema = z.object({ asn: z.string(), prefix: z.string(), max_length: z.string() });
const StateShares = z.object({ valid: z.number(), invalid: z.number(), notFound: z.number() });
const FamilyCoverage = z
  .object({
    routes: z.number().int(),
    prefixes: StateShares.openapi({ description: "Share of announced prefixes per state (0–1)" }),
    space: StateShares.openapi({ description: "Share of announced address space per state (0–1)" }),
  })
  .nullable();

export const RoutingSchema = z
  .object({
    announced: z.array(
      z.object({
        prefix: z.string(),
        origin: z.string(),
        state: z.enum(["valid", "invalid", "not-found"]),
        reason: z.enum(["as", "length"]).nullable(),
        peers: z
          .number()
          .int()
          .nullable()
          .openapi({ description: "Peers carrying it (MRT); null from pfx2as" }),
        vrps: z
          .object({
            matched: z.array(VrpSchema),
            unmatched_as: z.array(VrpSchema),
            unmatched_length: z.array(VrpSchema),
          })
          .nullable()
          .openapi({ description: "For invalid routes: the VRPs involved, as Routinator lists them" }),
      }),
    ),
    counts: z.object({ valid: z.number().int(), invalid: z.number().int(), notFound: z.number().int() }),
    coverage: z.object({ ipv4: FamilyCoverage, ipv6: FamilyCoverage }),
    unannouncedIpv6: z
      .array(z.string())
      .openapi({ description: "Registry IPv6 prefixes of the holder that no route overlaps" }),
    heldIpv6: z.number().int().openapi({ description: "Registry IPv6 prefixes the holder has" }),
  })
  .openapi("RoutingStanding");
export type RoutingStanding = z.infer<typeof RoutingSchema>;

type Announced = Omit<RoutingStanding["announced"][number], "vrps">;

function coverage(routes: Announced[], family: 4 | 6) {
  const mine = routes.filter((r) => (family === 6) === r.prefix.includes(":"));
  if (mine.length === 0) return null;
  const bits = family === 4 ? 32 : 128;
  const size = (r: Announced) => 2 ** (bits - Number(r.prefix.split("/")[1]));
  const total = mine.reduce((n, r) => n + size(r), 0);
  const share = (pick: (r: Announced) => number) => {
    const by = { valid: 0, invalid: 0, notFound: 0 };
    for (const r of mine) by[r.state === "not-found" ? "notFound" : r.state] += pick(r);
    return by;
  };
  const prefixes = share(() => 1 / mine.length);
  const space = share((r) => size(r) / total);
  return { routes: mine.length, prefixes, space };
}

const vrpJson = (v: { asn: number; maxLength: number }, text: string) => ({
  asn: `AS${v.asn}`,
  prefix: text,
  max_length: String(v.maxLength),
});

export async function routingFor(
  database: Database,
  index: VrpIndex,
  asns: number[],
  holder: { registry: string; holderId: string } | null,
): Promise<RoutingStanding> {
  const rows = await database.rows<Announced>(sql`
    select v.prefix::text as prefix, v.origin, v.state, v.reason, max(r.peers) as peers
    from route_validity v left join routes r on r.prefix = v.prefix and r.origin = v.origin
    where v.origin_asn in ${asns}
    group by v.prefix, v.origin, v.state, v.reason
    order by family(v.prefix), v.prefix`);
  const counts = { valid: 0, invalid: 0, notFound: 0 };
  for (const r of rows) counts[r.state === "not-found" ? "notFound" : r.state]++;
  const announced = rows.map((r) => {
    if (r.state !== "invalid") return { ...r, vrps: null };
    const parsed = parsePrefix(r.prefix);
    if (!("prefix" in parsed)) return { ...r, vrps: null };
    const validity = index.validate({ prefix: parsed.prefix, origin: Number(r.origin) });
    const json = (list: typeof validity.matched) => list.map((v) => vrpJson(v, formatPrefix(v.prefix)));
    return {
      ...r,
      vrps: {
        matched: json(validity.matched),
        unmatched_as: json(validity.unmatchedAs),
        unmatched_length: json(validity.unmatchedLength),
      },
    };
  });
  const held = holder
    ? await database.rows<{ prefix: string; announced: boolean }>(sql`
        select rr.prefix::text as prefix,
          exists (select 1 from routes r where r.prefix <<= rr.prefix or r.prefix >>= rr.prefix) as announced
        from registry_resources rr
        where rr.type = 'ipv6' and rr.registry = ${holder.registry} and rr.holder_id = ${holder.holderId}
        order by rr.prefix`)
    : [];
  return {
    announced,
    counts,
    coverage: { ipv4: coverage(rows, 4), ipv6: coverage(rows, 6) },
    unannouncedIpv6: held.filter((h) => !h.announced).map((h) => h.prefix),
    heldIpv6: held.length,
  };
}
