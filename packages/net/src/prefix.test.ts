import { describe, expect, it } from "vitest";
import {
  covers,
  formatPrefix,
  maskIpv4,
  parsePrefix,
  parsePrefixParts,
  prefixOf,
  samePrefix,
} from "./prefix";

describe("parsePrefix", () => {
  it.each([
    ["192.0.2.0/24", "192.0.2.0/24", false],
    ["192.0.2.77/24", "192.0.2.0/24", true],
    ["0.0.0.0/0", "0.0.0.0/0", false],
    ["255.255.255.255/0", "0.0.0.0/0", true],
    ["255.255.255.255/32", "255.255.255.255/32", false],
    ["10.1.2.3/9", "10.0.0.0/9", true],
    ["2001:DB8:0:0::/32", "2001:db8::/32", false],
    ["2001:db8:ffff::1/32", "2001:db8::/32", true],
    ["2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", false],
    ["::/0", "::/0", false],
    ["ffff::/1", "8000::/1", true],
    ["2800:1e0::/23", "2800::/23", true],
  ])("%s → %s (host bits cleared: %s)", (text, canonical, cleared) => {
    const parsed = parsePrefix(text);
    expect(parsed).toMatchObject({ ok: true, hostBitsCleared: cleared });
    if (parsed.ok) expect(formatPrefix(parsed.prefix)).toBe(canonical);
  });

  it.each([
    ["192.0.2.0", "no"],
    ["192.0.2.0/33", "over 32"],
    ["2001:db8::/129", "over 128"],
    ["192.0.2.0/-1", "not a whole number"],
    ["192.0.2.0/024", "not a whole number"],
    ["192.0.2.0/", "not a whole number"],
    ["192.0.2/24", "not an IPv4 or IPv6"],
    ["300.0.0.0/8", "not an IPv4 or IPv6"],
    ["2001:db8::g/32", "not an IPv6"],
    ["/24", "not an IPv4 or IPv6"],
  ])("refuses %s with a reason", (text, reason) => {
    const parsed = parsePrefix(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it("takes address and length as separate fields", () => {
    const parsed = parsePrefixParts("2001:db8::", "48");
    expect(parsed.ok && formatPrefix(parsed.prefix)).toBe("2001:db8::/48");
  });

  it("masks IPv4 at every length, /0 and /32 included", () => {
    expect(maskIpv4(0xffffffff, 0)).toBe(0);
    expect(maskIpv4(0xffffffff, 1)).toBe(0x80000000);
    expect(maskIpv4(0xffffffff, 31)).toBe(0xfffffffe);
    expect(maskIpv4(0xffffffff, 32)).toBe(0xffffffff);
  });
});

describe("covers", () => {
  const p = prefixOf;
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8", true],
    ["10.0.0.0/8", "10.255.0.0/16", true],
    ["10.0.0.0/8", "11.0.0.0/16", false],
    ["10.0.0.0/16", "10.0.0.0/8", false],
    ["0.0.0.0/0", "203.0.113.0/24", true],
    ["2001:db8::/32", "2001:db8:1::/48", true],
    ["2001:db8::/32", "2001:db9::/48", false],
    ["::/0", "2001:db8::/32", true],
    // Different families never cover, even where the bits would line up.
    ["0.0.0.0/0", "::/0", false],
    ["::/0", "0.0.0.0/0", false],
    ["::/0", "10.0.0.0/8", false],
  ])("%s covers %s: %s", (outer, inner, expected) => {
    expect(covers(p(outer), p(inner))).toBe(expected);
  });

  it("compares prefixes by value", () => {
    expect(samePrefix(p("10.0.0.1/8"), p("10.0.0.0/8"))).toBe(true);
    expect(samePrefix(p("10.0.0.0/8"), p("10.0.0.0/9"))).toBe(false);
    expect(samePrefix(p("::/0"), p("0.0.0.0/0"))).toBe(false);
  });
});
