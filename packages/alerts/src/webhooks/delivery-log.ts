/**
 * An endpoint's delivery log (each delivery with every attempt: when, the status answered or the
 * error, how long it took), and the ping its owner may queue to test it.
 */
import {
  type AlertEventKind,
  alertEvents,
  type Database,
  type WebhookDeliveryStatus,
  webhookAttempts,
  webhookDeliveries,
} from "@atalaya/db";
import { desc, eq, inArray } from "drizzle-orm";
import { AlertError } from "../errors";
import { getWebhookEndpoint, type WebhookOwner } from "./endpoints";

/** Deliveries a log shows: the newest. */
export const DELIVERY_LOG_LIMIT = 50;

export interface WebhookAttemptView {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  id: number;
  /** The event's kind, or `ping`. */
  type: AlertEventKind | "ping";
  eventId: number | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: Date;
  /** When a queued delivery is next tried (or a `sending` one's lease ends). */
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
  log: WebhookAttemptView[];
}

/**
 * The newest deliveries of an endpoint `owner` may see, each with its attempts, oldest attempt
 * first. Indexes: webhook_deliveries_endpoint_event_idx (by endpoint), webhook_attempts_delivery_idx.
 */
export async function listWebhookDeliveries(
  database: Database,
  owner: WebhookOwner,
  endpointId: number,
): Promise<WebhookDeliveryView[]> {
  await getWebhookEndpoint(database, owner, endpointId);
  const deliveries = await database.db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      kind: alertEvents.kind,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      createdAt: webhookDeliveries.createdAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      lastError: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .leftJoin(alertEvents, eq(alertEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(DELIVERY_LOG_LIMIT);
  const attempts = deliveries.length
    ? await database.db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            deliveries.map((d) => d.id),
          ),
        )
        .orderBy(webhookAttempts.id)
    : [];
  return deliveries.map(({ kind, ...d }) => ({
    ...d,
    type: kind ?? "ping",
    nextAttemptAt: d.status === "queued" || d.status === "sending" ? d.nextAttemptAt : null,
    log: attempts
      .filter((a) => a.deliveryId === d.id)
      .map((a) => ({
        attemptedAt: a.attemptedAt,
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
      })),
  }));
}

/**
 * Queues a ping to an active endpoint: a delivery without an event, sent by the next pass of a
 * sender like any other, tried once, logged like any other, and never an alert event (so never
 * in the Activity feed). Returns the delivery.
 */
export async function queueWebhookPing(
  database: Database,
  owner: WebhookOwner,
  endpointId: number,
  now: Date,
): Promise<WebhookDeliveryView> {
  const endpoint = await getWebhookEndpoint(database, owner, endpointId);
  if (endpoint.status !== "active")
    throw new AlertError("CONFLICT", "this endpoint is disabled: re-enable it before sending a ping");
  const [row] = await database.db
    .insert(webhookDeliveries)
    .values({ endpointId, eventId: null, status: "queued", nextAttemptAt: now, createdAt: now })
    .returning();
  const delivery = row as typeof webhookDeliveries.$inferSelect;
  return {
    id: delivery.id,
    type: "ping",
    eventId: null,
    status: delivery.status,
    attempts: 0,
    createdAt: delivery.createdAt,
    nextAttemptAt: delivery.nextAttemptAt,
    deliveredAt: null,
    lastError: null,
    log: [],
  };
}
