import { describe, expect, it } from "vitest";
import type { CountryNetwork } from "./api/get-country-networks";
import { paginate, roaCoverage, sortNetworks } from "./networks-shaping";

const net = (asn: number, over: Partial<CountryNetwork> = {}): CountryNetwork => ({
  asn,
  name: `Net ${asn}`,
  state: "below",
  share: 0.1,
  lo: 0.09,
  hi: 0.11,
  samples: 1000,
  days: 30,
  users: 100,
  rankInCountry: null,
  roa: { announced: 0, valid: 0, invalid: 0, notFound: 0 },
  ...over,
});

describe("networks table", () => {
  const rows = [
    net(64500, {
      share: 0.3,
      users: null,
      state: "eligible",
      roa: { announced: 4, valid: 2, invalid: 1, notFound: 1 },
    }),
    net(64501, { share: null, users: 5000, state: "insufficient-data" }),
    net(64502, {
      share: 0.05,
      users: 10,
      name: null,
      roa: { announced: 2, valid: 2, invalid: 0, notFound: 0 },
    }),
    net(64503, { share: 0.3, users: 700, state: "borderline" }),
  ];
  const order = (key: Parameters<typeof sortNetworks>[1]) => sortNetworks(rows, key).map((n) => n.asn);

  it("sorts by share either way with missing shares last and ties by AS number", () => {
    expect(order({ key: "share", descending: true })).toEqual([64500, 64503, 64502, 64501]);
    expect(order({ key: "share", descending: false })).toEqual([64502, 64500, 64503, 64501]);
  });
  it("sorts by users, state (eligible first), name and ROA coverage", () => {
    expect(order({ key: "users", descending: true })).toEqual([64501, 64503, 64502, 64500]);
    expect(order({ key: "state", descending: false })).toEqual([64500, 64503, 64502, 64501]);
    expect(order({ key: "name", descending: false })).toEqual([64500, 64501, 64503, 64502]);
    expect(order({ key: "roa", descending: true })).toEqual([64502, 64500, 64501, 64503]);
  });
  it("does not reorder its input", () => {
    sortNetworks(rows, { key: "asn", descending: true });
    expect(rows.map((n) => n.asn)).toEqual([64500, 64501, 64502, 64503]);
  });
  it("counts valid and invalid routes as covered by a ROA", () => {
    expect(roaCoverage({ announced: 4, valid: 2, invalid: 1, notFound: 1 })).toBe(0.75);
    expect(roaCoverage({ announced: 0, valid: 0, invalid: 0, notFound: 0 })).toBeNull();
  });
  it("pages rows, clamping the page to those there are", () => {
    const list = Array.from({ length: 53 }, (_, i) => i);
    expect(paginate(list, 0, 25)).toMatchObject({ page: 0, pages: 3, total: 53, first: 1, last: 25 });
    expect(paginate(list, 2, 25)).toMatchObject({ rows: [50, 51, 52], first: 51, last: 53 });
    expect(paginate(list, 9, 25).page).toBe(2);
    expect(paginate(list, -1, 25).page).toBe(0);
    expect(paginate([], 0, 25)).toEqual({ rows: [], page: 0, pages: 1, total: 0, first: 0, last: 0 });
  });
});
