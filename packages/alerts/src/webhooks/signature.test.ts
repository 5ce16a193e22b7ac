import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhookBody, verifyWebhookSignature } from "./signature";

const NOW = new Date("2026-12-01T12:00:00Z");
const BODY = '{"id":"1","event":{"type":"rpki-invalid"}}';

describe("webhook signatures", () => {
  it("signs t.<body> with HMAC-SHA256 and verifies it", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const header = signWebhookBody(secret, BODY, NOW);
    expect(header).toMatch(/^t=1796126400,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, BODY, { now: NOW })).toEqual({
      valid: true,
      timestamp: 1796126400,
    });
  });

  it("matches a signature computed independently", () => {
    // printf "1796126400.{}" | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhookBody("whsec_test", "{}", NOW)).toBe(
      "t=1796126400,v1=7fbc5915f2f65fadb3f24271cfb36a267b36af69edd297c8966728d2e0616fe9",
    );
  });

  it("refuses another body, another secret, an old timestamp and a malformed header", () => {
    const secret = generateWebhookSecret();
    const header = signWebhookBody(secret, BODY, NOW);
    expect(verifyWebhookSignature(secret, header, `${BODY} `, { now: NOW })).toMatchObject({ valid: false });
    expect(verifyWebhookSignature(generateWebhookSecret(), header, BODY, { now: NOW })).toMatchObject({
      valid: false,
      reason: "no signature matches the body",
    });
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhookSignature(secret, header, BODY, { now: later })).toMatchObject({
      valid: false,
      reason: "the timestamp is more than 300 s from now",
    });
    expect(verifyWebhookSignature(secret, header, BODY, { now: later, toleranceSeconds: 600 }).valid).toBe(
      true,
    );
    expect(verifyWebhookSignature(secret, "v1=abc", BODY, { now: NOW }).valid).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, BODY, { now: NOW }).valid).toBe(false);
  });
});
