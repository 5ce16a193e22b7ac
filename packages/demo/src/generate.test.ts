import { createHash } from "node:crypto";
import {
  type DelegatedItem,
  DelegatedTally,
  parseAsNameLine,
  parseDelegated,
  parseIpv4,
  parseIpv6,
  parseVrps,
} from "@atalaya/net";
import { describe, expect, it } from "vitest";
import { generateDemo } from "./generate";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

async function parse(text: string) {
  const items: DelegatedItem[] = [];
  for await (const item of parseDelegated(text.split("\n").map((t, i) => ({ number: i + 1, text: t }))))
    items.push(item);
  return items;
}

const DOC_ASN = (asn: number) =>
  (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551) || asn >= 4200000000;
const PRIVATE_V4 = [
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["172.16.0.0", 12],
] as const;

// Each generation writes a year of measurements for 251 networks: seconds on a busy machine.
describe("generateDemo", { timeout: 30_000 }, () => {
  it("is deterministic", () => {
    expect(sha(generateDemo().delegated)).toBe(sha(generateDemo().delegated));
    expect(sha(generateDemo().asNames)).toBe(sha(generateDemo().asNames));
    expect(generateDemo(1).delegated).not.toBe(generateDemo(2).delegated);
  });

  it("writes a delegated file the real parser accepts whole", async () => {
    const items = await parse(generateDemo().delegated);
    expect(items.filter((i) => i.kind === "reject")).toEqual([]);
    const tally = new DelegatedTally();
    for (const item of items) tally.add(item);
    expect(tally.problems()).toEqual([]);
  });

  it("uses only documentation and private-use numbers", async () => {
    for (const item of await parse(generateDemo().delegated)) {
      if (item.kind !== "record") continue;
      if (item.type === "asn") expect(DOC_ASN(Number(item.start))).toBe(true);
      if (item.type === "ipv4") {
        const start = parseIpv4(item.start) as number;
        const inside = PRIVATE_V4.some(([base, len]) => {
          const b = parseIpv4(base) as number;
          return start >= b && start + item.value <= b + 2 ** (32 - len);
        });
        expect(inside, item.start).toBe(true);
      }
      if (item.type === "ipv6") {
        const v = parseIpv6(item.start) as bigint;
        const in3fff = v >> 108n === 0x3fff0n; // 3fff::/20: the top 20 bits
        const inDoc = v >> 96n === 0x20010db8n; // 2001:db8::/32
        expect(in3fff || inDoc, item.start).toBe(true);
      }
    }
  });

  it("names every demo ASN exactly once in potaroo format", () => {
    const dataset = generateDemo();
    const lines = dataset.asNames.trim().split("\n");
    const asns = lines.map((text, i) => parseAsNameLine({ number: i + 1, text }));
    expect(asns.every((a) => a !== null && "asn" in a && a.cc !== null)).toBe(true);
    const all = dataset.organisations.flatMap((o) => o.asns);
    expect(new Set(all).size).toBe(all.length);
    expect(lines).toHaveLength(all.length);
  });

  it("covers the region with a spread of providers, including some without IPv6", () => {
    const { organisations } = generateDemo();
    expect(new Set(organisations.map((o) => o.cc)).size).toBeGreaterThanOrEqual(29);
    expect(organisations.some((o) => o.ipv6.length === 0)).toBe(true);
    expect(organisations.some((o) => o.ipv4.some((b) => !Number.isInteger(Math.log2(b.count))))).toBe(true);
  });

  it("writes Routinator jsonext VRPs generated on the demo's date, a few expiring within 14 days of it", () => {
    const result = parseVrps(generateDemo().routing.vrpsJson);
    expect(result).toMatchObject({ format: "routinator-jsonext", rejects: [], duplicates: 0 });
    expect(result.builtAt).toBe(Date.parse("2026-11-01T00:00:00Z") / 1000);
    expect(new Set(result.vrps.map((v) => v.ta))).toEqual(new Set(["lacnic"]));
    const built = result.builtAt as number;
    const soon = result.vrps.filter((v) => v.expires !== null && v.expires - built <= 14 * 86_400);
    expect(result.vrps.every((v) => v.expires !== null && v.expires > built)).toBe(true);
    expect(soon.length).toBeGreaterThanOrEqual(5);
    expect(soon.length).toBeLessThan(result.vrps.length / 5);
  });
});
