/**
 * Atalaya's own measurement (packages/beacon): what browsers running the beacon showed, counted
 * per UTC day, origin network and economy. Nothing else of a test is stored: no address, token
 * or user agent. Several serving processes add their counts to the same rows. The
 * `atalaya-beacon` ingest publishes days with enough tests into daily_measurements.
 */
import { sql } from "drizzle-orm";
import { bigint, char, date, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";

export const beaconDaily = pgTable(
  "beacon_daily",
  {
    date: date("date").notNull(),
    /** The origin ASN of the client's address; 0: no route covers it (unrouted). */
    asn: bigint("asn", { mode: "number" }).notNull(),
    /** The economy of the registry block holding the address; "ZZ" when none says. */
    cc: char("cc", { length: 2 }).notNull(),
    /** Tests that completed (at least two of the three fetches arrived within the window). */
    tests: integer("tests").notNull(),
    /** Tests whose IPv6-only fetch arrived. */
    capable: integer("capable").notNull(),
    /** Tests whose dual-stack fetch arrived over IPv6. */
    preferred: integer("preferred").notNull(),
    /** Tests whose dual-stack fetch failed, or came seconds after IPv4's, where IPv4 worked. */
    broken: integer("broken").notNull(),
    /** Time to first byte histograms, one count per TTFB_BUCKETS_MS bucket (packages/beacon). */
    ttfbIpv4: integer("ttfb_ipv4").array().notNull().default(sql`'{}'`),
    ttfbIpv6: integer("ttfb_ipv6").array().notNull().default(sql`'{}'`),
    ttfbDual: integer("ttfb_dual").array().notNull().default(sql`'{}'`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.asn, t.cc] })],
);
