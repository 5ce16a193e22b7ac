import { describe, expect, it } from "vitest";
import { formatIpv4, ipv4RangeToCidrs, parseIpv4 } from "./ipv4";

describe("parseIpv4", () => {
  it("parses dotted quads", () => {
    expect(parseIpv4("0.0.0.0")).toBe(0);
    expect(parseIpv4("200.7.84.0")).toBe(((200 * 256 + 7) * 256 + 84) * 256);
    expect(parseIpv4("255.255.255.255")).toBe(2 ** 32 - 1);
  });
  it.each(["256.0.0.0", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "", "1.2.3.-4"])(
    "refuses %j",
    (text) => {
      expect(parseIpv4(text)).toBeNull();
    },
  );
  it("round-trips through formatIpv4", () => {
    for (const text of ["10.0.0.0", "186.10.255.1", "255.255.255.255"])
      expect(formatIpv4(parseIpv4(text) as number)).toBe(text);
  });
});

describe("ipv4RangeToCidrs", () => {
  const cidrs = (start: string, count: number) =>
    ipv4RangeToCidrs(parseIpv4(start) as number, count).map((c) => c.prefix);

  it("keeps an aligned power of two as one block", () => {
    expect(cidrs("24.152.0.0", 1024)).toEqual(["24.152.0.0/22"]);
    expect(cidrs("0.0.0.0", 2 ** 32)).toEqual(["0.0.0.0/0"]);
  });
  it("splits counts that are not powers of two", () => {
    expect(cidrs("200.0.0.0", 768)).toEqual(["200.0.0.0/23", "200.0.2.0/24"]);
    expect(cidrs("200.0.0.0", 1280)).toEqual(["200.0.0.0/22", "200.0.4.0/24"]);
  });
  it("splits misaligned starts", () => {
    expect(cidrs("10.0.1.0", 1024)).toEqual(["10.0.1.0/24", "10.0.2.0/23", "10.0.4.0/24"]);
    expect(cidrs("10.0.0.3", 3)).toEqual(["10.0.0.3/32", "10.0.0.4/31"]);
  });
  it("always covers exactly the range, in order, with aligned blocks", () => {
    for (const [start, count] of [
      [123456, 98765],
      [0, 1],
      [2 ** 32 - 5, 5],
      [3232235776, 65535],
    ] as const) {
      const blocks = ipv4RangeToCidrs(start, count);
      let cursor = start;
      for (const b of blocks) {
        const size = 2 ** (32 - b.length);
        expect(parseIpv4(b.prefix.split("/")[0] as string)).toBe(cursor);
        expect(cursor % size).toBe(0);
        cursor += size;
      }
      expect(cursor).toBe(start + count);
    }
  });
  it("refuses empty and overflowing ranges", () => {
    expect(() => ipv4RangeToCidrs(0, 0)).toThrow(RangeError);
    expect(() => ipv4RangeToCidrs(2 ** 32 - 1, 2)).toThrow(RangeError);
  });
});
