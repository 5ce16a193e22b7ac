import { describe, expect, it } from "vitest";
import { formatPrefix } from "../prefix";
import { parsePfx2as, parsePfx2asLine, pfx2asRoutes } from "./pfx2as";
import { formatOrigin } from "./route";

function routes(text: string): string[] {
  const item = parsePfx2asLine({ number: 1, text });
  if (item?.kind !== "entry") throw new Error(`not an entry: ${JSON.stringify(item)}`);
  return pfx2asRoutes(item).map((r) => `${formatPrefix(r.prefix)} ${formatOrigin(r.origin)}`);
}

describe("pfx2as lines", () => {
  it("reads a single origin", () => {
    expect(routes("1.0.0.0\t24\t15169")).toEqual(["1.0.0.0/24 15169"]);
    expect(routes("2001:200::\t32\t2500")).toEqual(["2001:200::/32 2500"]);
  });

  it("splits MOAS (a_b) into one route per origin", () => {
    expect(routes("2001::\t32\t6939_1101_12859")).toEqual([
      "2001::/32 6939",
      "2001::/32 1101",
      "2001::/32 12859",
    ]);
  });

  it("reads a,b as one route whose origin is the AS_SET", () => {
    expect(routes("2001:410::\t32\t271,7860,8111")).toEqual(["2001:410::/32 {271,7860,8111}"]);
  });

  it("reads MOAS of AS_SETs, sorting each set and dropping repeats", () => {
    expect(routes("198.51.100.0\t22\t271,7860,8111,10972_271,7860,8111")).toEqual([
      "198.51.100.0/22 {271,7860,8111,10972}",
      "198.51.100.0/22 {271,7860,8111}",
    ]);
    expect(routes("192.0.2.0\t24\t65010,1273_1273,65010_1273")).toEqual([
      "192.0.2.0/24 {1273,65010}",
      "192.0.2.0/24 1273",
    ]);
  });

  it("canonicalises the prefix and says when it cleared host bits", () => {
    const item = parsePfx2asLine({ number: 7, text: "2001:DB8:0:0:0:0:0:1\t32\t64496" });
    expect(item).toMatchObject({ kind: "entry", line: 7, hostBitsCleared: true });
    if (item?.kind === "entry") expect(formatPrefix(item.prefix)).toBe("2001:db8::/32");
  });

  it.each([
    ["192.0.2.0\t24", "expected 3 fields (prefix, length, origin), found 2"],
    ["192.0.2.0\t33\t64496", "over 32"],
    ["192.0.2\t24\t64496", "not an IPv4 or IPv6 address"],
    ["192.0.2.0\t24\t64496__64497", '"" is not an AS number'],
    ["192.0.2.0\t24\t4294967296", '"4294967296" is not an AS number'],
    ["192.0.2.0\t24\t64496,x", '"x" is not an AS number'],
  ])("rejects %j with a reason", (text, reason) => {
    const item = parsePfx2asLine({ number: 3, text });
    expect(item).toMatchObject({ kind: "reject", line: 3, raw: text });
    if (item?.kind === "reject") expect(item.reason).toContain(reason);
  });

  it("skips blank lines and numbers the rest by input line", async () => {
    const items = [];
    for await (const item of parsePfx2as([
      { number: 1, text: "192.0.2.0\t24\t64496" },
      { number: 2, text: "" },
      { number: 3, text: "bad" },
    ])) {
      items.push(item);
    }
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["entry", 1],
      ["reject", 3],
    ]);
  });
});
