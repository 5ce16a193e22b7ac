import { describe, expect, it } from "vitest";
import type { Board, NetworkRow, OrganisationRow } from "./board";
import { normalise, search } from "./search";

const evaluation = (samples: number) => ({
  state: "below" as const,
  share: samples > 0 ? 0.1 : null,
  lo: null,
  hi: null,
  samples,
  days: 30,
  window: { start: "2026-10-02", end: "2026-10-31", days: 30 },
  reason: null,
  economies: [],
  otherSources: [],
  sourcesDisagree: false,
  rankInCountry: null,
  rankInRegion: null,
});
const network = (asn: number, name: string, organisationId: string | null, samples = 0): NetworkRow => ({
  asn,
  name,
  cc: "AR",
  organisationId,
  ...evaluation(samples),
});
const organisation = (id: string, name: string, asns: number[]): OrganisationRow => ({
  id,
  name,
  cc: "AR",
  asns,
  ...evaluation(0),
});

const board = {
  params: {} as Board["params"],
  method: "jim-bound/2",
  networks: [
    network(64496, "Redes Andina - backbone", "lacnic:1", 10),
    network(64497, "Redes Andina - mobile", "lacnic:1", 500),
    network(64500, "Telecom Maracujá", "lacnic:2"),
    network(6449, "Short Number Net", null),
  ],
  providers: [
    organisation("lacnic:1", "Redes Andina", [64496, 64497]),
    organisation("lacnic:2", "Telecom Maracujá", [64500]),
  ],
} satisfies Board;
const countries = [
  { cc: "AR", name: "Argentina", subRegionName: "South America" },
  { cc: "BO", name: "Bolivia", subRegionName: "South America" },
];
const keys = (q: string, limit = 10) =>
  search(board, countries, q, limit).results.map((r) =>
    r.kind === "asn" ? `AS${r.asn}` : r.kind === "organisation" ? r.id : r.cc,
  );

describe("search", () => {
  it("normalises case, accents and spaces", () => {
    expect(normalise("  Telecom   MARACUJÁ ")).toBe("telecom maracuja");
  });

  it("finds an AS number however it is written, exact before first digits", () => {
    for (const q of ["AS6449", "as6449", "6449", "AS 6449"]) expect(keys(q)[0], q).toBe("AS6449");
    expect(keys("6449")).toEqual(["AS6449", "AS64497", "AS64496"]);
  });

  it("ranks the organisation before its networks, bigger networks first", () => {
    expect(keys("andina")).toEqual(["lacnic:1", "AS64497", "AS64496"]);
    expect(keys("redes andina")[0]).toBe("lacnic:1");
  });

  it("does not repeat a one-network holder named like its network", () => {
    expect(keys("maracuja")).toEqual(["AS64500"]);
    expect(keys("lacnic:2")).toEqual(["lacnic:2"]);
  });

  it("finds economies by code and name, and honours the limit", () => {
    expect(keys("bo")[0]).toBe("BO");
    expect(keys("argen")).toEqual(["AR"]);
    const limited = search(board, countries, "a", 2);
    expect(limited.results).toHaveLength(2);
    expect(limited.more).toBe(true);
    expect(keys("nothing at all")).toEqual([]);
  });

  it("finds economies by their Spanish and Portuguese names too", () => {
    const more = [...countries, { cc: "BR", name: "Brazil", subRegionName: "South America" }];
    const find = (q: string) =>
      search(board, more, q, 5).results.map((r) => (r.kind === "country" ? r.cc : "?"));
    expect(find("Brasil")).toEqual(["BR"]);
    expect(find("brasil")).toEqual(["BR"]);
    expect(find("Bolívia")[0]).toBe("BO");
  });
});
