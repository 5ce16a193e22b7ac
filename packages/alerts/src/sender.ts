/**
 * The sender loop of a serving process: every few seconds it claims due messages from the
 * outbox and hands them to the SMTP relay through nodemailer. Any number of processes may run
 * one (outbox.ts). Nothing here logs a message's body, its links (they carry tokens) or the
 * relay's password.
 */
import { type Logger, maskUrlPasswords } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import nodemailer, { type Transporter } from "nodemailer";
import { claimDueMessages, markAttemptFailed, markSent, queueUnconfigured } from "./outbox";
import { PassLoop } from "./pass-loop";

export interface SenderOptions {
  database: Database;
  log: Logger;
  /** `smtp://user:pass@host:587` or `smtps://…` (ATALAYA_SMTP_URL). */
  smtpUrl: string;
  /** The From header (ATALAYA_MAIL_FROM). */
  from: string;
  /** The clock; tests move it instead of sleeping. */
  now?: () => Date;
  /** How long a claimed message is held before another process may take it (default 5 min). */
  leaseMs?: number;
  /** Pause between passes when nothing was due (default 5 s). */
  intervalMs?: number;
  /** Messages claimed per pass (default 20). */
  batch?: number;
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Seconds nodemailer may spend connecting, greeting and per socket read: well inside the lease. */
const SMTP_TIMEOUT_MS = 60_000;

export class OutboxSender {
  readonly #options: Required<Omit<SenderOptions, "now">> & { now: () => Date };
  readonly #transport: Transporter;
  readonly #loop: PassLoop;
  #requeued = false;

  constructor(options: SenderOptions) {
    this.#options = { now: () => new Date(), leaseMs: 5 * 60_000, intervalMs: 5000, batch: 20, ...options };
    this.#transport = nodemailer.createTransport({
      url: options.smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    this.#loop = new PassLoop(
      async () => {
        const r = await this.runOnce();
        return r.sent + r.retried + r.failed >= this.#options.batch;
      },
      this.#options.intervalMs,
      (error) => this.#options.log.warn("e-mail sender pass failed", { error: error.message }),
    );
  }

  /** One pass: queues what waited for SMTP to be configured (once), then sends what is due. */
  async runOnce(): Promise<PassResult> {
    const { database, log, now } = this.#options;
    if (!this.#requeued) {
      const queued = await queueUnconfigured(database, now());
      if (queued > 0) log.info("e-mail stored while SMTP was not configured is queued", { messages: queued });
      this.#requeued = true;
    }
    const result: PassResult = { sent: 0, retried: 0, failed: 0 };
    const claimed = await claimDueMessages(database, {
      now: now(),
      leaseMs: this.#options.leaseMs,
      limit: this.#options.batch,
    });
    for (const message of claimed) {
      try {
        await this.#transport.sendMail({
          from: this.#options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        });
        await markSent(database, message.id, now());
        result.sent++;
        log.info("e-mail sent", { message_id: message.id, kind: message.kind, attempts: message.attempts });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = maskUrlPasswords((error as Error).message).slice(0, 500);
        const status = await markAttemptFailed(database, message, {
          error: reason,
          permanent: code !== undefined && code >= 500,
          now: now(),
        });
        if (status === "failed") result.failed++;
        else result.retried++;
        log.warn(status === "failed" ? "e-mail failed for good" : "e-mail not sent; will retry", {
          message_id: message.id,
          kind: message.kind,
          attempts: message.attempts,
          reason,
        });
      }
    }
    return result;
  }

  /** Runs passes until stop(); a full batch is followed at once by the next pass. */
  start(): this {
    this.#loop.start();
    return this;
  }

  /**
   * Stops the loop, waits up to `graceMs` for the pass in progress, and closes the relay's
   * connections. A message still being sent then is sent again once its lease runs out.
   */
  async stop(graceMs = 3000): Promise<void> {
    await this.#loop.stop(graceMs);
    this.#transport.close();
  }
}
