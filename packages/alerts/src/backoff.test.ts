import { describe, expect, it } from "vitest";
import { nextAttemptAt } from "./backoff";

const queued = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(queued.getTime() + ms);

describe("nextAttemptAt", () => {
  it("backs off 1 min, 5 min, 30 min, 2 h, then 6 h", () => {
    expect(nextAttemptAt(1, queued, queued)).toEqual(at(60_000));
    expect(nextAttemptAt(2, queued, at(60_000))).toEqual(at(6 * 60_000));
    expect(nextAttemptAt(3, queued, at(0))).toEqual(at(30 * 60_000));
    expect(nextAttemptAt(4, queued, at(0))).toEqual(at(2 * 3_600_000));
    expect(nextAttemptAt(9, queued, at(0))).toEqual(at(6 * 3_600_000));
  });

  it("gives up when the next attempt would fall more than a day after queueing", () => {
    expect(nextAttemptAt(5, queued, at(17 * 3_600_000))).toEqual(at(23 * 3_600_000));
    expect(nextAttemptAt(6, queued, at(23 * 3_600_000))).toBeNull();
  });
});
