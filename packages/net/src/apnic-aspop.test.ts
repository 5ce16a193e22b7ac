import { describe, expect, it } from "vitest";
import { parseAsPopulation } from "./apnic-aspop";

describe("parseAsPopulation", () => {
  it("reads users and samples per network and economy", () => {
    const text = JSON.stringify({
      Data: [
        {
          rank: 1,
          AS: "AS64496",
          Description: "X",
          CC: "BR",
          Users: 1200000,
          "Percent of CC Pop": 1.2,
          Samples: 5000,
        },
        { rank: 2, AS: 64497, Description: "Y", CC: "py", Users: "3500", Samples: null },
      ],
    });
    expect(parseAsPopulation(text)).toEqual({
      fatal: null,
      rejects: [],
      rows: [
        { asn: 64496, cc: "BR", users: 1200000, samples: 5000 },
        { asn: 64497, cc: "PY", users: 3500, samples: null },
      ],
    });
  });
  it("rejects unusable entries by index and refuses non-JSON", () => {
    const text = JSON.stringify({
      Data: [
        { AS: "ASX", CC: "BR", Users: 1 },
        { AS: "AS1", CC: "Brazil", Users: 1 },
        { AS: "AS1", CC: "BR", Users: -3 },
        { AS: "AS1", CC: "BR", Users: 3 },
        { AS: "1", CC: "BR", Users: 4 },
      ],
    });
    expect(parseAsPopulation(text).rejects).toEqual([
      { index: 0, reason: 'AS "ASX" is not an AS number' },
      { index: 1, reason: 'CC "Brazil" is not a country code' },
      { index: 2, reason: 'Users "-3" is not a count' },
      { index: 4, reason: "AS1 in BR listed twice" },
    ]);
    expect(parseAsPopulation("nope").fatal).toMatch(/^not JSON/);
    expect(parseAsPopulation("[]").fatal).toBe('no "Data" array');
  });
});
