import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BEACON_SCRIPT } from "./script";

describe("beacon.js", () => {
  it("stays under 3 KB gzipped, without a dependency or a cookie", () => {
    expect(gzipSync(BEACON_SCRIPT, { level: 9 }).length).toBeLessThan(3 * 1024);
    expect(BEACON_SCRIPT).not.toMatch(/\bimport\b|\brequire\(|document\.cookie|localStorage/);
  });

  it("respects Do Not Track, Global Privacy Control and the embedding site's opt-out before running", () => {
    const auto = BEACON_SCRIPT.indexOf("requestIdleCallback");
    for (const check of [
      "doNotTrack",
      "globalPrivacyControl",
      'data-atalaya-beacon") === "off"',
      "atalayaBeaconOff",
    ])
      expect(BEACON_SCRIPT.indexOf(check), check).toBeGreaterThan(-1);
    expect(BEACON_SCRIPT.indexOf("globalPrivacyControl")).toBeLessThan(auto);
    // Sent without credentials: no cookie of the embedding site or of Atalaya goes along.
    expect(BEACON_SCRIPT.match(/credentials: "omit"/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
