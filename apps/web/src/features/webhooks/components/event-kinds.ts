import type { WebhookEventKind } from "../api/webhooks";

/**
 * Every kind of event an endpoint may ask for, in the order the form lists them. Keyed by the
 * API's own type, so a kind added there fails type checking here until it is listed.
 */
const ORDER: Record<WebhookEventKind, number> = {
  "jim-bound-state": 1,
  "crossing-moved": 2,
  "rpki-invalid": 3,
  "roa-expiring": 4,
  "unannounced-space": 5,
  "stale-data": 6,
  "economy-weekly": 7,
  "monthly-report": 8,
};

export const WEBHOOK_EVENT_KINDS = (Object.keys(ORDER) as WebhookEventKind[]).sort(
  (a, b) => ORDER[a] - ORDER[b],
);
