import { describe, expect, it } from "vitest";
import { rollingShare } from "./rolling-share";

describe("rollingShare", () => {
  it("pools counts over the trailing window rather than averaging daily shares", () => {
    const points = rollingShare(
      [
        { date: "2026-10-01", samples: 100, preferred: 50 },
        { date: "2026-10-02", samples: 900, preferred: 90 },
        { date: "2026-10-03", samples: 0, preferred: 0 },
        { date: "2026-10-05", samples: 1000, preferred: 300 },
      ],
      3,
    );
    expect(points.map((p) => p.share)).toEqual([0.5, 0.1, null, 0.3]);
    // Oct 2: (50 + 90) / 1000, not the mean of 50% and 10%.
    expect(points[1]?.pooled).toBeCloseTo(0.14, 10);
    // Oct 5: the window is Oct 3–5, so only Oct 5 counts.
    expect(points[3]?.pooled).toBeCloseTo(0.3, 10);
    const band = points[3]?.band as [number, number];
    expect(band[0]).toBeLessThan(0.3);
    expect(band[1]).toBeGreaterThan(0.3);
    expect(band[1] - band[0]).toBeCloseTo(0.0569, 3); // Wilson 95% at n = 1000, p = 0.3
  });

  it("has no pooled value before the first sample", () => {
    const points = rollingShare([{ date: "2026-10-01", samples: 0, preferred: 0 }]);
    expect(points[0]).toEqual({ date: "2026-10-01", share: null, samples: 0, pooled: null, band: null });
  });
});
