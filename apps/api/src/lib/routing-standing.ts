/**
 * A provider's routing hygiene for its standing page: its announced routes with their stored
 * RFC 6811 states and peer counts, the VRPs behind every invalid one, ROA coverage per address
 * family (counts, and shares by prefixes and by address space), the IPv6 space its holder has
 * from the registry that nothing announces, and what to fix first.
 *
 * A large network announces thousands of routes (14k for the busiest of the full-size dataset:
 * a 2 MB answer and a 56k-cell table on a phone). The standing lists the first ANNOUNCED_SHOWN,
 * most urgent first, and each fix its first FIX_PREFIXES_SHOWN prefixes, with the totals; every
 * route is at /asns/{asn}/routes, paged or as CSV.
 *
 * ROAs about to expire are a fix too: the network's VRPs that lapse within ROA_EXPIRY_DAYS of the
 * VRP list's own date (routingQueries.soonestExpiringVrpsOf), soonest first.
 */
import { type Database, registryQueries, routingQueries } from "@atalaya/db";
import { z } from "@hono/zod-openapi";

const VrpSchema = z.object({ asn: z.string(), prefix: z.string(), max_length: z.string() });
const StateShares = z.object({ valid: z.number(), invalid: z.number(), notFound: z.number() });
const FamilyCoverage = z
  .object({
    routes: z.number().int().openapi({ description: "Announced routes (prefix, origin) of this family" }),
    counts: z
      .object({
        announced: z.number().int().openapi({ description: "Announced routes (prefix, origin)" }),
        covered: z
          .number()
          .int()
          .openapi({ description: "Routes some VRP covers: valid plus invalid (RFC 6811)" }),
        valid: z.number().int(),
        invalid: z.number().int(),
        invalidAs: z
          .number()
          .int()
          .openapi({ description: "Invalid: no covering VRP names the origin AS (incl. AS0 ROAs)" }),
        invalidLength: z.number().int().openapi({
          description: "Invalid: a VRP names the origin but the route is longer than its maxLength",
        }),
        notFound: z.number().int().openapi({ description: "No VRP covers the route (no ROA)" }),
      })
      .openapi({ description: "Routes per RFC 6811 state" }),
    prefixes: StateShares.openapi({ description: "Share of announced prefixes per state (0–1)" }),
    space: StateShares.openapi({ description: "Share of announced address space per state (0–1)" }),
  })
  .nullable()
  .openapi({ description: "Null when the provider announces nothing of this family" });

export const ANNOUNCED_SHOWN = 100;
export const FIX_PREFIXES_SHOWN = 50;
/** ROAs expiring within this many days are a fix (as the roa-expiring alert counts them). */
export const ROA_EXPIRY_DAYS = 14;

const ExpiringRoa = z.object({
  prefix: z.string(),
  maxLength: z.number().int(),
  asn: z.number().int(),
  expires: z.string().openapi({ description: "When the VRP lapses unless renewed (ISO 8601, UTC)" }),
});

const NextStep = z.object({
  family: z.enum(["ipv4", "ipv6"]),
  problem: z.enum(["invalid-as", "invalid-length", "roa-expiring", "unannounced", "not-found"]),
  prefixes: z
    .array(z.string())
    .openapi({ description: `The first ${FIX_PREFIXES_SHOWN} prefixes concerned` }),
  total: z.number().int().openapi({ description: "Prefixes concerned in all" }),
  action: z.string(),
  roas: z
    .array(ExpiringRoa)
    .optional()
    .openapi({
      description: `For roa-expiring: the first ${FIX_PREFIXES_SHOWN} VRPs of the network's ASNs that expire within ${ROA_EXPIRY_DAYS} days of the VRP list's date (when it was built, where it says; else when it was loaded), soonest first`,
    }),
});

export const AnnouncedRouteSchema = z
  .object({
    prefix: z.string(),
    origin: z.string(),
    state: z.enum(["valid", "invalid", "not-found"]),
    reason: z.enum(["as", "length"]).nullable(),
    peers: z.number().int().nullable().openapi({ description: "Peers carrying it (MRT); null from pfx2as" }),
    vrps: z
      .object({
        matched: z.array(VrpSchema),
        unmatched_as: z.array(VrpSchema),
        unmatched_length: z.array(VrpSchema),
      })
      .nullable()
      .openapi({ description: "For invalid routes: the VRPs involved, as Routinator lists them" }),
  })
  .openapi("AnnouncedRoute");

export const RoutingSchema = z
  .object({
    announced: z.array(AnnouncedRouteSchema).openapi({
      description: `The first ${ANNOUNCED_SHOWN} announced routes, most urgent first (invalid, then without a ROA, then valid); all of them: /asns/{asn}/routes`,
    }),
    announcedTotal: z.number().int().openapi({ description: "Announced routes (prefix, origin) in all" }),
    counts: z.object({ valid: z.number().int(), invalid: z.number().int(), notFound: z.number().int() }),
    coverage: z.object({ ipv4: FamilyCoverage, ipv6: FamilyCoverage }),
    unannouncedIpv6: z
      .array(z.string())
      .openapi({ description: "Registry IPv6 prefixes of the holder that no route overlaps" }),
    heldIpv6: z.number().int().openapi({ description: "Registry IPv6 prefixes the holder has" }),
    heldIpv6Slash32: z
      .number()
      .openapi({ description: "Registry IPv6 space of the holder, in /32 equivalents" }),
    unannouncedIpv6Slash32: z
      .number()
      .openapi({ description: "Registry IPv6 space no route overlaps, in /32 equivalents" }),
    nextSteps: z.array(NextStep).openapi({
      description:
        "What to fix, most urgent first: invalid routes (dropped by networks that validate), ROAs about to expire, registry IPv6 never announced, routes without a ROA",
    }),
  })
  .openapi("RoutingStanding");
export type RoutingStanding = z.infer<typeof RoutingSchema>;

type Announced = Omit<RoutingStanding["announced"][number], "vrps">;

/** Most urgent first: invalid by length, invalid by AS, no ROA, valid; then as given (family, prefix). */
const URGENCY = { length: 0, as: 1, "not-found": 2, valid: 3 } as const;
export function byUrgency<T extends Announced>(routes: readonly T[]): T[] {
  const rank = (r: T) => (r.state === "invalid" ? URGENCY[r.reason ?? "as"] : URGENCY[r.state]);
  return routes
    .map((route, i) => ({ route, i }))
    .sort((a, b) => rank(a.route) - rank(b.route) || a.i - b.i)
    .map((x) => x.route);
}

/** The stored VRP lists of an invalid route, parsed. */
export function withVrps(route: routingQueries.RouteState): RoutingStanding["announced"][number] {
  const { vrps, ...rest } = route;
  return {
    ...rest,
    vrps:
      rest.state === "invalid" && vrps
        ? (JSON.parse(vrps) as RoutingStanding["announced"][number]["vrps"])
        : null,
  };
}

const familyOf = (prefix: string): "ipv4" | "ipv6" => (prefix.includes(":") ? "ipv6" : "ipv4");
const stateKey = (state: Announced["state"]) => (state === "not-found" ? "notFound" : state);

function coverage(routes: Announced[], family: "ipv4" | "ipv6") {
  const mine = routes.filter((r) => familyOf(r.prefix) === family);
  if (mine.length === 0) return null;
  const bits = family === "ipv4" ? 32 : 128;
  const size = (r: Announced) => 2 ** (bits - Number(r.prefix.split("/")[1]));
  const total = mine.reduce((n, r) => n + size(r), 0);
  const counts = { valid: 0, invalid: 0, notFound: 0, invalidAs: 0, invalidLength: 0 };
  const space = { valid: 0, invalid: 0, notFound: 0 };
  for (const r of mine) {
    counts[stateKey(r.state)]++;
    space[stateKey(r.state)] += size(r) / total;
    if (r.reason === "as") counts.invalidAs++;
    if (r.reason === "length") counts.invalidLength++;
  }
  // Shares from whole counts, so "all valid" is exactly 1.
  const prefixes = {
    valid: counts.valid / mine.length,
    invalid: counts.invalid / mine.length,
    notFound: counts.notFound / mine.length,
  };
  return {
    routes: mine.length,
    counts: { announced: mine.length, covered: counts.valid + counts.invalid, ...counts },
    prefixes,
    space,
  };
}

/** The fixes a provider's routing needs, most urgent first. */
function nextSteps(
  routes: Announced[],
  unannouncedIpv6: string[],
  expiring: routingQueries.SoonestExpiringVrp[],
): RoutingStanding["nextSteps"] {
  const steps: RoutingStanding["nextSteps"] = [];
  const pick = (family: "ipv4" | "ipv6", test: (r: Announced) => boolean) =>
    routes.filter((r) => familyOf(r.prefix) === family && test(r)).map((r) => r.prefix);
  const add = (
    family: "ipv4" | "ipv6",
    problem: RoutingStanding["nextSteps"][number]["problem"],
    prefixes: string[],
    action: string,
  ) => {
    const distinct = [...new Set(prefixes)];
    if (distinct.length > 0)
      steps.push({
        family,
        problem,
        prefixes: distinct.slice(0, FIX_PREFIXES_SHOWN),
        total: distinct.length,
        action,
      });
  };
  for (const family of ["ipv6", "ipv4"] as const) {
    add(
      family,
      "invalid-length",
      pick(family, (r) => r.reason === "length"),
      "Announced more specific than the ROA's max length allows: raise the max length or add a ROA for the more-specific prefix, or stop announcing it.",
    );
    add(
      family,
      "invalid-as",
      pick(family, (r) => r.reason === "as"),
      "The covering ROAs name another AS (or AS0): add a ROA for this origin AS, or announce from the AS the ROA names.",
    );
  }
  // Valid today, not found (or invalid, under a covering ROA) once they lapse.
  for (const family of ["ipv6", "ipv4"] as const) {
    const roas = expiring.filter((v) => v.family === (family === "ipv6" ? 6 : 4));
    const first = roas[0];
    if (first)
      steps.push({
        family,
        problem: "roa-expiring",
        prefixes: roas.map((v) => v.prefix),
        total: first.total,
        action:
          "These ROAs expire on the dates shown: renew them in LACNIC's RPKI portal (or have your CA re-sign them) before then, or the routes they authorise lose their RPKI-valid state.",
        roas: roas.map(({ prefix, maxLength, asn, expires }) => ({ prefix, maxLength, asn, expires })),
      });
  }
  add(
    "ipv6",
    "unannounced",
    unannouncedIpv6,
    "Registry IPv6 space nothing announces: announce it to your upstreams and peers (with a ROA).",
  );
  for (const family of ["ipv6", "ipv4"] as const)
    add(
      family,
      "not-found",
      pick(family, (r) => r.state === "not-found"),
      "No ROA covers these routes: create ROAs for them in LACNIC's RPKI portal (origin AS, max length = prefix length).",
    );
  return steps;
}

export async function routingFor(
  database: Database,
  asns: number[],
  holder: { registry: string; holderId: string } | null,
): Promise<RoutingStanding> {
  const rows = await routingQueries.routeStatesOf(database, asns);
  const expiring = await routingQueries.soonestExpiringVrpsOf(
    database,
    asns,
    ROA_EXPIRY_DAYS,
    FIX_PREFIXES_SHOWN,
  );
  const counts = { valid: 0, invalid: 0, notFound: 0 };
  for (const r of rows) counts[stateKey(r.state)]++;
  // The VRPs behind each invalid route shown, as the validation run stored them.
  const announced = byUrgency(rows).slice(0, ANNOUNCED_SHOWN).map(withVrps);
  const held = holder ? await registryQueries.heldIpv6(database, holder) : [];
  const unannounced = held.filter((h) => !h.announced);
  const unannouncedIpv6 = unannounced.map((h) => h.prefix);
  const slash32 = (list: typeof held) => list.reduce((n, h) => n + Number(h.slash32), 0);
  return {
    announced,
    announcedTotal: rows.length,
    counts,
    coverage: { ipv4: coverage(rows, "ipv4"), ipv6: coverage(rows, "ipv6") },
    unannouncedIpv6,
    heldIpv6: held.length,
    heldIpv6Slash32: slash32(held),
    unannouncedIpv6Slash32: slash32(unannounced),
    nextSteps: nextSteps(rows, unannouncedIpv6, expiring),
  };
}
