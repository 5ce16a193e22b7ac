/**
 * When a message whose send failed is tried again: 1 min, 5 min, 30 min, 2 h, then every 6 h,
 * for a day from when it was queued. A relay's permanent refusal (5xx) is not retried.
 */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000] as const;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** The next attempt after `attempts` failed ones, or null when the message has had its day. */
export function nextAttemptAt(attempts: number, createdAt: Date, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1] as number;
  const next = new Date(now.getTime() + delay);
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}
