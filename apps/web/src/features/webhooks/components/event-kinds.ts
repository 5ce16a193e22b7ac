import type { WebhookEventKind } from "../api/webhooks";

/** Every kind of event an endpoint may ask for, in the order the form lists them. */
export const WEBHOOK_EVENT_KINDS: readonly WebhookEventKind[] = [
  "jim-bound-state",
  "crossing-moved",
  "rpki-invalid",
  "roa-expiring",
  "unannounced-space",
  "stale-data",
  "economy-weekly",
  "monthly-report",
];
