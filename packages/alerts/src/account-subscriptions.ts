/**
 * "My networks": an ISP account manages the subscriptions on what it acts for — its
 * organisations and every network they hold, and the single networks it is bound to — and
 * nothing else. An address added by the account is active at once when it is the account's own
 * (its invitation proved it); any other gets the double opt-in confirmation, as from the public
 * form. Every change is audited in the transaction that makes it.
 */
import { randomToken, tokenHash } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import {
  type AlertDelivery,
  type AlertEventKind,
  type AlertLanguage,
  type AlertSubscriptionStatus,
  alertSubscriptions,
  type Database,
  type Db,
  registryQueries,
} from "@atalaya/db";
import { and, asc, eq, inArray, isNotNull, or, type SQL } from "drizzle-orm";
import { AlertError } from "./errors";
import type { Subject } from "./subjects";
import {
  type AlertSubscription,
  CONFIRMATIONS_PER_ADDRESS_PER_DAY,
  checkedChanges,
  checkedRequest,
  type MailContext,
  type SubscribeRequest,
  type SubscriptionChanges,
  subjectColumns,
  subjectOfRow,
  subscribeIn,
} from "./subscriptions";

/** What an account acts for: its organisations, and every ASN it holds (its own and theirs). */
export interface AccountScope {
  organisations: string[];
  asns: number[];
}

/** The account's scope: its organisations, its single ASNs and those its organisations hold. */
export async function accountScope(
  database: Database,
  account: { organisations: readonly string[]; asns: readonly number[] },
): Promise<AccountScope> {
  const held = await registryQueries.holderAsns(database, account.organisations);
  const asns = [...new Set([...account.asns, ...held.map((h) => h.asn)])].sort((a, b) => a - b);
  return { organisations: [...account.organisations].sort(), asns };
}

export function inScope(scope: AccountScope, subject: Subject): boolean {
  if (subject.kind === "network") return scope.asns.includes(subject.asn);
  if (subject.kind === "organisation") return scope.organisations.includes(subject.id);
  return false;
}

/**
 * Rows on the scope's subjects that an account added (from My networks): none when it has none.
 * Addresses that followed from the public form are not shown to the organisation they follow.
 */
function scopeCondition(scope: AccountScope): SQL | undefined {
  const parts = [
    scope.asns.length > 0 ? inArray(alertSubscriptions.asn, scope.asns) : undefined,
    scope.organisations.length > 0
      ? inArray(alertSubscriptions.organisationId, scope.organisations)
      : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return parts.length > 0 ? and(isNotNull(alertSubscriptions.addedByUserId), or(...parts)) : undefined;
}

/** A subscription as its organisation sees it. */
export interface AccountSubscriptionView {
  id: number;
  email: string;
  subject: Subject;
  events: AlertEventKind[];
  delivery: AlertDelivery;
  language: AlertLanguage;
  status: AlertSubscriptionStatus;
  createdAt: Date;
  confirmedAt: Date | null;
}

function accountView(row: AlertSubscription): AccountSubscriptionView {
  return {
    id: row.id,
    email: row.email,
    subject: subjectOfRow(row),
    events: row.events,
    delivery: row.delivery,
    language: row.language,
    status: row.status,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
  };
}

/** How the audit log names a subject: `as:64496`, `org:lacnic:900001`. */
const subjectKey = (subject: Subject) =>
  subject.kind === "network"
    ? `as:${subject.asn}`
    : subject.kind === "organisation"
      ? `org:${subject.id}`
      : `cc:${subject.cc}`;

const auditDetail = (row: AlertSubscription) => ({
  email: row.email,
  subject: subjectKey(subjectOfRow(row)),
  events: row.events,
  delivery: row.delivery,
  language: row.language,
  status: row.status,
});

/**
 * The subscriptions an account added on the scope's subjects, by subject then address. Index:
 * alert_subscriptions_{asn,organisation}_idx.
 */
export async function accountSubscriptions(
  database: Database,
  scope: AccountScope,
): Promise<AccountSubscriptionView[]> {
  const where = scopeCondition(scope);
  if (!where) return [];
  const rows = await database.db
    .select()
    .from(alertSubscriptions)
    .where(where)
    .orderBy(
      asc(alertSubscriptions.organisationId),
      asc(alertSubscriptions.asn),
      asc(alertSubscriptions.email),
    );
  return rows.map(accountView);
}

/**
 * Adds a subscription on one of the scope's subjects (FORBIDDEN otherwise). The account's own
 * address is active at once, whatever it was before; another address is pending its
 * confirmation (CONFLICT if it already follows the subject, TOO_MANY_REQUESTS past the day's
 * confirmations to it).
 */
export async function addAccountSubscription(
  database: Database,
  scope: AccountScope,
  actor: { id: number; email: string },
  request: SubscribeRequest,
  context: MailContext,
): Promise<AccountSubscriptionView> {
  if (!inScope(scope, request.subject))
    throw new AlertError("FORBIDDEN", `your account does not act for ${subjectKey(request.subject)}`);
  const checked = await checkedRequest(database, request);
  const own = checked.email === actor.email.trim().toLowerCase();
  return database.db.transaction(async (tx) => {
    let id: number;
    if (own) {
      const choices = {
        events: checked.events,
        delivery: checked.delivery,
        language: checked.language,
        status: "active" as const,
        confirmationTokenHash: null,
        confirmationSentAt: null,
        confirmedAt: context.now,
        unsubscribedAt: null,
      };
      const [row] = await tx
        .insert(alertSubscriptions)
        .values({
          email: checked.email,
          ...subjectColumns(checked.subject),
          ...choices,
          unsubscribeTokenHash: tokenHash(randomToken()),
          createdAt: context.now,
        })
        .onConflictDoUpdate({
          target: [
            alertSubscriptions.email,
            alertSubscriptions.asn,
            alertSubscriptions.organisationId,
            alertSubscriptions.cc,
          ],
          set: choices,
        })
        .returning({ id: alertSubscriptions.id });
      id = (row as { id: number }).id;
    } else {
      const outcome = await subscribeIn(tx, checked, context);
      if (outcome.kind === "active")
        throw new AlertError(
          "CONFLICT",
          `${checked.email} already follows ${checked.label}; change its choices in the list`,
        );
      if (outcome.kind === "capped")
        throw new AlertError(
          "TOO_MANY_REQUESTS",
          `${checked.email} was sent ${CONFIRMATIONS_PER_ADDRESS_PER_DAY} confirmation e-mails in the last day; try again tomorrow`,
        );
      if (outcome.kind === "raced")
        throw new AlertError("CONFLICT", "the subscription changed meanwhile; try again");
      id = outcome.id;
    }
    const [row] = await tx
      .update(alertSubscriptions)
      .set({ addedByUserId: actor.id })
      .where(eq(alertSubscriptions.id, id))
      .returning();
    const added = row as AlertSubscription;
    await appendAudit(tx, {
      actorId: actor.id,
      action: "alert-subscription.add",
      subjectKind: "alert-subscription",
      subjectId: id,
      detail: auditDetail(added),
    });
    return accountView(added);
  });
}

/** The row `id` when it is on the scope's subjects, locked for `tx`; NOT_FOUND otherwise. */
async function scopedRow(
  tx: Pick<Db, "select">,
  scope: AccountScope,
  id: number,
): Promise<AlertSubscription> {
  const where = scopeCondition(scope);
  const [row] = where
    ? await tx
        .select()
        .from(alertSubscriptions)
        .where(and(eq(alertSubscriptions.id, id), where))
        .for("update")
    : [];
  // The same answer for a subscription elsewhere as for none: ids say nothing about others.
  if (!row) throw new AlertError("NOT_FOUND", `no subscription ${id} on your networks or organisations`);
  return row;
}

/** Changes events, delivery or language of a subscription on the scope's subjects. */
export async function changeAccountSubscription(
  database: Database,
  scope: AccountScope,
  actorId: number,
  id: number,
  changes: SubscriptionChanges,
): Promise<AccountSubscriptionView> {
  return database.db.transaction(async (tx) => {
    const row = await scopedRow(tx, scope, id);
    const set = checkedChanges(subjectOfRow(row).kind, changes);
    const [updated] = await tx
      .update(alertSubscriptions)
      .set(set)
      .where(eq(alertSubscriptions.id, id))
      .returning();
    const changed = updated as AlertSubscription;
    await appendAudit(tx, {
      actorId,
      action: "alert-subscription.change",
      subjectKind: "alert-subscription",
      subjectId: id,
      detail: { before: auditDetail(row), after: auditDetail(changed) },
    });
    return accountView(changed);
  });
}

/**
 * Removes a subscription on the scope's subjects: the row goes (its message tokens with it), so
 * the address gets nothing more; adding it again asks it to confirm, unless it is the account's.
 */
export async function removeAccountSubscription(
  database: Database,
  scope: AccountScope,
  actorId: number,
  id: number,
): Promise<AccountSubscriptionView> {
  return database.db.transaction(async (tx) => {
    const row = await scopedRow(tx, scope, id);
    await tx.delete(alertSubscriptions).where(eq(alertSubscriptions.id, id));
    await appendAudit(tx, {
      actorId,
      action: "alert-subscription.remove",
      subjectKind: "alert-subscription",
      subjectId: id,
      detail: auditDetail(row),
    });
    return accountView(row);
  });
}
