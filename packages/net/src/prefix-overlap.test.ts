import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { covers, type IpPrefix, prefixOf } from "./prefix";
import { OverlapMarks } from "./prefix-overlap";

const p = (text: string) => prefixOf(text);

function marks(targets: string[], stream: string[]): Record<string, boolean> {
  const index = new OverlapMarks(targets.map(p));
  for (const text of stream) index.add(p(text));
  const overlapped = index.overlapped();
  return Object.fromEntries(targets.map((t, i) => [t, overlapped[i] as boolean]));
}

describe("OverlapMarks", () => {
  const targets = [
    "10.0.0.0/8",
    "192.0.2.0/24",
    "198.51.100.0/24",
    "2001:db8::/32",
    "2001:db8:ffff::/48",
    "3fff::/20",
  ];

  it("marks a target announced itself, in part, or under a cover", () => {
    expect(marks(targets, ["198.51.100.0/24"])["198.51.100.0/24"]).toBe(true);
    expect(marks(targets, ["192.0.2.0/25"])["192.0.2.0/24"]).toBe(true); // a part of it
    expect(marks(targets, ["10.0.0.0/7"])["10.0.0.0/8"]).toBe(true); // covered
    expect(marks(targets, ["2001:db8:1234::/48"])).toMatchObject({
      "2001:db8::/32": true,
      "2001:db8:ffff::/48": false,
    });
    expect(marks(targets, ["2001:db8::/31"])).toMatchObject({
      "2001:db8::/32": true,
      "2001:db8:ffff::/48": true,
    });
    expect(Object.values(marks(targets, ["0.0.0.0/0"])).filter(Boolean)).toHaveLength(3);
  });

  it("leaves alone space beside the targets and the other family", () => {
    expect(
      marks(targets, ["192.0.3.0/24", "11.0.0.0/8", "2001:db9::/32", "3fff:1000::/20", "240.0.0.0/4"]),
    ).toEqual(Object.fromEntries(targets.map((t) => [t, false])));
    expect(new OverlapMarks([]).overlapped()).toEqual([]);
  });

  it("agrees with a test of every pair, on random targets and streams", () => {
    const prefix = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 16 - 1 }), fc.integer({ min: 0, max: 16 }))
      .map(([high, length]) => {
        const address = ((high << 16) >>> 0) & (length === 0 ? 0 : ~(2 ** (32 - length) - 1));
        return { family: 4, address: address >>> 0, length } as IpPrefix;
      });
    fc.assert(
      fc.property(
        fc.array(prefix, { maxLength: 40 }),
        fc.array(prefix, { maxLength: 20 }),
        (targets, stream) => {
          const index = new OverlapMarks(targets);
          for (const q of stream) index.add(q);
          expect(index.overlapped()).toEqual(
            targets.map((t) => stream.some((q) => covers(t, q) || covers(q, t))),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
