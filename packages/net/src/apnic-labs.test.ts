import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apnicLines, apnicLinesFast, parseApnicLabs } from "./apnic-labs";

const file = (data: unknown[]) =>
  JSON.stringify({ copyright: "APNIC Labs", description: "IPv6 capability", docs: "…", data });

const entry = (date: string, seen: number, capable: number, preferred: number, extra: object = {}) => ({
  date,
  as: 64496,
  cc: "BR",
  type: "economyas",
  raw: {
    seen,
    capable,
    capable_pc: (100 * capable) / seen,
    preferred,
    preferred_pc: (100 * preferred) / seen,
  },
  "30": { seen: 1, capable: 1, preferred: 1 },
  ...extra,
});

describe("parseApnicLabs", () => {
  it("keeps the daily raw counts and ignores the smoothed windows", () => {
    const r = parseApnicLabs(file([entry("2026-10-01", 1200, 400, 300), entry("2026-10-02", 900, 90, 45)]), {
      asn: 64496,
      cc: "BR",
    });
    expect(r).toEqual({
      fatal: null,
      rejects: [],
      days: [
        { date: "2026-10-01", asn: 64496, cc: "BR", seen: 1200, capable: 400, preferred: 300 },
        { date: "2026-10-02", asn: 64496, cc: "BR", seen: 900, capable: 90, preferred: 45 },
      ],
    });
  });
  it("accepts AS numbers written AS123 and compact dates", () => {
    const r = parseApnicLabs(file([entry("20261001", 10, 1, 1, { as: "AS64496" })]), {
      asn: 64496,
      cc: "BR",
    });
    expect(r.days).toEqual([expect.objectContaining({ date: "2026-10-01", asn: 64496 })]);
  });
  it("rejects entries it cannot trust, naming their JSON path", () => {
    const r = parseApnicLabs(
      file([
        entry("2026-13-01", 10, 1, 1),
        entry("2026-10-02", 10, 11, 1),
        entry("2026-10-03", 10, 1, 1, { as: 64497 }),
        entry("2026-10-04", 10, 1, 1, { cc: "AR" }),
        entry("2026-10-05", -1, 1, 1),
        entry("2026-10-06", 10, 1, 1),
        entry("2026-10-06", 10, 1, 1),
        "x",
      ]),
      { asn: 64496, cc: "BR" },
    );
    expect(r.days.map((d) => d.date)).toEqual(["2026-10-06"]);
    expect(r.rejects).toEqual([
      { path: "data[0].date", reason: '"2026-13-01" is not a date' },
      { path: "data[1].raw", reason: "more IPv6 results than samples (seen 10)" },
      { path: "data[2].as", reason: "AS64497 in the file of AS64496" },
      { path: "data[3].cc", reason: "economy AR in the file of BR" },
      { path: "data[4].raw.seen", reason: '"-1" is not a count' },
      { path: "data[6].date", reason: "2026-10-06 listed twice" },
      { path: "data[7]", reason: "entry is not an object" },
    ]);
  });
  it("refuses a file that is not JSON or has no data", () => {
    expect(parseApnicLabs("<html>", { asn: 1 }).fatal).toMatch(/^not JSON/);
    expect(parseApnicLabs("{}", { asn: 1 }).fatal).toBe('no "data" array');
  });
});

describe("apnicLines", () => {
  const SUFFIX = "\t7\tapnic\n";
  const expected = { asn: 64496, cc: "BR" };
  const bytes = (text: string) => new TextEncoder().encode(text);

  /** What the general path gives: parseApnicLabs on the decoded text, written as lines. */
  function reference(body: Uint8Array, want: { asn: number; cc?: string }) {
    const parsed = parseApnicLabs(new TextDecoder("utf-8", { ignoreBOM: true }).decode(body), want);
    const dates = parsed.days.map((d) => d.date).sort();
    return {
      text: parsed.days
        .map((d) => `${d.asn}\t${d.cc}\t${d.date}\t${d.seen}\t${d.capable}\t${d.preferred}${SUFFIX}`)
        .join(""),
      days: parsed.days.length,
      lastDate: dates.at(-1) ?? null,
      rejects: parsed.rejects,
      fatal: parsed.fatal,
    };
  }

  // In the upstream layout: raw counts with percentages, and the smoothed windows beside them.
  const upstream = file([
    entry("2026-10-01", 1200, 400, 300, { "10": { seen: 1.5, capable: 2e3, preferred: -0.25 } }),
    entry("2026-10-02", 900, 90, 45, {
      note: 'a "quoted" \\ word, \u00e9, \ud83d\ude00, \\u00e9',
      flags: [true, false, null],
    }),
    entry("2026-10-03", 0, 0, 0),
  ]);

  it("reads the upstream layout on the fast path, as the general path does", () => {
    const body = bytes(upstream);
    const fast = apnicLinesFast(body, expected, SUFFIX);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(reference(body, expected));
    expect(fast?.text).toBe(
      "64496\tBR\t2026-10-01\t1200\t400\t300\t7\tapnic\n" +
        "64496\tBR\t2026-10-02\t900\t90\t45\t7\tapnic\n" +
        "64496\tBR\t2026-10-03\t0\t0\t0\t7\tapnic\n",
    );
    expect(fast?.lastDate).toBe("2026-10-03");
    // Pretty-printed, without "as" and "cc" (taken from the file's network), still fast.
    const bare = JSON.stringify(
      { data: [{ date: "2026-10-01", raw: { seen: 5, capable: 2, preferred: 1 } }] },
      null,
      "\t",
    );
    expect(apnicLinesFast(bytes(`\r\n ${bare} \n`), expected, SUFFIX)?.text).toBe(
      "64496\tBR\t2026-10-01\t5\t2\t1\t7\tapnic\n",
    );
  });

  // Each of these leaves the fast path (or never enters it); the answer must not change.
  const cases: Record<string, string> = {
    "compact dates": file([entry("20261001", 10, 1, 1)]),
    "AS written AS64496": file([entry("2026-10-01", 10, 1, 1, { as: "AS64496" })]),
    "counts as strings and decimals": file([
      entry("2026-10-01", 10, 1, 1, { raw: { seen: "10", capable: 1.4, preferred: 1 } }),
    ]),
    "lower-case economy": file([entry("2026-10-01", 10, 1, 1, { cc: "br" })]),
    "no economy": file([entry("2026-10-01", 10, 1, 1, { cc: undefined })]),
    "economy not a string": file([entry("2026-10-01", 10, 1, 1, { cc: 76 })]),
    "dates out of order": file([entry("2026-10-02", 10, 1, 1), entry("2026-10-01", 10, 1, 1)]),
    "a date twice": file([entry("2026-10-01", 10, 1, 1), entry("2026-10-01", 20, 1, 1)]),
    "impossible date": file([entry("2026-02-29", 10, 1, 1)]),
    "leap day": file([entry("2024-02-29", 10, 1, 1)]),
    "other network": file([entry("2026-10-01", 10, 1, 1, { as: 64497 })]),
    "other economy": file([entry("2026-10-01", 10, 1, 1, { cc: "AR" })]),
    "more capable than seen": file([entry("2026-10-01", 10, 11, 1)]),
    "more preferred than seen": file([entry("2026-10-01", 10, 1, 11)]),
    "negative count": file([entry("2026-10-01", -1, 0, 0)]),
    "huge count": file([entry("2026-10-01", 1e20, 1, 1)]),
    "raw missing": file([entry("2026-10-01", 10, 1, 1, { raw: undefined })]),
    "raw null": file([entry("2026-10-01", 10, 1, 1, { raw: null })]),
    "entry not an object": file(["x", entry("2026-10-01", 10, 1, 1)]),
    "empty data": file([]),
    "data not an array": '{"data": {}}',
    "no data": '{"copyright": "x"}',
    "data twice":
      '{"data": [], "data": [{"date": "2026-10-01", "raw": {"seen": 1, "capable": 1, "preferred": 1}}]}',
    "date twice in an entry":
      '{"data": [{"date": "2026-10-01", "date": "2026-10-02", "raw": {"seen": 1, "capable": 1, "preferred": 1}}]}',
    "seen twice":
      '{"data": [{"date": "2026-10-01", "raw": {"seen": 1, "capable": 1, "preferred": 1, "seen": 0}}]}',
    "escaped key":
      '{"d\\u0061ta": [{"date": "2026-10-01", "raw": {"seen": 1, "capable": 1, "preferred": 1}}]}',
    "array at the top": "[]",
    "not JSON": "<html>",
    truncated: upstream.slice(0, -10),
    "trailing comma": '{"data": [],}',
    "trailing text": `${upstream} x`,
    "leading zero": '{"data": [], "n": 01}',
    "bare minus": '{"data": [], "n": -}',
    "control character in a string": '{"data": [], "s": "a\tb"}',
    "bad escape": '{"data": [], "s": "\\x"}',
    "byte-order mark": `\ufeff${upstream}`,
    empty: "",
  };
  it.each(Object.entries(cases))("answers as the general path does: %s", (_, text) => {
    const body = bytes(text);
    for (const want of [expected, { asn: 64496 }]) {
      expect(apnicLines(body, want, SUFFIX)).toEqual(reference(body, want));
      const fast = apnicLinesFast(body, want, SUFFIX);
      if (fast) expect(fast).toEqual(reference(body, want));
    }
  });

  it("agrees with the general path on arbitrarily damaged files", () => {
    const base = bytes(upstream);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length), fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 2)), {
          minLength: 1,
          maxLength: 3,
        }),
        (edits) => {
          let body = Array.from(base);
          for (const [at, byte, op] of edits) {
            const i = at % (body.length + 1);
            if (op === 0) body.splice(i, 1);
            else if (op === 1) body.splice(i, 0, byte);
            else body[i] = byte;
          }
          body = body.filter((b) => b !== undefined);
          const damaged = Uint8Array.from(body);
          const fast = apnicLinesFast(damaged, expected, SUFFIX);
          if (fast) expect(fast).toEqual(reference(damaged, expected));
          expect(apnicLines(damaged, expected, SUFFIX)).toEqual(reference(damaged, expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
