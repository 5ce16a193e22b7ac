import { describe, expect, it } from "vitest";
import { cachePolicy, matchesEtag, ResponseCache } from "./http-cache";

describe("cachePolicy", () => {
  it("caches public data by data version, results by release, and nothing signed-in", () => {
    for (const path of [
      "/api/v1/countries",
      "/api/v1/countries/BR",
      "/api/v1/countries/BR/networks",
      "/api/v1/region",
      "/api/v1/region/trend",
      "/api/v1/context/google",
      "/api/v1/awards/jim-bound",
      "/api/v1/asns/AS64496",
      "/api/v1/asns/AS64496/routes",
      "/api/v1/organisations/lacnic:900001",
      "/api/v1/search",
      "/api/v1/validity/AS64496/2001:db8::/32",
    ])
      expect(cachePolicy("GET", path), path).toBe("data");
    for (const path of [
      "/api/v1/results",
      "/api/v1/results/jim-bound/1",
      "/api/v1/awards/cycles",
      "/api/v1/sources",
      "/api/v1/organisations/lacnic:900001/reports/2026-10",
      "/api/v1/organisations/lacnic:900001/reports/2026-10.pdf",
    ])
      expect(cachePolicy("GET", path), path).toBe("release");
    for (const path of [
      "/api/health",
      "/api/v1/auth/session",
      "/api/v1/admin/users",
      "/api/v1/challenge/cycles",
      "/api/v1/review/entries/1/scores",
      "/api/v1/committee/jim-bound/cycles/1/nominations",
      "/api/v1/asns/AS64496/self-reported",
      "/api/v1/something-new",
    ])
      expect(cachePolicy("GET", path), path).toBe("private");
    expect(cachePolicy("POST", "/api/v1/countries")).toBe("private");
    expect(cachePolicy("GET", "/api/openapi.json")).toBe("own");
  });
});

describe("matchesEtag", () => {
  it("compares weakly and accepts lists", () => {
    expect(matchesEtag('W/"a"', 'W/"a"')).toBe(true);
    expect(matchesEtag('"a"', 'W/"a"')).toBe(true);
    expect(matchesEtag('"b", W/"a"', 'W/"a"')).toBe(true);
    expect(matchesEtag('"b"', 'W/"a"')).toBe(false);
    expect(matchesEtag(undefined, 'W/"a"')).toBe(false);
  });
});

describe("ResponseCache", () => {
  const entry = (bytes: number) => ({
    gzipped: new Uint8Array(bytes),
    contentType: "application/json",
    disposition: null,
  });

  it("drops the least recently used beyond its budget, and everything on a new version", () => {
    const cache = new ResponseCache(1600);
    cache.set("1.1", "a", entry(100));
    cache.set("1.1", "b", entry(100));
    expect(cache.get("1.1", "a")).toBeDefined(); // a is now the most recently used
    for (let i = 0; i < 15; i++) cache.set("1.1", `x${i}`, entry(100));
    expect(cache.bytes).toBeLessThanOrEqual(1600);
    expect(cache.get("1.1", "a")).toBeDefined();
    expect(cache.get("1.1", "b")).toBeUndefined();
    expect(cache.get("1.2", "a")).toBeUndefined();
    cache.set("1.2", "c", entry(100));
    expect(cache.bytes).toBe(100);
    expect(cache.get("1.2", "a")).toBeUndefined();
    cache.set("1.2", "huge", entry(1000)); // over a sixteenth of the budget: not kept
    expect(cache.get("1.2", "huge")).toBeUndefined();
  });
});
