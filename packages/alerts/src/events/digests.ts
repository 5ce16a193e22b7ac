/**
 * Daily and weekly digests: each subscription that chose one gets a single message with every
 * event that waited for it (alert_notifications without a message), or nothing when none did.
 * Run by a schedule (once per tick across processes, ADR 0009); each subscription's digest is
 * its own transaction, with its waiting notifications locked, so a digest is never sent twice.
 */
import type { Logger } from "@atalaya/config";
import { alertEvents, alertNotifications, alertSubscriptions, type Database } from "@atalaya/db";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { enqueueEventsMessage } from "./compose";
import type { DeliveryContext } from "./types";

export type DigestCadence = "daily" | "weekly";

/**
 * Sends the `cadence` digests due now. The daily one also takes what waits for subscriptions
 * that have since switched to immediate delivery, so nothing is left behind. Returns the
 * number of messages queued.
 */
export async function sendDigests(
  database: Database,
  cadence: DigestCadence,
  ctx: DeliveryContext & { log: Logger },
): Promise<number> {
  const deliveries = cadence === "daily" ? ["daily", "immediate"] : ["weekly"];
  const waiting = await database.rows<{ id: number }>(sql`
    select distinct s.id from alert_notifications n
    join alert_subscriptions s on s.id = n.subscription_id
    where n.message_id is null and s.status = 'active'
      and s.delivery in (${sql.join(
        deliveries.map((d) => sql`${d}`),
        sql`, `,
      )})
    order by s.id`);
  let sent = 0;
  for (const { id } of waiting) {
    const queued = await database.db.transaction(async (tx) => {
      const [subscription] = await tx
        .select()
        .from(alertSubscriptions)
        .where(and(eq(alertSubscriptions.id, Number(id)), eq(alertSubscriptions.status, "active")))
        .for("update");
      if (!subscription) return false;
      const events = await tx
        .select({ event: alertEvents })
        .from(alertNotifications)
        .innerJoin(alertEvents, eq(alertEvents.id, alertNotifications.eventId))
        .where(
          and(eq(alertNotifications.subscriptionId, subscription.id), isNull(alertNotifications.messageId)),
        )
        .orderBy(asc(alertEvents.id));
      if (events.length === 0) return false;
      const messageId = await enqueueEventsMessage(
        tx,
        subscription,
        events.map((e) => e.event),
        cadence,
        ctx,
      );
      await tx
        .update(alertNotifications)
        .set({ messageId })
        .where(
          and(
            eq(alertNotifications.subscriptionId, subscription.id),
            inArray(
              alertNotifications.eventId,
              events.map((e) => e.event.id),
            ),
          ),
        );
      return true;
    });
    if (queued) sent++;
  }
  ctx.log.info(`${cadence} alert digests queued`, { messages: sent });
  return sent;
}
