/**
 * The webhook sender of a serving process, beside the e-mail sender (../sender.ts): every few
 * seconds it claims due deliveries (queue.ts) and posts them, several at once, each under a hard
 * time limit, so a slow or dead endpoint holds up neither the others nor the process. Any number
 * of processes may run one. Nothing here logs a body or a secret.
 */
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { PassLoop } from "../pass-loop";
import { postWebhook } from "./http-post";
import { webhookBody, webhookHeaders } from "./payload";
import { type AttemptResult, type ClaimedDelivery, claimDueDeliveries, recordAttempt } from "./queue";

export interface WebhookSenderOptions {
  database: Database;
  log: Logger;
  /** The dashboard's absolute address: the base of each event's link. */
  baseUrl: string;
  /** Whether SMTP is configured: the e-mail of a disabled endpoint is queued or stored unsent. */
  mailConfigured: boolean;
  /** Post to loopback, private and link-local addresses too (ATALAYA_WEBHOOK_ALLOW_PRIVATE=1). */
  allowPrivate?: boolean;
  /** The clock of the queue and of signatures; tests move it instead of sleeping. */
  now?: () => Date;
  /** One request's limit, from connecting to the last byte read (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Deliveries claimed per pass (default 32). */
  batch?: number;
  /** How long a claimed delivery is held before another process may take it (default 2 min). */
  leaseMs?: number;
  /** Pause between passes when nothing was due (default 5 s). */
  intervalMs?: number;
  /** Bytes of a refusal's body read for the log (default 4 KiB). */
  maxResponseBytes?: number;
}

export type WebhookPassResult = Record<AttemptResult, number>;

export class WebhookSender {
  readonly #options: Required<Omit<WebhookSenderOptions, "now">> & { now: () => Date };
  readonly #loop: PassLoop;

  constructor(options: WebhookSenderOptions) {
    this.#options = {
      now: () => new Date(),
      allowPrivate: false,
      timeoutMs: 10_000,
      concurrency: 8,
      batch: 32,
      leaseMs: 2 * 60_000,
      intervalMs: 5000,
      maxResponseBytes: 4096,
      ...options,
    };
    // A claimed delivery may wait for batch/concurrency requests before its own: all of them
    // must fit in the lease, or another process would post it too.
    const { batch, concurrency, timeoutMs, leaseMs } = this.#options;
    if (Math.ceil(batch / concurrency) * timeoutMs * 2 > leaseMs)
      throw new Error("webhook sender: batch / concurrency × timeout must stay well inside the lease");
    this.#loop = new PassLoop(
      async () => {
        const r = await this.runOnce();
        return r.delivered + r.retried + r.failed + r.disabled >= this.#options.batch;
      },
      this.#options.intervalMs,
      (error) => this.#options.log.warn("webhook sender pass failed", { error: error.message }),
    );
  }

  /** One pass: claims what is due and posts it, `concurrency` at a time. */
  async runOnce(): Promise<WebhookPassResult> {
    const { database, now } = this.#options;
    const result: WebhookPassResult = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
    const claimed = await claimDueDeliveries(database, {
      now: now(),
      leaseMs: this.#options.leaseMs,
      limit: this.#options.batch,
    });
    const waiting = [...claimed];
    const worker = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) result[await this.#deliver(next)]++;
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, claimed.length) }, worker));
    return result;
  }

  async #deliver(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { database, log, now } = this.#options;
    const attemptedAt = now();
    const body = webhookBody({
      deliveryId: delivery.id,
      event: delivery.event,
      queuedAt: delivery.createdAt,
      baseUrl: this.#options.baseUrl,
    });
    const raw = JSON.stringify(body);
    const outcome = await postWebhook(
      new URL(delivery.url),
      raw,
      webhookHeaders(body, raw, delivery.secret, attemptedAt),
      {
        timeoutMs: this.#options.timeoutMs,
        maxResponseBytes: this.#options.maxResponseBytes,
        allowPrivate: this.#options.allowPrivate,
      },
    );
    const result = await recordAttempt(
      database,
      delivery,
      { ...outcome, attemptedAt },
      { now: now(), baseUrl: this.#options.baseUrl, mailConfigured: this.#options.mailConfigured },
    );
    const fields = {
      delivery_id: delivery.id,
      endpoint_id: delivery.endpointId,
      type: body.event.type,
      attempts: delivery.attempts,
      status: outcome.statusCode,
      ms: outcome.durationMs,
    };
    if (result === "delivered") log.info("webhook delivered", fields);
    else if (result === "retried")
      log.info("webhook not delivered; will retry", { ...fields, error: outcome.error });
    else if (result === "failed") log.warn("webhook failed for good", { ...fields, error: outcome.error });
    else log.warn("webhook endpoint disabled after repeated failures; its owner is told by e-mail", fields);
    return result;
  }

  /** Runs passes until stop(); a full batch is followed at once by the next pass. */
  start(): this {
    this.#loop.start();
    return this;
  }

  /**
   * Stops the loop and waits up to `graceMs` for the pass in progress. A delivery still in
   * flight then is posted again by whichever process claims it after its lease.
   */
  stop(graceMs = 3000): Promise<void> {
    return this.#loop.stop(graceMs);
  }
}
