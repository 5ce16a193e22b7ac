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
  countries,
  type Database,
  organisations,
  outboxMessages,
  registryQueries,
} from "@atalaya/db";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
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

/** The links a subscription's messages carry; tokens travel in the fragment of page links. */
export function subscriptionLinks(baseUrl: string, tokens: { confirmation?: string; unsubscribe: string }) {
  return {
    confirm: tokens.confirmation ? `${baseUrl}/subscriptions/confirm#token=${tokens.confirmation}` : null,
    unsubscribePage: `${baseUrl}/subscriptions/unsubscribe#token=${tokens.unsubscribe}`,
    /** RFC 8058: the URL a mail client POSTs `List-Unsubscribe=One-Click` to. */
    oneClick: `${baseUrl}/api/v1/subscriptions/unsubscribe?token=${tokens.unsubscribe}`,
  };
}

/** RFC 8058 headers of every message to a subscriber. */
export function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The subject in words, for the message; refuses one Atalaya does not know (400 naming the field). */
async function subjectLabel(database: Database, subject: Subject, language: AlertLanguage): Promise<string> {
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

function subjectColumns(subject: Subject) {
  return {
    asn: subject.kind === "network" ? subject.asn : null,
    organisationId: subject.kind === "organisation" ? subject.id : null,
    cc: subject.kind === "economy" ? subject.cc : null,
  };
}

/**
 * Subscribes `email` to a subject, pending its confirmation: a new row, or the existing pending
 * (or unsubscribed) one updated with the new choices and a new link. An active subscription is
 * left as it is and nothing is sent, so the answer says nothing about the address.
 */
export async function subscribe(
  database: Database,
  request: SubscribeRequest,
  context: MailContext,
): Promise<void> {
  const email = request.email.trim().toLowerCase();
  const subject: Subject =
    request.subject.kind === "economy"
      ? { kind: "economy", cc: request.subject.cc.toUpperCase() }
      : request.subject;
  const allowed = EVENTS_BY_SUBJECT[subject.kind];
  const events = request.events ? [...new Set(request.events)] : [...allowed];
  const wrong = events.filter((e) => !allowed.includes(e));
  if (wrong.length > 0)
    throw new AlertError(
      "BAD_REQUEST",
      `events: ${wrong.join(", ")} ${wrong.length === 1 ? "does" : "do"} not apply to ${subject.kind === "network" ? "a network" : subject.kind === "organisation" ? "an organisation" : "an economy"} (choose among ${allowed.join(", ")})`,
    );
  if (events.length === 0) throw new AlertError("BAD_REQUEST", "events: choose at least one");
  const language = request.language ?? "en";
  const label = await subjectLabel(database, subject, language);
  const confirmation = randomToken();
  const unsubscribe = randomToken();
  const columns = subjectColumns(subject);
  const choices = {
    events,
    delivery: request.delivery ?? "immediate",
    language,
    status: "pending" as const,
    confirmationTokenHash: tokenHash(confirmation),
    confirmationSentAt: context.now,
    unsubscribeTokenHash: tokenHash(unsubscribe),
  };
  await database.db.transaction(async (tx) => {
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
    if ((sent?.n ?? 0) >= CONFIRMATIONS_PER_ADDRESS_PER_DAY) return;
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
    if (inserted.length === 0) {
      const same = (
        column:
          | typeof alertSubscriptions.asn
          | typeof alertSubscriptions.organisationId
          | typeof alertSubscriptions.cc,
        value: string | number | null,
      ) => (value === null ? isNull(column) : eq(column, value));
      const [existing] = await tx
        .select({ id: alertSubscriptions.id, status: alertSubscriptions.status })
        .from(alertSubscriptions)
        .where(
          and(
            eq(alertSubscriptions.email, email),
            same(alertSubscriptions.asn, columns.asn),
            same(alertSubscriptions.organisationId, columns.organisationId),
            same(alertSubscriptions.cc, columns.cc),
          ),
        )
        .for("update");
      if (!existing || existing.status === "active") return;
      await tx
        .update(alertSubscriptions)
        .set({ ...choices, unsubscribedAt: null })
        .where(eq(alertSubscriptions.id, existing.id));
    }
    const links = subscriptionLinks(context.baseUrl, { confirmation, unsubscribe });
    const rendered = confirmationMessage({
      language,
      subjectLabel: label,
      confirmUrl: links.confirm as string,
      unsubscribeUrl: links.unsubscribePage,
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
  });
}

export interface SubscriptionView {
  status: AlertSubscriptionStatus;
  subject: Subject;
  events: AlertEventKind[];
  delivery: AlertDelivery;
  language: AlertLanguage;
}

type Row = typeof alertSubscriptions.$inferSelect;

function view(row: Row): SubscriptionView {
  const subject: Subject =
    row.asn !== null
      ? { kind: "network", asn: row.asn }
      : row.organisationId !== null
        ? { kind: "organisation", id: row.organisationId }
        : { kind: "economy", cc: row.cc as string };
  return { status: row.status, subject, events: row.events, delivery: row.delivery, language: row.language };
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

/** Cancels the subscription an unsubscribe link names (again: the same answer). Unknown: NOT_FOUND. */
export async function unsubscribe(database: Database, token: string, now: Date): Promise<SubscriptionView> {
  const [row] = await database.db
    .update(alertSubscriptions)
    .set({
      status: "unsubscribed",
      unsubscribedAt: sql`coalesce(${alertSubscriptions.unsubscribedAt}, ${now.toISOString()})`,
    })
    .where(eq(alertSubscriptions.unsubscribeTokenHash, tokenHash(token)))
    .returning();
  if (!row)
    throw new AlertError("NOT_FOUND", "this unsubscribe link is unknown (it may belong to an older message)");
  return view(row);
}
