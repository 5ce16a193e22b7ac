import {
  bigint,
  boolean,
  char,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const roles = ["admin", "committee", "isp"] as const;
export type Role = (typeof roles)[number];

/**
 * People who sign in. There is no default account and no default password: an account starts
 * with a one-time invitation and gets its argon2id hash when the person sets a password.
 */
export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  /** Stored lower-cased: sign-in compares case-insensitively. */
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  role: text("role", { enum: roles }).notNull(),
  /** A committee member who chairs: sees the whole scoring table, marks finalists and decides. */
  isChair: boolean("is_chair").notNull().default(false),
  /** A committee member's economy, for cycles that treat the same country as a conflict. */
  country: char("country", { length: 2 }),
  passwordHash: text("password_hash"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
});

/**
 * Organisations (`registry:holder`) an account is tied to: the ones an ISP user acts for, and a
 * committee member's own affiliation (a conflict of interest when that organisation enters).
 */
export const userOrganisations = pgTable(
  "user_organisations",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] })],
);

/** Single networks an ISP user acts for, when the account is bound to ASNs rather than a holder. */
export const userAsns = pgTable(
  "user_asns",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    asn: bigint("asn", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.asn] })],
);

/** One-time links that let a person set a password. Only the token's SHA-256 is stored. */
export const invitations = pgTable("invitations", {
  tokenHash: text("token_hash").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * Server-side sessions. The cookie carries a random id; the table keeps only its SHA-256, so a
 * leaked database does not hand out live sessions. Sign-out deletes the row.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Sent back by the dashboard in `x-csrf-token` on every state-changing request. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  // "sign out everywhere" and cleanup of a disabled account.
  (t) => [index("sessions_user_idx").on(t.userId)],
);
