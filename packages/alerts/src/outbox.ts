/**
 * The outgoing-mail queue (outbox_messages). Messages are stored before anything is sent, so a
 * restart loses nothing; senders in any number of processes claim due ones with
 * `for update skip locked` (docs/adr/0009) and hold them under a lease while sending.
 */
import { type AlertLanguage, type Database, type Db, type OutboxStatus, outboxMessages } from "@atalaya/db";
import { and, eq, gt, sql } from "drizzle-orm";
import { nextAttemptAt } from "./backoff";

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;

export interface NewMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  language: AlertLanguage;
}

/**
 * Queues `message`: `queued` when e-mail is configured, else `not-configured` (kept, counted on
 * the admin page, and sent if SMTP is configured within a day).
 */
export async function enqueueMessage(
  tx: Tx,
  message: NewMessage,
  options: { now: Date; mailConfigured: boolean },
): Promise<number> {
  const [row] = await tx
    .insert(outboxMessages)
    .values({
      ...message,
      status: options.mailConfigured ? "queued" : "not-configured",
      nextAttemptAt: options.now,
      createdAt: options.now,
    })
    .returning({ id: outboxMessages.id });
  return (row as { id: number }).id;
}

/** A message a sender holds: what was queued, and how often it was tried (this claim included). */
export type ClaimedMessage = Omit<NewMessage, "language"> & { id: number; attempts: number; createdAt: Date };

/**
 * Takes up to `limit` due messages (queued and due, or `sending` whose lease ran out: their
 * process died) and leases them until `now + leaseMs`. Rows another process holds are skipped.
 * Each claim counts as an attempt. Index: outbox_messages_due_idx.
 */
export async function claimDueMessages(
  database: Database,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedMessage[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const rows = await database.rows<Omit<ClaimedMessage, "createdAt"> & { createdAt: string | Date }>(sql`
    update outbox_messages set status = 'sending', attempts = attempts + 1, next_attempt_at = ${until}
    where id in (
      select id from outbox_messages
      where status in ('queued', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked)
    returning id, kind, "to", subject, text, html, headers, attempts, created_at as "createdAt"`);
  return rows
    .map((r) => ({
      ...r,
      // A raw statement may hand jsonb back as text, depending on the engine.
      headers: typeof r.headers === "string" ? (JSON.parse(r.headers) as Record<string, string>) : r.headers,
      createdAt: new Date(r.createdAt),
    }))
    .sort((a, b) => a.id - b.id);
}

export async function markSent(database: Database, id: number, now: Date): Promise<void> {
  await database.db
    .update(outboxMessages)
    .set({ status: "sent", sentAt: now, lastError: null })
    .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "sending")));
}

/**
 * Records a failed attempt: back to `queued` for the next try (backoff.ts), or `failed` when the
 * relay refused it for good or its day is over. Returns the new status.
 */
export async function markAttemptFailed(
  database: Database,
  message: Pick<ClaimedMessage, "id" | "attempts" | "createdAt">,
  failure: { error: string; permanent: boolean; now: Date },
): Promise<OutboxStatus> {
  const next = failure.permanent ? null : nextAttemptAt(message.attempts, message.createdAt, failure.now);
  await database.db
    .update(outboxMessages)
    .set(
      next
        ? { status: "queued", nextAttemptAt: next, lastError: failure.error }
        : { status: "failed", lastError: failure.error },
    )
    .where(and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, "sending")));
  return next ? "queued" : "failed";
}

/**
 * Once SMTP is configured: messages stored while it was not, younger than a day, are queued to
 * be sent now; older ones stay as they are (a day-old confirmation is not worth sending).
 */
export async function queueUnconfigured(database: Database, now: Date): Promise<number> {
  const rows = await database.db
    .update(outboxMessages)
    .set({ status: "queued", nextAttemptAt: now })
    .where(
      and(
        eq(outboxMessages.status, "not-configured"),
        gt(outboxMessages.createdAt, new Date(now.getTime() - 24 * 3_600_000)),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length;
}

export interface OutboxCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  "not-configured": number;
}

/** Messages per status, for the admin page. */
export async function outboxCounts(database: Database): Promise<OutboxCounts> {
  const rows = await database.rows<{ status: OutboxStatus; n: number }>(
    sql`select status, count(*)::int as n from outbox_messages group by status`,
  );
  const counts: OutboxCounts = { queued: 0, sending: 0, sent: 0, failed: 0, "not-configured": 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
