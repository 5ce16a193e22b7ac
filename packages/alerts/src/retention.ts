/**
 * What alert delivery leaves behind, kept for a while and then removed: sent and failed e-mail
 * (with the notification rows that point at it), finished webhook deliveries with their attempt
 * log, and old one-click unsubscribe tokens. Events themselves are the public Activity history
 * and stay; so do subscriptions, endpoints and detection states, and anything still queued,
 * leased or waiting for a digest.
 *
 * A notification is removed with its message, never left pointing at nothing: a notification
 * without a message means "waiting for its digest", and the digest would send the old event again.
 */
import {
  alertNotifications,
  alertUnsubscribeTokens,
  type Database,
  outboxMessages,
  webhookAttempts,
  webhookDeliveries,
} from "@atalaya/db";
import { and, inArray, lt, sql } from "drizzle-orm";

/** A message's one-click unsubscribe link works this long (RFC 8058 asks for no limit; a year is generous). */
export const UNSUBSCRIBE_TOKEN_DAYS = 365;

export interface PruneResult {
  messages: number;
  notifications: number;
  webhookDeliveries: number;
  webhookAttempts: number;
  unsubscribeTokens: number;
}

/**
 * Removes delivery records older than `keepDays` (tokens after UNSUBSCRIBE_TOKEN_DAYS, or
 * `keepDays` when longer), in one transaction, and says how many of each went.
 */
export async function pruneAlertHistory(
  database: Database,
  options: { keepDays: number; now?: Date },
): Promise<PruneResult> {
  if (!Number.isInteger(options.keepDays) || options.keepDays < 1)
    throw new RangeError(`keepDays must be a whole number of days, 1 or more (got ${options.keepDays})`);
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.keepDays * 86_400_000);
  const tokenCutoff = new Date(
    now.getTime() - Math.max(options.keepDays, UNSUBSCRIBE_TOKEN_DAYS) * 86_400_000,
  );
  const oldMessages = and(
    inArray(outboxMessages.status, ["sent", "failed"]),
    sql`coalesce(${outboxMessages.sentAt}, ${outboxMessages.createdAt}) < ${cutoff.toISOString()}::timestamptz`,
  );
  const oldDeliveries = and(
    inArray(webhookDeliveries.status, ["delivered", "failed"]),
    sql`coalesce(${webhookDeliveries.deliveredAt}, ${webhookDeliveries.createdAt}) < ${cutoff.toISOString()}::timestamptz`,
  );
  return database.db.transaction(async (tx) => {
    const notifications = await tx
      .delete(alertNotifications)
      .where(
        inArray(
          alertNotifications.messageId,
          tx.select({ id: outboxMessages.id }).from(outboxMessages).where(oldMessages),
        ),
      )
      .returning({ id: alertNotifications.eventId });
    const messages = await tx.delete(outboxMessages).where(oldMessages).returning({ id: outboxMessages.id });
    const webhookAttemptsGone = await tx
      .delete(webhookAttempts)
      .where(
        inArray(
          webhookAttempts.deliveryId,
          tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(oldDeliveries),
        ),
      )
      .returning({ id: webhookAttempts.id });
    const deliveries = await tx
      .delete(webhookDeliveries)
      .where(oldDeliveries)
      .returning({ id: webhookDeliveries.id });
    const tokens = await tx
      .delete(alertUnsubscribeTokens)
      .where(lt(alertUnsubscribeTokens.createdAt, tokenCutoff))
      .returning({ id: alertUnsubscribeTokens.subscriptionId });
    return {
      messages: messages.length,
      notifications: notifications.length,
      webhookDeliveries: deliveries.length,
      webhookAttempts: webhookAttemptsGone.length,
      unsubscribeTokens: tokens.length,
    };
  });
}
