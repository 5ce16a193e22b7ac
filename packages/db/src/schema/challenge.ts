import {
  bigint,
  bigserial,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bytea } from "./columns";
import { awardCycles } from "./measurements";

/**
 * An IPv6 Challenge cycle. Registration, the deployment window (30 days by default), the report
 * deadline, the review period and the release date; nothing about scores or outcomes leaves the
 * committee until `releasedAt` is set (on or after `releaseAt`).
 */
export const challengeCycles = pgTable("challenge_cycles", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  registrationOpensAt: timestamp("registration_opens_at", { withTimezone: true }).notNull(),
  registrationClosesAt: timestamp("registration_closes_at", { withTimezone: true }).notNull(),
  windowStartsAt: timestamp("window_starts_at", { withTimezone: true }).notNull(),
  windowDays: integer("window_days").notNull().default(30),
  reportDeadlineAt: timestamp("report_deadline_at", { withTimezone: true }).notNull(),
  reviewEndsAt: timestamp("review_ends_at", { withTimezone: true }).notNull(),
  releaseAt: timestamp("release_at", { withTimezone: true }).notNull(),
  /** When true, a reviewer from the entry's economy has a conflict. */
  countryConflicts: boolean("country_conflicts").notNull().default(false),
  releasedAt: timestamp("released_at", { withTimezone: true }),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface EntryContact {
  name: string;
  email: string;
}

/** An organisation's entry in a cycle. */
export const challengeEntries = pgTable(
  "challenge_entries",
  {
    id: serial("id").primaryKey(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => challengeCycles.id),
    organisationId: text("organisation_id").notNull(),
    name: text("name").notNull(),
    /** The organisation's economy from registry data, for country conflicts. */
    cc: char("cc", { length: 2 }),
    contacts: jsonb("contacts").$type<EntryContact[]>().notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("challenge_entries_cycle_org").on(t.cycleId, t.organisationId)],
);

export const entryAsns = pgTable(
  "entry_asns",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    asn: bigint("asn", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.asn] })],
);

export const serviceKinds = ["web", "mail", "dns", "other"] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/** A service the entry declares it runs over IPv6, by host name (web services may give a URL). */
export const entryServices = pgTable(
  "entry_services",
  {
    id: serial("id").primaryKey(),
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: serviceKinds }).notNull(),
    host: text("host").notNull(),
  },
  (t) => [unique("entry_services_unique").on(t.entryId, t.kind, t.host)],
);

export const checkOutcomes = ["pass", "warn", "fail", "error"] as const;

/** The history of automatic checks: evidence kept, never overwritten. */
export const serviceChecks = pgTable(
  "service_checks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    serviceId: integer("service_id")
      .notNull()
      .references(() => entryServices.id, { onDelete: "cascade" }),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
    check: text("check").notNull(),
    target: text("target").notNull(),
    outcome: text("outcome", { enum: checkOutcomes }).notNull(),
    detail: text("detail").notNull(),
  },
  // The entry's timeline, newest first.
  (t) => [index("service_checks_entry_idx").on(t.entryId, t.checkedAt)],
);

/** The final report (one per entry; a new upload before the deadline replaces it). */
export const entryReports = pgTable("entry_reports", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => challengeEntries.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  mediaType: text("media_type").notNull(),
  bytes: integer("bytes").notNull(),
  sha256: text("sha256").notNull(),
  content: bytea("content").notNull(),
  uploadedBy: integer("uploaded_by")
    .notNull()
    .references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
});

/** Conflicts a reviewer declared (same organisation and same country are derived, not stored). */
export const declaredConflicts = pgTable(
  "declared_conflicts",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    note: text("note").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.userId] })],
);

/** One reviewer's scores for one entry on the five FLIP6 criteria (1–5 each). */
export const reviewScores = pgTable(
  "review_scores",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => users.id),
    originality: smallint("originality").notNull(),
    experience: smallint("experience").notNull(),
    applicability: smallint("applicability").notNull(),
    replicability: smallint("replicability").notNull(),
    development: smallint("development").notNull(),
    comments: jsonb("comments").$type<Record<string, string>>().notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.reviewerId] })],
);

/** The committee's discussion thread per entry. */
export const entryComments = pgTable(
  "entry_comments",
  {
    id: serial("id").primaryKey(),
    entryId: integer("entry_id")
      .notNull()
      .references(() => challengeEntries.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("entry_comments_entry_idx").on(t.entryId, t.id)],
);

export const entryOutcomeKinds = ["finalist", "winner"] as const;

/** The chair's marks: finalist, winner. Private until the cycle is released. */
export const entryOutcomes = pgTable("entry_outcomes", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => challengeEntries.id, { onDelete: "cascade" }),
  outcome: text("outcome", { enum: entryOutcomeKinds }).notNull(),
  decidedBy: integer("decided_by")
    .notNull()
    .references(() => users.id),
  decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
});

export const nominationStatuses = ["open", "awarded", "declined"] as const;

/**
 * A Jim Bound nomination from the eligibility board. The evidence (values, sources, ingest runs,
 * method version) is frozen into `evidence` when the chair nominates and again at the decision.
 */
export const jimBoundNominations = pgTable(
  "jim_bound_nominations",
  {
    id: serial("id").primaryKey(),
    awardCycleId: integer("award_cycle_id")
      .notNull()
      .references(() => awardCycles.id),
    subjectKind: text("subject_kind", { enum: ["network", "organisation"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    name: text("name").notNull(),
    evidence: jsonb("evidence").notNull(),
    nominatedBy: integer("nominated_by")
      .notNull()
      .references(() => users.id),
    nominatedAt: timestamp("nominated_at", { withTimezone: true }).notNull(),
    status: text("status", { enum: nominationStatuses }).notNull().default("open"),
    decisionEvidence: jsonb("decision_evidence"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [unique("jim_bound_nominations_subject").on(t.awardCycleId, t.subjectKind, t.subjectId)],
);

/**
 * The evidence pack of a nomination or a decision (packages/evidence): the canonical JSON of the
 * daily counts, parameters, method, source runs and result frozen with it, its SHA-256, and the
 * audit row whose detail records that SHA-256 (the chain anchors the pack).
 */
export const jimBoundEvidencePacks = pgTable(
  "jim_bound_evidence_packs",
  {
    nominationId: integer("nomination_id")
      .notNull()
      .references(() => jimBoundNominations.id),
    stage: text("stage", { enum: ["nomination", "decision"] }).notNull(),
    body: text("body").notNull(),
    sha256: text("sha256").notNull(),
    auditId: integer("audit_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.nominationId, t.stage] })],
);

export const voteValues = ["yes", "no", "abstain"] as const;

export const jimBoundVotes = pgTable(
  "jim_bound_votes",
  {
    nominationId: integer("nomination_id")
      .notNull()
      .references(() => jimBoundNominations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    vote: text("vote", { enum: voteValues }).notNull(),
    comment: text("comment").notNull().default(""),
    votedAt: timestamp("voted_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.nominationId, t.userId] })],
);

/** A Jim Bound award cycle's results become public when released (audited like the Challenge's). */
export const awardReleases = pgTable("award_releases", {
  awardCycleId: integer("award_cycle_id")
    .primaryKey()
    .references(() => awardCycles.id),
  releasedBy: integer("released_by")
    .notNull()
    .references(() => users.id),
  releasedAt: timestamp("released_at", { withTimezone: true }).notNull(),
});
