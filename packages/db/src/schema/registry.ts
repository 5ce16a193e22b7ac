import { bigint, char, cidr, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ingestRuns } from "./ingest";

export const resourceTypes = ["asn", "ipv4", "ipv6"] as const;
export const resourceStatuses = ["allocated", "assigned", "available", "reserved"] as const;

/**
 * Columns shared by the live table and its staging twin. One row per resource *unit*: an ASN
 * (ranges expanded), or an exact CIDR (IPv4 address counts split), so that later joins with
 * routes and measurements need no arithmetic.
 */
function registryResourceColumns() {
  return {
    runId: integer("run_id").notNull(),
    registry: text("registry").notNull(),
    cc: char("cc", { length: 2 }),
    type: text("type", { enum: resourceTypes }).notNull(),
    asn: bigint("asn", { mode: "number" }),
    prefix: cidr("prefix"),
    date: date("date"),
    status: text("status", { enum: resourceStatuses }).notNull(),
    /** The holder's opaque-id from the extended format: one organisation. */
    holderId: text("holder_id"),
    /** Line of the source file the unit came from. */
    line: integer("line").notNull(),
  };
}

export const registryResources = pgTable(
  "registry_resources",
  {
    ...registryResourceColumns(),
    runId: integer("run_id")
      .notNull()
      .references(() => ingestRuns.id),
  },
  (t) => [
    // Country figures: filter by cc and status, group by type.
    index("registry_resources_cc_idx").on(t.cc, t.type, t.status),
    // Publishing replaces one registry's rows at a time.
    index("registry_resources_registry_idx").on(t.registry),
    // Holder of an ASN, and an organisation's resources.
    index("registry_resources_asn_idx").on(t.asn),
    index("registry_resources_holder_idx").on(t.registry, t.holderId),
  ],
);

/**
 * Staging twin without indexes or constraints: COPY fills it fast, checks run against it, and the
 * publish transaction moves one run's rows to the live table.
 */
export const registryResourcesStaging = pgTable("registry_resources_staging", registryResourceColumns());

/** A resource holder, one per (registry, opaque-id); names come later from other sources. */
export const organisations = pgTable(
  "organisations",
  {
    registry: text("registry").notNull(),
    holderId: text("holder_id").notNull(),
    /** The country where the holder has most of its resources. */
    cc: char("cc", { length: 2 }),
    name: text("name"),
    firstRunId: integer("first_run_id").notNull(),
    lastRunId: integer("last_run_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.registry, t.holderId] })],
);

/** AS names (potaroo/RIPE lists). Registry facts about an ASN come from registry_resources. */
export const asns = pgTable("asns", {
  asn: bigint("asn", { mode: "number" }).primaryKey(),
  name: text("name").notNull(),
  cc: char("cc", { length: 2 }),
  runId: integer("run_id")
    .notNull()
    .references(() => ingestRuns.id),
});

export const asNamesStaging = pgTable("as_names_staging", {
  runId: integer("run_id").notNull(),
  asn: bigint("asn", { mode: "number" }).notNull(),
  name: text("name").notNull(),
  cc: char("cc", { length: 2 }),
});
