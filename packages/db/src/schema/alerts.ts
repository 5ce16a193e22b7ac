/**
 * Alerts by e-mail (issue 13): who follows which network, organisation or economy, and the
 * durable queue of outgoing mail. Events, webhooks and digests build on these tables later.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Every kind of event a subscription may ask for (which apply depends on the subject: @atalaya/alerts). */
export const alertEventKinds = [
  "jim-bound-state",
  "crossing-moved",
  "rpki-invalid",
  "roa-expiring",
  "unannounced-space",
  "stale-data",
  "economy-weekly",
  "monthly-report",
] as const;
export type AlertEventKind = (typeof alertEventKinds)[number];

export const alertDeliveries = ["immediate", "daily", "weekly"] as const;
export type AlertDelivery = (typeof alertDeliveries)[number];

export const alertLanguages = ["en", "es", "pt"] as const;
export type AlertLanguage = (typeof alertLanguages)[number];

export const alertSubscriptionStatuses = ["pending", "active", "unsubscribed"] as const;
export type AlertSubscriptionStatus = (typeof alertSubscriptionStatuses)[number];

/**
 * An e-mail address following one subject: a network (asn), an organisation (`registry:holder`)
 * or an economy (cc), exactly one of them. Pending until the address confirms (double opt-in).
 * Tokens are stored only as their SHA-256: the raw ones exist only in the messages sent.
 */
export const alertSubscriptions = pgTable(
  "alert_subscriptions",
  {
    id: serial("id").primaryKey(),
    /** Lower-cased. */
    email: text("email").notNull(),
    /** 32-bit AS numbers exceed integer. */
    asn: bigint("asn", { mode: "number" }),
    organisationId: text("organisation_id"),
    cc: char("cc", { length: 2 }),
    events: text("events", { enum: alertEventKinds }).array().notNull(),
    delivery: text("delivery", { enum: alertDeliveries }).notNull().default("immediate"),
    language: text("language", { enum: alertLanguages }).notNull().default("en"),
    status: text("status", { enum: alertSubscriptionStatuses }).notNull().default("pending"),
    confirmationTokenHash: text("confirmation_token_hash"),
    /** When the current confirmation link was sent: it works for 7 days from then. */
    confirmationSentAt: timestamp("confirmation_sent_at", { withTimezone: true }),
    unsubscribeTokenHash: text("unsubscribe_token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
  },
  (t) => [
    check("alert_subscriptions_one_subject", sql`num_nonnulls(${t.asn}, ${t.organisationId}, ${t.cc}) = 1`),
    // One row per address and subject: subscribing again updates it (the upsert's arbiter).
    unique("alert_subscriptions_email_subject").on(t.email, t.asn, t.organisationId, t.cc).nullsNotDistinct(),
    // The confirmation and one-click unsubscribe links look their subscription up by token.
    uniqueIndex("alert_subscriptions_confirmation_idx").on(t.confirmationTokenHash),
    uniqueIndex("alert_subscriptions_unsubscribe_idx").on(t.unsubscribeTokenHash),
  ],
);

export const outboxStatuses = ["queued", "sending", "sent", "failed", "not-configured"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Outgoing e-mail, queued in the database so that a restart loses nothing. Any serving process
 * may send: a sender claims due rows with `for update skip locked` and leases them (`sending`
 * until `next_attempt_at`), so a process that dies mid-send leaves them to be claimed again.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: serial("id").primaryKey(),
    /** What the message is (`subscription-confirmation`, …), for the admin's counts. */
    kind: text("kind").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    language: text("language", { enum: alertLanguages }).notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** When a queued message is due, or when a `sending` one's lease runs out. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    // The sender's claim: due queued messages and expired leases, oldest first.
    index("outbox_messages_due_idx").on(t.status, t.nextAttemptAt),
    // How many confirmations an address was sent lately (the cap on anonymous subscribing).
    index("outbox_messages_to_idx").on(t.to, t.createdAt),
  ],
);
