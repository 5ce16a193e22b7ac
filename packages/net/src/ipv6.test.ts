import { describe, expect, it } from "vitest";
import { formatIpv6, ipv6HostBitsClear, parseIpv6 } from "./ipv6";

describe("IPv6 text", () => {
  // Examples from RFC 5952 §4 and the forms RIR files use.
  it.each([
    ["2001:db8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // first of two equal runs
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a lone zero group stays
    ["2001:DB8::AbCd", "2001:db8::abcd"],
    ["::", "::"],
    ["::1", "::1"],
    ["2800:1e0::", "2800:1e0::"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ["fe80:0:0:0:0:0:0:0", "fe80::"],
  ])("%s → %s", (input, expected) => {
    const value = parseIpv6(input);
    expect(value).not.toBeNull();
    expect(formatIpv6(value as bigint)).toBe(expected);
  });

  it.each([
    "",
    "2001:db8",
    "1:2:3:4:5:6:7:8:9",
    "2001::db8::1",
    "12345::",
    "g::",
    "1:2:3:4:5:6:7::8",
    "::1.2.3",
  ])("refuses %j", (input) => {
    expect(parseIpv6(input)).toBeNull();
  });

  it("checks host bits", () => {
    expect(ipv6HostBitsClear(parseIpv6("2001:db8::") as bigint, 32)).toBe(true);
    expect(ipv6HostBitsClear(parseIpv6("2001:db8::1") as bigint, 32)).toBe(false);
    expect(ipv6HostBitsClear(parseIpv6("2001:db8:8000::") as bigint, 33)).toBe(true);
    expect(ipv6HostBitsClear(parseIpv6("2001:db8:8000::") as bigint, 32)).toBe(false);
  });
});
