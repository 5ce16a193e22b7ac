/**
 * An event, once stored, reaches the active subscriptions that follow its network, its
 * organisation or its economy and chose its kind: at once for `immediate` ones, otherwise it
 * waits in alert_notifications for the subscription's digest. In the event's own transaction, so
 * an event is never stored without its notifications, nor notified twice.
 */
import { alertNotifications, alertSubscriptions, type Db } from "@atalaya/db";
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { enqueueEventsMessage } from "./compose";
import type { DeliveryContext, StoredEvent } from "./types";

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;

export async function fanOut(tx: Tx, event: StoredEvent, ctx: DeliveryContext): Promise<number> {
  const follows: SQL[] = [];
  if (event.asn !== null) follows.push(eq(alertSubscriptions.asn, event.asn));
  if (event.organisationId !== null)
    follows.push(eq(alertSubscriptions.organisationId, event.organisationId));
  if (event.cc !== null) follows.push(eq(alertSubscriptions.cc, event.cc));
  if (follows.length === 0) return 0;
  const subscriptions = await tx
    .select()
    .from(alertSubscriptions)
    .where(
      and(
        eq(alertSubscriptions.status, "active"),
        sql`${event.kind} = any(${alertSubscriptions.events})`,
        or(...follows),
      ),
    );
  if (subscriptions.length === 0) return 0;
  const noted = await tx
    .insert(alertNotifications)
    .values(subscriptions.map((s) => ({ subscriptionId: s.id, eventId: event.id, createdAt: ctx.now })))
    .onConflictDoNothing()
    .returning({ subscriptionId: alertNotifications.subscriptionId });
  const fresh = new Set(noted.map((n) => n.subscriptionId));
  for (const subscription of subscriptions) {
    if (!fresh.has(subscription.id) || subscription.delivery !== "immediate") continue;
    const messageId = await enqueueEventsMessage(tx, subscription, [event], "immediate", ctx);
    await tx
      .update(alertNotifications)
      .set({ messageId })
      .where(
        and(
          eq(alertNotifications.subscriptionId, subscription.id),
          inArray(alertNotifications.eventId, [event.id]),
        ),
      );
  }
  return subscriptions.length;
}
