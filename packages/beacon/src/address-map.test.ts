import { parseIpv4, parseIpv6, parsePrefix } from "@atalaya/net";
import { describe, expect, it } from "vitest";
import { AddressMap, type AddressRange } from "./address-map";

/** A CIDR prefix as a range labelled `value`. */
function route<T>(text: string, value: T): AddressRange<T> {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const p = parsed.prefix;
  if (p.family === 4) {
    const size = 2 ** (32 - p.length);
    return { family: 4, first: p.address, last: p.address + size - 1, value };
  }
  const size = 1n << BigInt(128 - p.length);
  return { family: 6, first: p.address, last: p.address + size - 1n, value };
}

const v4 = (text: string) => parseIpv4(text) as number;
const v6 = (text: string) => parseIpv6(text) as bigint;

describe("AddressMap", () => {
  const map = new AddressMap([
    route("10.0.0.0/8", 1),
    route("10.1.0.0/16", 2),
    route("10.1.2.0/24", 3),
    route("10.1.4.0/24", 4),
    route("192.0.2.0/24", 5),
    route("2001:db8::/32", 6),
    route("2001:db8:1::/48", 7),
    route("2001:db8:1:2::/64", 8),
  ]);

  it("answers the most specific covering prefix, on each side of a more specific one", () => {
    expect(map.lookup(4, v4("10.9.9.9"))).toBe(1);
    expect(map.lookup(4, v4("10.1.0.1"))).toBe(2);
    expect(map.lookup(4, v4("10.1.2.255"))).toBe(3);
    expect(map.lookup(4, v4("10.1.3.0"))).toBe(2);
    expect(map.lookup(4, v4("10.1.4.7"))).toBe(4);
    expect(map.lookup(4, v4("10.1.5.0"))).toBe(2);
    expect(map.lookup(4, v4("10.2.0.0"))).toBe(1);
    expect(map.lookup(4, v4("10.255.255.255"))).toBe(1);
    expect(map.lookup(4, v4("192.0.2.200"))).toBe(5);
  });

  it("answers nothing outside every prefix, at the edges too", () => {
    expect(map.lookup(4, v4("9.255.255.255"))).toBeUndefined();
    expect(map.lookup(4, v4("11.0.0.0"))).toBeUndefined();
    expect(map.lookup(4, v4("192.0.3.0"))).toBeUndefined();
    expect(map.lookup(4, v4("0.0.0.0"))).toBeUndefined();
    expect(map.lookup(6, v6("2001:db9::1"))).toBeUndefined();
  });

  it("matches IPv6 on the upper 64 bits", () => {
    expect(map.lookup(6, v6("2001:db8:ffff::1"))).toBe(6);
    expect(map.lookup(6, v6("2001:db8:1:7::1"))).toBe(7);
    expect(map.lookup(6, v6("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).toBe(8);
  });

  it("joins the pieces of a prefix split around more specific ones: no more segments than needed", () => {
    // 10/8 | 10.1/16 | 10.1.2/24 | 10.1/16 | 10.1.4/24 | 10.1/16 | 10/8 | 192.0.2/24; and 2001:db8 | :1 | :1:2 | :1 | (rest).
    expect(map.segments).toBe(8 + 5);
  });

  it("cuts ranges that overlap without nesting where the later begins", () => {
    const overlapping = new AddressMap([
      { family: 4, first: 100, last: 199, value: "a" },
      { family: 4, first: 150, last: 249, value: "b" },
    ]);
    expect([99, 100, 149, 150, 199, 200, 249].map((a) => overlapping.lookup(4, a))).toEqual([
      undefined,
      "a",
      "a",
      "b",
      "b",
      undefined,
      undefined,
    ]);
  });

  it("agrees with a brute-force longest-prefix match on 2,000 random prefixes and addresses", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const prefixes: Array<{ first: number; last: number; length: number; value: number }> = [];
    for (let i = 0; i < 2000; i++) {
      const length = 8 + Math.floor(random() * 17);
      const size = 2 ** (32 - length);
      // Crowded into 10.0.0.0/8 so that many nest.
      const first = 0x0a000000 + Math.floor((random() * 2 ** 24) / size) * size;
      prefixes.push({ first, last: first + size - 1, length, value: i });
    }
    const table = new AddressMap(prefixes.map((p) => ({ family: 4 as const, ...p })));
    for (let i = 0; i < 5000; i++) {
      const address = 0x0a000000 + Math.floor(random() * 2 ** 24);
      let best: (typeof prefixes)[number] | undefined;
      for (const p of prefixes)
        if (
          p.first <= address &&
          address <= p.last &&
          (!best || p.length > best.length || (p.length === best.length && p.value > best.value))
        )
          best = p;
      expect(table.lookup(4, address), String(address)).toBe(best?.value);
    }
  });
});
