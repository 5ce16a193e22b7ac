/**
 * How a webhook body is signed, and how a receiver checks it (README, "Webhooks"): the header
 * `Atalaya-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the secret>`.
 * The timestamp is inside what is signed, so a captured request cannot be replayed later than the
 * receiver's tolerance. Pure: no I/O.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Atalaya-Signature";
/** Secrets start with this, so one found in a log or a repository is recognisable. */
export const SECRET_PREFIX = "whsec_";

/** A new endpoint's secret: 256 random bits, URL-safe, prefixed. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The `Atalaya-Signature` value of `body` sent at `now`. */
export function signWebhookBody(secret: string, body: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * Checks an `Atalaya-Signature` header against the raw body as received (before any JSON
 * parsing): well formed, a `v1` that matches (compared in constant time; several `v1` are
 * accepted, for a secret being rotated), and a timestamp within `toleranceSeconds` of `now`
 * (default 300 s, either way).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: `no ${SIGNATURE_HEADER} header` };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0)
    return { valid: false, reason: `${SIGNATURE_HEADER} is not t=<seconds>,v1=<hex>` };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - timestamp) > tolerance)
    return { valid: false, reason: `the timestamp is more than ${tolerance} s from now` };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  return matches ? { valid: true, timestamp } : { valid: false, reason: "no signature matches the body" };
}
