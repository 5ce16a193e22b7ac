/**
 * Subscriptions with double opt-in: subscribing stores a pending row and queues a confirmation
 * e-mail; its link activates the row; every message's one-click link unsubscribes. Whether an
 * address already follows a subject is never revealed: subscribing answers the same either way.
 */
import { randomToken, tokenHash } from "@atalaya/accounts";
import {
  type AlertDelivery,
  type AlertEventKind,
  type AlertLanguage,
  type AlertSubscriptionStatus,
  alertSubscriptions,
  alertUnsubscribeTokens,
  countries,
  type Database,
  type Db,
  organisations,
  outboxMessages,
  registryQueries,
} from "@atalaya/db";
import { and, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { AlertError } from "./errors";
import { confirmationMessage, message } from "./messages";
import { enqueueMessage } from "./outbox";
import { EVENTS_BY_SUBJECT, SUBJECT_FIELD, type Subject } from "./subjects";

/** A confirmation link works for this long after it was sent. */
export const CONFIRMATION_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Confirmation e-mails one address may be sent in a day, whatever the subjects: anyone may
 * subscribe anyone, so past this a subscription is silently not taken (the answer is the same),
 * and nobody can use Atalaya to flood an inbox.
 */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 5;

const CONFIRMATION_KIND = "subscription-confirmation";

export interface SubscribeRequest {
  email: string;
  subject: Subject;
  events?: AlertEventKind[] | undefined;
  delivery?: AlertDelivery | undefined;
  language?: AlertLanguage | undefined;
}

export interface MailContext {
  now: Date;
  /** The dashboard's absolute address, without a trailing slash: the links' base. */
  baseUrl: string;
  /** Whether SMTP is configured: messages are stored `not-configured` otherwise. */
  mailConfigured: boolean;
}

/**
 * The links a subscription's messages carry; tokens travel in the fragment of page links. The
 * manage page takes the unsubscribe token: whoever can stop the e-mail may change it.
 */
export function subscriptionLinks(baseUrl: string, tokens: { confirmation?: string; unsubscribe: string }) {
  return {
    confirm: tokens.confirmation ? `${baseUrl}/subscriptions/confirm#token=${tokens.confirmation}` : null,
    unsubscribePage: `${baseUrl}/subscriptions/unsubscribe#token=${tokens.unsubscribe}`,
    manage: `${baseUrl}/subscriptions/manage#token=${tokens.unsubscribe}`,
    /** RFC 8058: the URL a mail client POSTs `List-Unsubscribe=One-Click` to. */
    oneClick: `${baseUrl}/api/v1/subscriptions/unsubscribe?token=${tokens.unsubscribe}`,
  };
}

/** RFC 8058 headers of every message to a subscriber. */
export function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The subject in words, for the message; refuses one Atalaya does not know (400 naming the field). */
export async function subjectLabel(
  database: Database,
  subject: Subject,
  language: AlertLanguage,
): Promise<string> {
  const field = SUBJECT_FIELD[subject.kind];
  if (subject.kind === "network") {
    const held = await registryQueries.asnHolder(database, subject.asn);
    if (!held)
      throw new AlertError("BAD_REQUEST", `${field}: AS${subject.asn} is not in Atalaya's registry data`);
    return message(language, "subject.network", { asn: subject.asn });
  }
  if (subject.kind === "organisation") {
    const [registry, holderId] = subject.id.split(":");
    const [org] =
      registry && holderId
        ? await database.db
            .select({ name: organisations.name })
            .from(organisations)
            .where(and(eq(organisations.registry, registry), eq(organisations.holderId, holderId)))
        : [];
    if (!org)
      throw new AlertError(
        "BAD_REQUEST",
        `${field}: no organisation ${subject.id} in Atalaya's registry data`,
      );
    return message(language, "subject.organisation", {
      name: org.name ? `${org.name} (${subject.id})` : subject.id,
    });
  }
  const [economy] = await database.db
    .select({ name: countries.name })
    .from(countries)
    .where(and(eq(countries.cc, subject.cc), eq(countries.inLacnicRegion, true)));
  if (!economy)
    throw new AlertError("BAD_REQUEST", `${field}: ${subject.cc} is not an economy of the LACNIC region`);
  return message(language, "subject.economy", { name: economy.name });
}

export function subjectColumns(subject: Subject) {
  return {
    asn: subject.kind === "network" ? subject.asn : null,
    organisationId: subject.kind === "organisation" ? subject.id : null,
    cc: subject.kind === "economy" ? subject.cc : null,
  };
}

const ARTICLE: Record<Subject["kind"], string> = {
  network: "a network",
  organisation: "an organisation",
  economy: "an economy",
};

/**
 * `events` checked against what applies to a subject of `kind` (400 naming the field), without
 * repeats; none given: all of them.
 */
export function checkedEvents(kind: Subject["kind"], events: readonly AlertEventKind[] | undefined) {
  const allowed = EVENTS_BY_SUBJECT[kind];
  const chosen = events ? [...new Set(events)] : [...allowed];
  const wrong = chosen.filter((e) => !allowed.includes(e));
  if (wrong.length > 0)
    throw new AlertError(
      "BAD_REQUEST",
      `events: ${wrong.join(", ")} ${wrong.length === 1 ? "does" : "do"} not apply to ${ARTICLE[kind]} (choose among ${allowed.join(", ")})`,
    );
  if (chosen.length === 0) throw new AlertError("BAD_REQUEST", "events: choose at least one");
  return chosen;
}

/** A subscription request checked and normalised, with its subject in words for the message. */
export interface CheckedRequest {
  email: string;
  subject: Subject;
  events: AlertEventKind[];
  delivery: AlertDelivery;
  language: AlertLanguage;
  label: string;
}

/** Normalises a request (address lower-cased, economy upper-cased) and refuses a wrong one (400). */
export async function checkedRequest(database: Database, request: SubscribeRequest): Promise<CheckedRequest> {
  const subject: Subject =
    request.subject.kind === "economy"
      ? { kind: "economy", cc: request.subject.cc.toUpperCase() }
      : request.subject;
  const events = checkedEvents(subject.kind, request.events);
  const language = request.language ?? "en";
  return {
    email: request.email.trim().toLowerCase(),
    subject,
    events,
    delivery: request.delivery ?? "immediate",
    language,
    label: await subjectLabel(database, subject, language),
  };
}

/**
 * What subscribing did: a confirmation queued for a new or pending (or cancelled) subscription;
 * nothing for one already active, when the address had its confirmations for the day, or when
 * the row it collided with was deleted before it could be read (`raced`: trying again inserts).
 */
export type SubscribeOutcome =
  | { kind: "queued"; id: number }
  | { kind: "active"; id: number }
  | { kind: "capped" }
  | { kind: "raced" };

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;

/** The rows of one address and subject (the columns are nullable: `=` would never match a null). */
export function sameSubject(email: string, subject: Subject) {
  const columns = subjectColumns(subject);
  const same = (
    column:
      | typeof alertSubscriptions.asn
      | typeof alertSubscriptions.organisationId
      | typeof alertSubscriptions.cc,
    value: string | number | null,
  ) => (value === null ? isNull(column) : eq(column, value));
  return and(
    eq(alertSubscriptions.email, email),
    same(alertSubscriptions.asn, columns.asn),
    same(alertSubscriptions.organisationId, columns.organisationId),
    same(alertSubscriptions.cc, columns.cc),
  );
}

/**
 * Subscribes within `tx`, pending confirmation: a new row, or the existing pending (or
 * unsubscribed) one updated with the new choices and a new link, and the confirmation queued.
 * An active subscription is left as it is.
 */
export async function subscribeIn(
  tx: Tx,
  request: CheckedRequest,
  context: MailContext,
): Promise<SubscribeOutcome> {
  const { email, subject, language } = request;
  const confirmation = randomToken();
  const unsubscribe = randomToken();
  const columns = subjectColumns(subject);
  const choices = {
    events: request.events,
    delivery: request.delivery,
    language,
    status: "pending" as const,
    confirmationTokenHash: tokenHash(confirmation),
    confirmationSentAt: context.now,
    unsubscribeTokenHash: tokenHash(unsubscribe),
  };
  // Index: outbox_messages_to_idx.
  const [sent] = await tx
    .select({ n: count() })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.to, email),
        eq(outboxMessages.kind, CONFIRMATION_KIND),
        gt(outboxMessages.createdAt, new Date(context.now.getTime() - 24 * 3_600_000)),
      ),
    );
  if ((sent?.n ?? 0) >= CONFIRMATIONS_PER_ADDRESS_PER_DAY) return { kind: "capped" };
  const inserted = await tx
    .insert(alertSubscriptions)
    .values({ email, ...columns, ...choices, createdAt: context.now })
    .onConflictDoNothing({
      target: [
        alertSubscriptions.email,
        alertSubscriptions.asn,
        alertSubscriptions.organisationId,
        alertSubscriptions.cc,
      ],
    })
    .returning({ id: alertSubscriptions.id });
  let id = inserted[0]?.id;
  if (id === undefined) {
    const [existing] = await tx
      .select({ id: alertSubscriptions.id, status: alertSubscriptions.status })
      .from(alertSubscriptions)
      .where(sameSubject(email, subject))
      .for("update");
    if (!existing) return { kind: "raced" };
    if (existing.status === "active") return { kind: "active", id: existing.id };
    await tx
      .update(alertSubscriptions)
      .set({ ...choices, unsubscribedAt: null })
      .where(eq(alertSubscriptions.id, existing.id));
    id = existing.id;
  }
  const links = subscriptionLinks(context.baseUrl, { confirmation, unsubscribe });
  const rendered = confirmationMessage({
    language,
    subjectLabel: request.label,
    confirmUrl: links.confirm as string,
    unsubscribeUrl: links.unsubscribePage,
    manageUrl: links.manage,
  });
  await enqueueMessage(
    tx,
    {
      kind: CONFIRMATION_KIND,
      to: email,
      ...rendered,
      headers: unsubscribeHeaders(links.oneClick),
      language,
    },
    { now: context.now, mailConfigured: context.mailConfigured },
  );
  return { kind: "queued", id };
}

/**
 * Subscribes `email` to a subject, pending its confirmation (subscribeIn). An active
 * subscription is left as it is and nothing is sent, so the answer says nothing about the address.
 */
export async function subscribe(
  database: Database,
  request: SubscribeRequest,
  context: MailContext,
): Promise<void> {
  const checked = await checkedRequest(database, request);
  await database.db.transaction((tx) => subscribeIn(tx, checked, context));
}

export interface SubscriptionView {
  status: AlertSubscriptionStatus;
  subject: Subject;
  events: AlertEventKind[];
  delivery: AlertDelivery;
  language: AlertLanguage;
}

export type AlertSubscription = typeof alertSubscriptions.$inferSelect;
type Row = AlertSubscription;

/** The subject a row follows (exactly one of its columns is set). */
export function subjectOfRow(row: Pick<Row, "asn" | "organisationId" | "cc">): Subject {
  return row.asn !== null
    ? { kind: "network", asn: row.asn }
    : row.organisationId !== null
      ? { kind: "organisation", id: row.organisationId }
      : { kind: "economy", cc: row.cc as string };
}

function view(row: Row): SubscriptionView {
  return {
    status: row.status,
    subject: subjectOfRow(row),
    events: row.events,
    delivery: row.delivery,
    language: row.language,
  };
}

/**
 * Activates the subscription a confirmation link names. Confirming again answers the same;
 * an unknown link is NOT_FOUND, one older than 7 days or for a cancelled subscription BAD_REQUEST.
 */
export async function confirmSubscription(
  database: Database,
  token: string,
  now: Date,
): Promise<SubscriptionView> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.confirmationTokenHash, tokenHash(token)))
      .for("update");
    if (!row)
      throw new AlertError(
        "NOT_FOUND",
        "this confirmation link is unknown: a newer one may have replaced it. Subscribe again to get a new link",
      );
    if (row.status === "active") return view(row);
    if (row.status === "unsubscribed")
      throw new AlertError(
        "BAD_REQUEST",
        "this subscription was cancelled; subscribe again to get a new link",
      );
    if (!row.confirmationSentAt || now.getTime() - row.confirmationSentAt.getTime() > CONFIRMATION_TTL_MS)
      throw new AlertError(
        "BAD_REQUEST",
        "this confirmation link has expired (links work for 7 days); subscribe again",
      );
    const [updated] = await tx
      .update(alertSubscriptions)
      .set({ status: "active", confirmedAt: now })
      .where(eq(alertSubscriptions.id, row.id))
      .returning();
    return view(updated as Row);
  });
}

/**
 * The subscription an unsubscribe token names: the one it was created with
 * (`alert_subscriptions.unsubscribe_token_hash`) or one a later message carried
 * (`alert_unsubscribe_tokens`). `lock`: the row is locked for the rest of `tx`. Indexes:
 * alert_subscriptions_unsubscribe_idx, and alert_unsubscribe_tokens' primary key (the scalar
 * subquery finds at most one row, so both sides are index lookups).
 */
export async function subscriptionByToken(
  tx: Pick<Db, "select">,
  token: string,
  options: { lock?: boolean } = {},
): Promise<AlertSubscription | null> {
  const hash = tokenHash(token);
  const query = tx
    .select()
    .from(alertSubscriptions)
    .where(
      or(
        eq(alertSubscriptions.unsubscribeTokenHash, hash),
        eq(
          alertSubscriptions.id,
          sql`(select ${alertUnsubscribeTokens.subscriptionId} from ${alertUnsubscribeTokens} where ${alertUnsubscribeTokens.tokenHash} = ${hash})`,
        ),
      ),
    )
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

const UNKNOWN_UNSUBSCRIBE_LINK = "this unsubscribe link is unknown (it may belong to an older message)";

/** Cancels the subscription an unsubscribe link names (again: the same answer). Unknown: NOT_FOUND. */
export async function unsubscribe(database: Database, token: string, now: Date): Promise<SubscriptionView> {
  return database.db.transaction(async (tx) => {
    const row = await subscriptionByToken(tx, token, { lock: true });
    if (!row) throw new AlertError("NOT_FOUND", UNKNOWN_UNSUBSCRIBE_LINK);
    if (row.status === "unsubscribed") return view(row);
    const [updated] = await tx
      .update(alertSubscriptions)
      .set({ status: "unsubscribed", unsubscribedAt: now })
      .where(eq(alertSubscriptions.id, row.id))
      .returning();
    return view(updated as Row);
  });
}

/** What the manage page shows: the subscription, its address, and the events its subject allows. */
export interface ManagedSubscriptionView extends SubscriptionView {
  email: string;
  allowedEvents: AlertEventKind[];
}

function managedView(row: Row): ManagedSubscriptionView {
  const base = view(row);
  return { ...base, email: row.email, allowedEvents: [...EVENTS_BY_SUBJECT[base.subject.kind]] };
}

/** The subscription a message's unsubscribe token names, for its manage page. Unknown: NOT_FOUND. */
export async function managedSubscription(
  database: Database,
  token: string,
): Promise<ManagedSubscriptionView> {
  const row = await subscriptionByToken(database.db, token);
  if (!row) throw new AlertError("NOT_FOUND", UNKNOWN_UNSUBSCRIBE_LINK);
  return managedView(row);
}

/** Changes a subscriber may make: which events, how they arrive, in which language. */
export interface SubscriptionChanges {
  events?: AlertEventKind[] | undefined;
  delivery?: AlertDelivery | undefined;
  language?: AlertLanguage | undefined;
}

/**
 * The columns to set for `changes` to a subscription following a subject of `kind`: events
 * checked against the subject (400 naming the field); nothing to change is a 400 too.
 */
export function checkedChanges(kind: Subject["kind"], changes: SubscriptionChanges) {
  const set: { events?: AlertEventKind[]; delivery?: AlertDelivery; language?: AlertLanguage } = {};
  if (changes.events !== undefined) set.events = checkedEvents(kind, changes.events);
  if (changes.delivery !== undefined) set.delivery = changes.delivery;
  if (changes.language !== undefined) set.language = changes.language;
  if (Object.keys(set).length === 0)
    throw new AlertError("BAD_REQUEST", "give at least one of events, delivery or language to change");
  return set;
}

/**
 * Changes the subscription an unsubscribe token names. A cancelled one is not revived this way
 * (CONFLICT): subscribing again asks the address to confirm, as the first time.
 */
export async function changeSubscriptionByToken(
  database: Database,
  token: string,
  changes: SubscriptionChanges,
): Promise<ManagedSubscriptionView> {
  return database.db.transaction(async (tx) => {
    const row = await subscriptionByToken(tx, token, { lock: true });
    if (!row) throw new AlertError("NOT_FOUND", UNKNOWN_UNSUBSCRIBE_LINK);
    const set = checkedChanges(subjectOfRow(row).kind, changes);
    if (row.status === "unsubscribed")
      throw new AlertError(
        "CONFLICT",
        "this subscription was cancelled; subscribe again from the page of what it followed",
      );
    const [updated] = await tx
      .update(alertSubscriptions)
      .set(set)
      .where(eq(alertSubscriptions.id, row.id))
      .returning();
    return managedView(updated as Row);
  });
}
