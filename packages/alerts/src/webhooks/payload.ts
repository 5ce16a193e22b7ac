/**
 * What a webhook request carries: the JSON body and the headers (README, "Webhooks"). A ping has
 * the same shape, with type `ping`, no event id and no subject, so a receiver that handles
 * events handles it too. Pure: no I/O.
 */
import type { AlertEventKind } from "@atalaya/db";
import { SIGNATURE_HEADER, signWebhookBody } from "./signature";

/** Sent as `User-Agent`; the version changes when the body's shape does. */
export const WEBHOOK_USER_AGENT = "Atalaya-Webhooks/1.0";

/** An alert event as a webhook carries it. */
export interface WebhookEvent {
  id: number;
  kind: AlertEventKind;
  asn: number | null;
  organisationId: string | null;
  cc: string | null;
  payload: Record<string, unknown>;
  /** The dashboard path that explains it (`/as/64496`). */
  link: string;
  occurredAt: Date;
}

export interface WebhookBody {
  /** The delivery's id (also `Atalaya-Delivery`): the same on every retry, for de-duplication. */
  id: number;
  event: {
    id: number | null;
    type: AlertEventKind | "ping";
    occurredAt: string;
    subject: { asn: number | null; organisation: string | null; cc: string | null } | null;
    payload: Record<string, unknown>;
    /** An absolute URL of the dashboard page that explains the event. */
    link: string;
  };
}

/** `path` under the dashboard's absolute address `baseUrl`. */
export const absoluteLink = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, "")}${path}`;

/** The body of delivery `deliveryId`: its event, or a ping (`event` null) queued at `queuedAt`. */
export function webhookBody(input: {
  deliveryId: number;
  event: WebhookEvent | null;
  queuedAt: Date;
  baseUrl: string;
}): WebhookBody {
  const { event } = input;
  if (!event)
    return {
      id: input.deliveryId,
      event: {
        id: null,
        type: "ping",
        occurredAt: input.queuedAt.toISOString(),
        subject: null,
        payload: {
          message: "A test delivery from Atalaya: this endpoint is reachable and its secret verifies.",
        },
        link: absoluteLink(input.baseUrl, "/webhooks"),
      },
    };
  return {
    id: input.deliveryId,
    event: {
      id: event.id,
      type: event.kind,
      occurredAt: event.occurredAt.toISOString(),
      subject: { asn: event.asn, organisation: event.organisationId, cc: event.cc },
      payload: event.payload,
      link: absoluteLink(input.baseUrl, event.link),
    },
  };
}

/** The request's headers for `rawBody`, signed with `secret` at `now`. */
export function webhookHeaders(body: WebhookBody, rawBody: string, secret: string, now: Date) {
  return {
    "content-type": "application/json",
    "user-agent": WEBHOOK_USER_AGENT,
    "atalaya-event": body.event.type,
    "atalaya-delivery": String(body.id),
    [SIGNATURE_HEADER.toLowerCase()]: signWebhookBody(secret, rawBody, now),
  };
}
