/**
 * The webhook delivery queue (webhook_deliveries), claimed and leased like the outgoing-mail
 * queue (ADR 0010): any number of processes claim due deliveries with `for update skip locked`,
 * so none is posted by two of them at once, and one whose process died is claimed again once its
 * lease runs out. Each attempt is logged in webhook_attempts.
 */
import {
  alertEvents,
  type Database,
  type WebhookDeliveryStatus,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "@atalaya/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { nextAttemptAt } from "../backoff";
import { DISABLE_AFTER_FAILED_DELIVERIES, type DisableContext, disableWebhookEndpoint } from "./disabling";
import type { PostOutcome } from "./http-post";
import type { WebhookEvent } from "./payload";

/** A delivery a sender holds: where it goes, with what secret, and its event (null: a ping). */
export interface ClaimedDelivery {
  id: number;
  endpointId: number;
  url: string;
  secret: string;
  /** Tries so far, this claim included. */
  attempts: number;
  createdAt: Date;
  event: WebhookEvent | null;
}

/**
 * Takes up to `limit` due deliveries of active endpoints (queued and due, or `sending` whose
 * lease ran out) and leases them until `now + leaseMs`; rows another process holds are skipped.
 * Each claim counts as an attempt. Index: webhook_deliveries_due_idx.
 */
export async function claimDueDeliveries(
  database: Database,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const claimed = await database.rows<{ id: number }>(sql`
    update webhook_deliveries set status = 'sending', attempts = attempts + 1, next_attempt_at = ${until}
    where id in (
      select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
      where d.status in ('queued', 'sending') and d.next_attempt_at <= ${now} and e.status = 'active'
      order by d.next_attempt_at, d.id
      limit ${options.limit}
      for update of d skip locked)
    returning id`);
  if (claimed.length === 0) return [];
  const rows = await database.db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      attempts: webhookDeliveries.attempts,
      createdAt: webhookDeliveries.createdAt,
      eventId: alertEvents.id,
      kind: alertEvents.kind,
      asn: alertEvents.asn,
      organisationId: alertEvents.organisationId,
      cc: alertEvents.cc,
      payload: alertEvents.payload,
      link: alertEvents.link,
      occurredAt: alertEvents.occurredAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .leftJoin(alertEvents, eq(alertEvents.id, webhookDeliveries.eventId))
    .where(
      inArray(
        webhookDeliveries.id,
        claimed.map((c) => Number(c.id)),
      ),
    )
    .orderBy(webhookDeliveries.id);
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpointId,
    url: r.url,
    secret: r.secret,
    attempts: r.attempts,
    createdAt: r.createdAt,
    event:
      r.eventId === null || r.kind === null || r.occurredAt === null
        ? null
        : {
            id: r.eventId,
            kind: r.kind,
            asn: r.asn,
            organisationId: r.organisationId,
            cc: r.cc,
            payload: r.payload ?? {},
            link: r.link ?? "/",
            occurredAt: r.occurredAt,
          },
  }));
}

/** What became of a delivery after an attempt. */
export type AttemptResult = "delivered" | "retried" | "failed" | "disabled";

/**
 * Logs an attempt and moves its delivery on: `delivered` (2xx), back to `queued` for the next
 * try (backoff.ts: for a day from queueing), or `failed`. A ping is tried once. An event's
 * delivery resets its endpoint's count of deliveries failed in a row when it arrives and adds one
 * when it fails for good; at DISABLE_AFTER_FAILED_DELIVERIES the endpoint is disabled and its
 * owner told by e-mail (disabling.ts). One transaction: the log, the delivery and the endpoint
 * agree. A delivery no longer `sending` (its lease ran out and another process took it) only
 * gets its attempt logged.
 */
export async function recordAttempt(
  database: Database,
  delivery: Pick<ClaimedDelivery, "id" | "endpointId" | "attempts" | "createdAt" | "event">,
  attempt: PostOutcome & { attemptedAt: Date },
  context: DisableContext,
): Promise<AttemptResult> {
  return database.db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      attemptedAt: attempt.attemptedAt,
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
    });
    const isPing = delivery.event === null;
    const sending = and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "sending"));
    if (attempt.error === null) {
      const moved = await tx
        .update(webhookDeliveries)
        .set({ status: "delivered", deliveredAt: context.now, lastError: null })
        .where(sending)
        .returning({ id: webhookDeliveries.id });
      if (moved.length > 0 && !isPing)
        await tx
          .update(webhookEndpoints)
          .set({ consecutiveFailures: 0 })
          .where(eq(webhookEndpoints.id, delivery.endpointId));
      return "delivered";
    }
    const next = isPing ? null : nextAttemptAt(delivery.attempts, delivery.createdAt, context.now);
    const moved = await tx
      .update(webhookDeliveries)
      .set(
        next
          ? { status: "queued", nextAttemptAt: next, lastError: attempt.error }
          : { status: "failed", lastError: attempt.error },
      )
      .where(sending)
      .returning({ id: webhookDeliveries.id });
    if (next) return "retried";
    if (moved.length === 0 || isPing) return "failed";
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
      .where(eq(webhookEndpoints.id, delivery.endpointId))
      .returning({ failures: webhookEndpoints.consecutiveFailures });
    if (!endpoint || endpoint.failures < DISABLE_AFTER_FAILED_DELIVERIES) return "failed";
    const disabled = await disableWebhookEndpoint(
      tx,
      delivery.endpointId,
      { failures: endpoint.failures, lastError: attempt.error },
      context,
    );
    return disabled ? "disabled" : "failed";
  });
}

export type WebhookDeliveryCounts = Record<WebhookDeliveryStatus, number>;

/** Deliveries per status, for /metrics. */
export async function webhookDeliveryCounts(database: Database): Promise<WebhookDeliveryCounts> {
  const rows = await database.rows<{ status: WebhookDeliveryStatus; n: number }>(
    sql`select status, count(*)::int as n from webhook_deliveries group by status`,
  );
  const counts: WebhookDeliveryCounts = { queued: 0, sending: 0, delivered: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
