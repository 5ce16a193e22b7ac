import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bytea } from "./columns";
import { awardCycles } from "./measurements";

export const disputeStatuses = ["open", "upheld", "rejected"] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

/**
 * An ISP contesting its network's or organisation's Jim Bound standing in an award cycle. Private
 * to the filer's organisation and the committee members without a conflict until the cycle is
 * released; the chair resolves it with an outcome and a reason.
 */
export const jimBoundDisputes = pgTable(
  "jim_bound_disputes",
  {
    id: serial("id").primaryKey(),
    awardCycleId: integer("award_cycle_id")
      .notNull()
      .references(() => awardCycles.id),
    subjectKind: text("subject_kind", { enum: ["network", "organisation"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    /** The subject's name when filed, so the dispute reads the same after a registry update. */
    name: text("name").notNull(),
    /** The organisation behind the subject (conflicts of interest, who may read it); null: unknown holder. */
    organisationId: text("organisation_id"),
    text: text("text").notNull(),
    filedBy: integer("filed_by")
      .notNull()
      .references(() => users.id),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull(),
    status: text("status", { enum: disputeStatuses }).notNull().default("open"),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    reason: text("reason"),
  },
  (t) => [
    // One open dispute per subject and cycle (the subject fixes its organisation); resolved ones may pile up.
    uniqueIndex("jim_bound_disputes_open_subject")
      .on(t.awardCycleId, t.subjectKind, t.subjectId)
      .where(sql`${t.status} = 'open'`),
    // The committee's list of a cycle's disputes; the ISP's list filters the same rows by organisation.
    index("jim_bound_disputes_cycle_idx").on(t.awardCycleId, t.id),
  ],
);

export const disputeAttachmentKinds = ["self-reported", "source-export"] as const;
export type DisputeAttachmentKind = (typeof disputeAttachmentKinds)[number];

/** The file a dispute came with (at most one), kept apart so lists never load the bytes. */
export const jimBoundDisputeAttachments = pgTable("jim_bound_dispute_attachments", {
  disputeId: integer("dispute_id")
    .primaryKey()
    .references(() => jimBoundDisputes.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: disputeAttachmentKinds }).notNull(),
  fileName: text("file_name").notNull(),
  /** Judged from the content (text/csv or application/json), never the type the browser declared. */
  mediaType: text("media_type").notNull(),
  bytes: integer("bytes").notNull(),
  sha256: text("sha256").notNull(),
  /** What the check found: rows or days, the date span, a recognised source format. */
  summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
  content: bytea("content").notNull(),
});
