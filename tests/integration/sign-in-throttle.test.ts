/** The sign-in throttle kept in the database (docs/adr/0009), on both engines, with a moved clock. */
import { SignInThrottle } from "@atalaya/accounts";
import type { Database } from "@atalaya/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";

describe.each(targets)("sign-in throttle on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let clock = Date.parse("2026-12-01T12:00:00Z");
  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it("admits `limit` attempts per key in the window, then says how long to wait", async () => {
    const throttle = new SignInThrottle(database, { limit: 3, windowMs: 60_000, now: () => clock });
    const keys = ["email:a@example.org", "ip:192.0.2.1"];
    for (let i = 0; i < 3; i++) {
      expect(await throttle.attempt(keys)).toBe(0);
      clock += 10_000;
    }
    // The first failure (at +0 s) leaves the window at +60 s; it is now +30 s.
    expect(await throttle.attempt(keys)).toBe(30);
    // A refusal writes nothing: the wait does not grow with further tries.
    clock += 20_000;
    expect(await throttle.attempt(keys)).toBe(10);
    // Only the full keys are refused: the same address may try another account.
    const other = new SignInThrottle(database, { limit: 3, windowMs: 60_000, now: () => clock });
    expect(await other.attempt(["email:b@example.org", "ip:192.0.2.2"])).toBe(0);
    clock += 10_000;
    expect(await throttle.attempt(keys)).toBe(0);
  });

  it("forgets a key's failures when its sign-in succeeds", async () => {
    const throttle = new SignInThrottle(database, { limit: 2, windowMs: 60_000, now: () => clock });
    const keys = ["email:c@example.org", "ip:192.0.2.3"];
    expect(await throttle.attempt(keys)).toBe(0);
    await throttle.succeed(keys);
    expect(await throttle.attempt(keys)).toBe(0);
    expect(await throttle.attempt(keys)).toBe(0);
    expect(await throttle.attempt(keys)).toBeGreaterThan(0);
  });

  it("holds under concurrent attempts from throttles that share nothing but the database", async () => {
    const throttles = [0, 1, 2].map(
      () => new SignInThrottle(database, { limit: 4, windowMs: 60_000, now: () => clock }),
    );
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (throttles[i % 3] as SignInThrottle).attempt(["email:d@example.org"]),
      ),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(4);
  });
});
