import { parseIpv4, parseIpv6 } from "@atalaya/net";
import { beforeEach, describe, expect, it } from "vitest";
import { type ClientAddress, clientAddress } from "./attribution";
import { DailyCounts } from "./counts";
import { BeaconTests, DEFAULT_BEACON_SETTINGS } from "./tests";

const SECRET = Buffer.from("a beacon secret of at least thirty-two characters");
const V4 = clientAddress("::ffff:192.0.2.7") as ClientAddress;
const V6 = clientAddress("2001:db8:1:2::7") as ClientAddress;
const T0 = Date.parse("2026-12-01T23:59:50Z");

/** The network behind each address: IPv4 in AS64496, IPv6 in AS64497 (a split-family client). */
const attribute = (client: ClientAddress) =>
  client.family === 4 ? { asn: 64496, cc: "UY" } : { asn: 64497, cc: "AR" };

describe("beacon tests", () => {
  let now = T0;
  let counts: DailyCounts;
  let tests: BeaconTests;
  /** The counts the next flush would write, read through a flush into a fake database. */
  const counted = () => {
    const rows: unknown[] = [];
    const fake = {
      db: {
        execute: async (query: { queryChunks: unknown[] }) => {
          const json = query.queryChunks.find((c) => typeof c === "string" && c.startsWith("[{"));
          rows.push(...JSON.parse(json as string));
        },
      },
    };
    return counts.flush(fake as never).then(() => rows);
  };
  const issue = (client: ClientAddress | null = V4) => {
    const issued = tests.issue(client);
    if (!("token" in issued)) throw new Error(issued.refused);
    return issued.token;
  };

  beforeEach(() => {
    now = T0;
    counts = new DailyCounts();
    tests = new BeaconTests(SECRET, attribute, counts, DEFAULT_BEACON_SETTINGS, () => now);
  });

  it("finishes a dual-stack client's test on its report: capable, preferring IPv6, counted on the day it began", async () => {
    const token = issue();
    expect(tests.arrive(token, "ipv4", V4)).toBe("ok");
    expect(tests.arrive(token, "ipv6", V6)).toBe("ok");
    expect(tests.arrive(token, "dual", V6)).toBe("ok");
    now += 20_000; // past midnight: the day is the test's start
    const outcome = tests.report(token, { ipv4: 41.6, ipv6: 38, dual: 39 });
    expect(outcome).toEqual({
      ipv4: true,
      ipv6: true,
      dualStack: true,
      preferred: "ipv6",
      broken: false,
      // By the IPv4 address, though it preferred IPv6: attribution does not follow the preference.
      asn: 64496,
      cc: "UY",
      ttfbMs: { ipv4: 42, ipv6: 38, dual: 39 },
      finished: true,
      counted: true,
    });
    expect(tests.outcome(token)).toEqual(outcome);
    const rows = (await counted()) as Array<Record<string, unknown>>;
    expect(rows).toMatchObject([
      { date: "2026-12-01", asn: 64496, cc: "UY", tests: 1, capable: 1, preferred: 1, broken: 0 },
    ]);
    // 42 ms falls in the 50 ms bucket (the fourth).
    expect(rows[0]?.ttfb_ipv4).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("counts an IPv4-only client as not capable, preferring IPv4, when its window ends without a report", async () => {
    const token = issue();
    tests.arrive(token, "ipv4", V4);
    tests.arrive(token, "dual", V4);
    tests.sweep();
    expect(tests.outcome(token)).toMatchObject({ ipv4: true, finished: false, counted: false });
    expect(await counted()).toEqual([]);
    now += DEFAULT_BEACON_SETTINGS.windowMs + 5_001;
    tests.sweep();
    expect(tests.outcome(token)).toMatchObject({
      ipv4: true,
      ipv6: false,
      preferred: "ipv4",
      broken: false,
      counted: true,
    });
    expect(await counted()).toMatchObject([{ asn: 64496, cc: "UY", tests: 1, capable: 0, preferred: 0 }]);
  });

  it("discards a client that fetched only one object", async () => {
    const token = issue();
    tests.arrive(token, "ipv4", V4);
    expect(tests.report(token, { ipv4: 30 })).toMatchObject({ counted: false });
    expect(await counted()).toEqual([]);
  });

  it("calls IPv4 working and dual-stack failing, or seconds slower, broken", async () => {
    const failed = issue();
    tests.arrive(failed, "ipv4", V4);
    tests.arrive(failed, "ipv6", V6);
    expect(tests.report(failed, { ipv4: 30, ipv6: 35 })).toMatchObject({
      broken: true,
      dualStack: false,
      counted: true,
    });
    const slow = issue();
    tests.arrive(slow, "ipv4", V4);
    tests.arrive(slow, "dual", V4);
    expect(tests.report(slow, { ipv4: 30, dual: 2_500 })).toMatchObject({ broken: true, preferred: "ipv4" });
    expect(await counted()).toMatchObject([{ tests: 2, broken: 2 }]);
  });

  it("refuses a replayed fetch or report, an unknown, forged or expired token", () => {
    const token = issue();
    expect(tests.arrive(token, "ipv4", V4)).toBe("ok");
    expect(tests.arrive(token, "ipv4", V4)).toBe("replayed");
    tests.arrive(token, "dual", V4);
    expect(tests.report(token, {})).toMatchObject({ counted: true });
    expect(tests.report(token, {})).toBe("replayed");
    expect(tests.arrive(token, "ipv6", V6)).toBe("replayed");

    const elsewhere = new BeaconTests(
      SECRET,
      attribute,
      new DailyCounts(),
      DEFAULT_BEACON_SETTINGS,
      () => now,
    );
    expect(elsewhere.arrive(token, "ipv6", V6)).toBe("unknown");
    const at = token.length - 5;
    const forged = `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
    expect(tests.arrive(forged, "ipv6", V6)).toBe("forged");

    const late = issue();
    now += DEFAULT_BEACON_SETTINGS.windowMs + 1;
    expect(tests.arrive(late, "ipv4", V4)).toBe("expired");
    now += DEFAULT_BEACON_SETTINGS.lifetimeMs;
    expect(tests.outcome(token)).toBe("expired");
  });

  it("ignores times to first byte for fetches that did not arrive, and impossible ones", () => {
    const token = issue();
    tests.arrive(token, "ipv4", V4);
    tests.arrive(token, "dual", V4);
    expect(tests.report(token, { ipv4: -1, ipv6: 12, dual: "9" })).toMatchObject({
      ttfbMs: { ipv4: null, ipv6: null, dual: null },
    });
  });

  it("limits tests per address per minute, an IPv6 /64 counting as one address", () => {
    for (let i = 0; i < DEFAULT_BEACON_SETTINGS.issuesPerMinute; i++) issue(V6);
    const sameSubnet = clientAddress("2001:db8:1:2:ffff::1") as ClientAddress;
    expect(tests.issue(sameSubnet)).toEqual({ refused: "rate-limited" });
    expect("token" in tests.issue(clientAddress("2001:db8:1:3::1"))).toBe(true);
    expect("token" in tests.issue(V4)).toBe(true);
    now += 60_000;
    expect("token" in tests.issue(sameSubnet)).toBe(true);
  });

  it("holds a bounded number of tests", () => {
    const small = new BeaconTests(
      SECRET,
      attribute,
      counts,
      { ...DEFAULT_BEACON_SETTINGS, maxTests: 2, issuesPerMinute: 10 },
      () => now,
    );
    small.issue(V4);
    small.issue(V4);
    expect(small.issue(V4)).toEqual({ refused: "busy" });
    now += DEFAULT_BEACON_SETTINGS.lifetimeMs + 1;
    expect("token" in small.issue(V4)).toBe(true);
    expect(small.size).toBe(1);
  });

  it("reads a socket's address, IPv4-mapped or not", () => {
    expect(clientAddress("::ffff:192.0.2.7")).toEqual({ family: 4, address: parseIpv4("192.0.2.7") });
    expect(clientAddress("192.0.2.7")).toEqual({ family: 4, address: parseIpv4("192.0.2.7") });
    expect(clientAddress("::1")).toEqual({ family: 6, address: 1n });
    expect(clientAddress("fe80::1%eth0")).toEqual({ family: 6, address: parseIpv6("fe80::1") });
    expect(clientAddress(undefined)).toBeNull();
    expect(clientAddress("not an address")).toBeNull();
  });
});
