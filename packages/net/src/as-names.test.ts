import { describe, expect, it } from "vitest";
import { parseAsNameLine } from "./as-names";

const line = (text: string) => ({ number: 7, text });

describe("parseAsNameLine", () => {
  it("reads potaroo lines, splitting the country on the last comma", () => {
    expect(parseAsNameLine(line("8048\tCANTV Servicios, Venezuela,VE"))).toEqual({
      line: 7,
      asn: 8048,
      name: "CANTV Servicios, Venezuela",
      cc: "VE",
    });
  });
  it("reads RIPE asn.txt lines with a space before the country", () => {
    expect(
      parseAsNameLine(line("AS28000 LACNIC - Latin American and Caribbean IP address, UY")),
    ).toMatchObject({
      asn: 28000,
      cc: "UY",
    });
  });
  it("upper-cases a lower-case country and keeps names without one", () => {
    expect(parseAsNameLine(line("1\tLVLT-1,na"))).toMatchObject({ name: "LVLT-1", cc: "NA" });
    expect(parseAsNameLine(line("64496\tDocumentation AS"))).toMatchObject({
      name: "Documentation AS",
      cc: null,
    });
  });
  it("turns stray control characters into spaces", () => {
    expect(parseAsNameLine(line("131072\tAPNIC-RD-AP\r APNIC R&D Centre\r,AU"))).toMatchObject({
      name: "APNIC-RD-AP APNIC R&D Centre",
      cc: "AU",
    });
  });
  it("skips blank and comment lines, rejects the rest with a reason", () => {
    expect(parseAsNameLine(line("   "))).toBeNull();
    expect(parseAsNameLine(line("# header"))).toBeNull();
    expect(parseAsNameLine(line("ASX name"))).toMatchObject({
      line: 7,
      reason: expect.stringContaining("AS number"),
    });
    expect(parseAsNameLine(line("4294967296 too big,XX"))).toMatchObject({
      reason: expect.stringContaining("out of range"),
    });
  });
});
