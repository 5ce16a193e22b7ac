/**
 * Beacon test tokens: `<id>.<issued>.<mac>`, a random 128-bit test id, the issue time (ms, base
 * 36) and an HMAC-SHA256 of both under the beacon secret, truncated to 128 bits. A token is
 * checked before anything else of a request is read; it is valid only for its test's lifetime,
 * and single use is the test store's job (each fetch and the report at most once). Tokens are
 * never stored or logged: the store keys tests by the id in memory only.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const MAC_BYTES = 16;
const ID_BYTES = 16;
/** Base64url text of the three parts, dot-separated: anything longer is not a token. */
export const MAX_TOKEN_LENGTH = 80;

export interface TokenClaims {
  /** The test id (base64url). */
  id: string;
  /** When the token was issued, ms since the epoch. */
  issuedAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

function mac(secret: Buffer, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest().subarray(0, MAC_BYTES);
}

export function issueToken(secret: Buffer, now: number): { token: string; claims: TokenClaims } {
  const id = randomBytes(ID_BYTES).toString("base64url");
  const body = `${id}.${now.toString(36)}`;
  return { token: `${body}.${mac(secret, body).toString("base64url")}`, claims: { id, issuedAt: now } };
}

/** Checks the signature, then the age: younger than `lifetimeMs` and not from the future. */
export function checkToken(secret: Buffer, token: string, now: number, lifetimeMs: number): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [id, issued, given] = parts as [string, string, string];
  if (
    !/^[A-Za-z0-9_-]{22}$/.test(id) ||
    !/^[0-9a-z]{1,11}$/.test(issued) ||
    !/^[A-Za-z0-9_-]{22}$/.test(given)
  )
    return { ok: false, reason: "malformed" };
  const expected = mac(secret, `${id}.${issued}`);
  const presented = Buffer.from(given, "base64url");
  // One spelling per token: base64url's last character has spare bits, which would let several
  // texts carry the same signature.
  if (presented.toString("base64url") !== given) return { ok: false, reason: "malformed" };
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
    return { ok: false, reason: "forged" };
  const issuedAt = Number.parseInt(issued, 36);
  // A second of tolerance for clocks of processes sharing the secret.
  if (issuedAt > now + 1000 || now - issuedAt > lifetimeMs) return { ok: false, reason: "expired" };
  return { ok: true, claims: { id, issuedAt } };
}

/** The configured secret (ATALAYA_BEACON_SECRET, at least 32 characters), else a random one for this process. */
export function beaconSecret(configured: string | null | undefined): Buffer {
  return configured ? Buffer.from(configured, "utf8") : randomBytes(32);
}
