import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanRoaDocument } from "./json-roas";
import { parseVrpJson, VrpFormatError } from "./vrps";

describe("scanRoaDocument", () => {
  it("gives what JSON.parse gives, entry by entry, for any document with a roas array", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== "roas"),
          fc.jsonValue(),
        ),
        fc.array(fc.jsonValue()),
        fc.constantFrom(undefined, 1, "\t"),
        (members, roas, space) => {
          const text = JSON.stringify({ ...members, roas }, null, space);
          const scanned = scanRoaDocument(Buffer.from(text));
          expect(scanned).not.toBeNull();
          const parsed = JSON.parse(text);
          expect([...(scanned?.roas() ?? [])]).toEqual(parsed.roas);
          delete parsed.roas;
          expect(scanned?.members).toEqual(parsed);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("delimits strings that hold brackets, commas and escaped quotes", () => {
    const text = '{"roas": [ {"ta": "a\\"],}{[\\\\", "asn": 1} , {"ta":"\\\\"} ], "metadata": {"x": "]"} }';
    const scanned = scanRoaDocument(Buffer.from(text));
    expect([...(scanned?.roas() ?? [])]).toEqual([{ ta: 'a"],}{[\\', asn: 1 }, { ta: "\\" }]);
    expect(scanned?.members).toEqual({ metadata: { x: "]" } });
  });

  it("returns null for text it cannot delimit, so the caller parses it whole", () => {
    for (const text of [
      '{"roas": [{"asn": 1}',
      '{"roas": [{"asn": 1}] ',
      '{"roas": [{"asn": 1}]} trailing',
      '{"roas": [{"asn": 1} {"asn": 2}]}',
      '{"roas": {"asn": 1}}',
      '{"metadata": {}}',
      "[]",
      '{"roas": ["open]}',
    ])
      expect(scanRoaDocument(Buffer.from(text)), text).toBeNull();
  });
});

describe("parseVrpJson on scanned documents", () => {
  it("names the entry JSON refuses", () => {
    const text = '{"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8}, {"asn": 1,}]}';
    // JSON.parse's own wording differs between Node versions; the entry's place does not.
    expect(() => parseVrpJson(text)).toThrow(VrpFormatError);
    expect(() => parseVrpJson(text)).toThrow(/^not valid JSON \(roas\[1\]: /);
  });

  it("reports JSON.parse's own message for a document it cannot scan", () => {
    expect(() => parseVrpJson('{"roas": [')).toThrow(VrpFormatError);
    expect(() => parseVrpJson('{"roas": [')).toThrow(/^not valid JSON \(/);
  });
});
