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
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";

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
    /**
     * The ISP account that added it from My networks; null for the public form. An organisation
     * sees and manages only these: who follows it anonymously is not its business.
     */
    addedByUserId: integer("added_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // Fanning an event out finds its followers by subject.
    index("alert_subscriptions_asn_idx").on(t.asn),
    index("alert_subscriptions_organisation_idx").on(t.organisationId),
    index("alert_subscriptions_cc_idx").on(t.cc),
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

/**
 * What Atalaya noticed about a network, an organisation or an economy after an ingest. `key` is
 * stable (kind, subject and the day or the thing it is about), so detecting the same change again
 * — a state that flaps within a day, a second process — finds the row and adds none. A network's
 * events also carry its organisation and economy, so their followers see them.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull(),
    kind: text("kind", { enum: alertEventKinds }).notNull(),
    asn: bigint("asn", { mode: "number" }),
    organisationId: text("organisation_id"),
    cc: char("cc", { length: 2 }),
    /** The evidence: what changed, from what to what, and the figures behind it. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** The dashboard page that explains it, a path such as `/as/7303`. */
    link: text("link").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("alert_events_key_idx").on(t.key),
    // The Activity feed and Atom feed of a network, an organisation's, an economy's.
    index("alert_events_asn_idx").on(t.asn, t.id),
    index("alert_events_organisation_idx").on(t.organisationId, t.id),
    index("alert_events_cc_idx").on(t.cc, t.id),
  ],
);

/**
 * The last state event detection saw per subject and kind (a Jim Bound state, a projected
 * crossing date, the set of invalid routes), so the next detection reports only changes.
 */
export const alertStates = pgTable(
  "alert_states",
  {
    /** `as:7303`, `org:lacnic:XYZ`, `cc:AR`. */
    subject: text("subject").notNull(),
    kind: text("kind", { enum: alertEventKinds }).notNull(),
    value: jsonb("value").$type<unknown>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.kind] })],
);

/**
 * Which subscription was told about which event, by which message: an event reaches a
 * subscription once, immediately or in one digest, whichever process fans it out.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: "cascade" }),
    eventId: integer("event_id")
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    /** The message that carried it; null while it waits for its digest. */
    messageId: integer("message_id").references(() => outboxMessages.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.eventId] }),
    // A digest collects what waits for it.
    index("alert_notifications_waiting_idx").on(t.subscriptionId).where(sql`${t.messageId} is null`),
  ],
);

/**
 * One-click unsubscribe tokens of messages after the confirmation: each message gets a new
 * token, stored only as its SHA-256 (the raw one exists only in that message).
 */
export const alertUnsubscribeTokens = pgTable("alert_unsubscribe_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  subscriptionId: integer("subscription_id")
    .notNull()
    .references(() => alertSubscriptions.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export const webhookStatuses = ["active", "disabled"] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

/**
 * A URL that receives events as signed JSON. An ISP account's endpoints follow its
 * organisations; an admin's follow one subject (asn, organisation or economy) or, with none, every
 * event. The secret signs each body (HMAC-SHA256); it is shown once at creation, and kept here
 * because signing needs it.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: serial("id").primaryKey(),
    ownerUserId: integer("owner_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    asn: bigint("asn", { mode: "number" }),
    organisationId: text("organisation_id"),
    cc: char("cc", { length: 2 }),
    events: text("events", { enum: alertEventKinds }).array().notNull(),
    /** The owner's language when the endpoint was added: that of the e-mail saying it was disabled. */
    language: text("language", { enum: alertLanguages }).notNull().default("en"),
    status: text("status", { enum: webhookStatuses }).notNull().default("active"),
    /** Deliveries that failed for good in a row; past the limit the endpoint is disabled. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [index("webhook_endpoints_owner_idx").on(t.ownerUserId)],
);

export const webhookDeliveryStatuses = ["queued", "sending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One event for one endpoint, queued and leased like outbox_messages (ADR 0010). A delivery
 * without an event is a ping: a test the owner asked for, tried once, never counted against the
 * endpoint, and never an alert_events row (which the public Activity feed reads).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: serial("id").primaryKey(),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: integer("event_id").references(() => alertEvents.id, { onDelete: "cascade" }),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_idx").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Every attempt of a delivery: the endpoint's delivery log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: serial("id").primaryKey(),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
    /** The HTTP status answered, or null when none came (refused, timed out). */
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);
