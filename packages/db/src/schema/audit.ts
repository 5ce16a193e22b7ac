import { bigserial, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Append-only record of every score, conflict, override, decision and release. Each row's hash
 * covers its content and the previous row's hash, so changing or removing a row breaks the chain
 * (`atalaya audit verify`). A trigger (migration 0006) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  actorId: integer("actor_id"),
  action: text("action").notNull(),
  subjectKind: text("subject_kind").notNull(),
  subjectId: text("subject_id").notNull(),
  detail: jsonb("detail").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull().unique(),
});
