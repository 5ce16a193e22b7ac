import {
  bigint,
  boolean,
  cidr,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Columns shared by announced routes and their staging twin. */
function routeColumns() {
  return {
    /** `pfx2as` or `mrt`: each source's routes are replaced as a whole by its next run. */
    source: text("source").notNull(),
    prefix: cidr("prefix").notNull(),
    /** Canonical origin text: "64496", or "{64496,64497}" for an AS_SET. */
    origin: text("origin").notNull(),
    /** The origin ASN; null for an AS_SET origin. */
    originAsn: bigint("origin_asn", { mode: "number" }),
    /** Peers carrying the route (MRT); null where the source does not say (pfx2as). */
    peers: integer("peers"),
    runId: integer("run_id").notNull(),
  };
}

/** Announced routes, one row per (source, prefix, origin). */
export const routes = pgTable("routes", routeColumns(), (t) => [
  primaryKey({ columns: [t.source, t.prefix, t.origin] }),
  // A provider's announcements (standing page).
  index("routes_origin_asn_idx").on(t.originAsn),
]);
export const routesStaging = pgTable("routes_staging", routeColumns());

function vrpColumns() {
  return {
    asn: bigint("asn", { mode: "number" }).notNull(),
    prefix: cidr("prefix").notNull(),
    maxLength: integer("max_length").notNull(),
    trustAnchor: text("trust_anchor"),
    /**
     * When the ROA's own certificate lapses unless renewed, where the list says (roas.csv and
     * csvext `Not After`, jsonext `validity`; not rpki-client's chain-wide `expires`: ADR 0014);
     * the latest of identical VRPs.
     */
    expires: timestamp("expires", { withTimezone: true }),
    runId: integer("run_id").notNull(),
  };
}

/** Validated ROA payloads, de-duplicated on (asn, prefix, maxLength). */
export const vrps = pgTable("vrps", vrpColumns(), (t) => [
  primaryKey({ columns: [t.asn, t.prefix, t.maxLength] }),
  // The VRPs covering a route (prefix >>= route): one GiST probe per route (coveringVrpIndex).
  index("vrps_prefix_gist_idx").using("gist", t.prefix.op("inet_ops")),
]);
export const vrpsStaging = pgTable("vrps_staging", vrpColumns());

function validityColumns() {
  return {
    prefix: cidr("prefix").notNull(),
    origin: text("origin").notNull(),
    originAsn: bigint("origin_asn", { mode: "number" }),
    state: text("state", { enum: ["valid", "invalid", "not-found"] }).notNull(),
    reason: text("reason", { enum: ["as", "length"] }),
    /** Most peers carrying it in a RIB dump (MRT); null where only pfx2as announces it. */
    peers: integer("peers"),
    /**
     * For an invalid route, the VRPs behind the state as Routinator lists them (JSON: matched,
     * unmatched_as, unmatched_length), which provider pages show; null otherwise. Kept as text:
     * only ever read whole, and COPY need not parse it.
     */
    vrps: text("vrps"),
    /** The validation run (an ingest_runs row of source "validation") that computed it. */
    runId: integer("run_id").notNull(),
  };
}

/**
 * RFC 6811 state of every distinct announced (prefix, origin), kept by the validation engine after
 * each routes or VRP ingest, so pages read answers instead of recomputing them: all of it again
 * when the VRPs changed, otherwise only the routes that have no answer yet (validationBasis).
 */
export const routeValidity = pgTable("route_validity", validityColumns(), (t) => [
  primaryKey({ columns: [t.prefix, t.origin] }),
  index("route_validity_origin_asn_idx").on(t.originAsn),
]);
export const routeValidityStaging = pgTable("route_validity_staging", validityColumns());

/**
 * What the live `route_validity` answers were computed against: the VRP set's run (null when there
 * were no VRPs). While it is the live VRPs' run, a validation after a routes ingest validates only
 * routes without an answer (packages/ingest/src/validation.ts). One row.
 */
export const validationBasis = pgTable("validation_basis", {
  id: integer("id").primaryKey().default(1),
  vrpRunId: integer("vrp_run_id"),
  /** The validation run that last brought route_validity up to date. */
  runId: integer("run_id").notNull(),
});

function registryRoutingColumns() {
  return {
    prefix: cidr("prefix").notNull(),
    /** A route of any source is the prefix itself, lies inside it, or covers it. */
    announced: boolean("announced").notNull(),
    runId: integer("run_id").notNull(),
  };
}

/**
 * Whether anything announces each allocated or assigned registry prefix, recomputed in memory by
 * each validation run and after each registry publish (packages/ingest/src/announcement.ts).
 * Asked per prefix by the country and provider pages; computing it in SQL meant an index probe
 * per prefix length per held prefix (tens of thousands for a large economy: minutes on 1.8M routes).
 */
export const registryPrefixRouting = pgTable("registry_prefix_routing", registryRoutingColumns(), (t) => [
  primaryKey({ columns: [t.prefix] }),
]);
export const registryPrefixRoutingStaging = pgTable(
  "registry_prefix_routing_staging",
  registryRoutingColumns(),
);
