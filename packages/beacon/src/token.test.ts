import { describe, expect, it } from "vitest";
import { checkToken, issueToken } from "./token";

const SECRET = Buffer.from("a beacon secret of at least thirty-two characters");
const OTHER = Buffer.from("another secret, also thirty-two characters long");
const T0 = Date.parse("2026-12-01T12:00:00Z");

describe("beacon tokens", () => {
  it("checks a token it issued, within its lifetime, with its id and issue time", () => {
    const { token, claims } = issueToken(SECRET, T0);
    expect(token.length).toBeLessThanOrEqual(80);
    expect(checkToken(SECRET, token, T0 + 9_999, 10_000)).toEqual({ ok: true, claims });
    expect(claims.issuedAt).toBe(T0);
  });

  it("gives every test its own id", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => issueToken(SECRET, T0).claims.id));
    expect(ids.size).toBe(1000);
  });

  it("refuses a token past its lifetime or issued in the future", () => {
    const { token } = issueToken(SECRET, T0);
    expect(checkToken(SECRET, token, T0 + 10_001, 10_000)).toEqual({ ok: false, reason: "expired" });
    expect(checkToken(SECRET, token, T0 - 5_000, 10_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a token signed with another secret, or with its id or time changed", () => {
    const { token } = issueToken(SECRET, T0);
    expect(checkToken(OTHER, token, T0, 10_000)).toEqual({ ok: false, reason: "forged" });
    const [id, issued, mac] = token.split(".") as [string, string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith("A") ? "B" : "A"}`;
    expect(checkToken(SECRET, `${otherId}.${issued}.${mac}`, T0, 10_000)).toEqual({
      ok: false,
      reason: "forged",
    });
    // A later issue time would extend the token's life: the signature covers it.
    const later = (T0 + 60_000).toString(36);
    expect(checkToken(SECRET, `${id}.${later}.${mac}`, T0 + 65_000, 10_000)).toEqual({
      ok: false,
      reason: "forged",
    });
  });

  it("accepts one spelling of a signature only", () => {
    const { token } = issueToken(SECRET, T0);
    const last = token.at(-1) as string;
    // The same two top bits, other spare bits: the same bytes, another text.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = alphabet[alphabet.indexOf(last) + 1] as string;
    expect(checkToken(SECRET, `${token.slice(0, -1)}${twin}`, T0, 10_000)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuses what is not a token before computing anything", () => {
    for (const bad of [
      "",
      "a.b",
      "a.b.c.d",
      "x".repeat(81),
      "../../etc/passwd",
      `${"A".repeat(22)}.zz.${"A".repeat(21)}`,
    ])
      expect(checkToken(SECRET, bad, T0, 10_000), bad).toEqual({ ok: false, reason: "malformed" });
  });
});
