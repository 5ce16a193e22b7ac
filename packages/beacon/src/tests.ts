/**
 * Beacon tests in flight, in memory only. A test is issued a token; the browser then fetches one
 * tiny object from each of three host names (IPv4-only, IPv6-only, dual-stack), each fetch
 * carrying the token, and reports its times to first byte. What each fetch proves is the address
 * family of the connection it arrived on; the address itself is attributed to (ASN, economy) on
 * arrival and dropped.
 *
 * A test counts once it is finished (reported, or its window over: what has not arrived by then
 * timed out) and at least two of its fetches arrived: a client that fetches one object is not
 * running the test. Each fetch and the report are accepted once per token (a replay is refused).
 * A finished test's outcome stays readable with its token until the token's lifetime ends.
 */
import { type Attribution, type ClientAddress, UNKNOWN_ECONOMY, UNROUTED } from "./attribution";
import type { DailyCounts } from "./counts";
import { checkToken, issueToken } from "./token";

export const FETCH_KINDS = ["ipv4", "ipv6", "dual"] as const;
export type FetchKind = (typeof FETCH_KINDS)[number];

export interface BeaconSettings {
  /** How long the three fetches have, from the token's issue. */
  windowMs: number;
  /** How long a token (and its outcome) lives; longer than the window. */
  lifetimeMs: number;
  /** Tests one address (an IPv6 /64) may start per minute. */
  issuesPerMinute: number;
  /** Tests held at once; past it new ones are refused (memory is bounded whatever the load). */
  maxTests: number;
  /** A dual-stack fetch this much slower than IPv4's, where IPv4 worked, is "broken" (a fallback). */
  brokenDelayMs: number;
}

export const DEFAULT_BEACON_SETTINGS: BeaconSettings = {
  windowMs: 15_000,
  lifetimeMs: 120_000,
  issuesPerMinute: 30,
  maxTests: 200_000,
  brokenDelayMs: 2_000,
};

/** A report after the window still finishes the test, within this much (the page's own timer, the network). */
const REPORT_GRACE_MS = 5_000;
/** What a page reports as a time to first byte beyond this is not one. */
const MAX_TTFB_MS = 60_000;

interface Arrival {
  family: 4 | 6;
  attribution: Attribution;
}

interface Test {
  issuedAt: number;
  arrivals: Partial<Record<FetchKind, Arrival>>;
  ttfb: Record<FetchKind, number | null>;
  reported: boolean;
  outcome: Outcome | null;
}

export interface Outcome {
  /** The IPv4-only fetch arrived over IPv4. */
  ipv4: boolean;
  /** The IPv6-only fetch arrived over IPv6. */
  ipv6: boolean;
  /** The dual-stack fetch arrived (over either family). */
  dualStack: boolean;
  /** The family the dual-stack fetch came over; null when it did not arrive. */
  preferred: "ipv4" | "ipv6" | null;
  /** IPv4 worked and the dual-stack fetch failed, or came `brokenDelayMs` after IPv4's. */
  broken: boolean;
  /** The client's network: by the IPv4 fetch's address, else the IPv6 one's (an IPv6-only client), else dual-stack's. */
  asn: number | null;
  cc: string | null;
  ttfbMs: Record<FetchKind, number | null>;
  /** The report came or the window is over: nothing more will arrive. */
  finished: boolean;
  /** Finished with at least two fetches arrived: the test is in the day's counts. */
  counted: boolean;
}

export type TokenRefusal = "malformed" | "forged" | "expired" | "unknown" | "replayed";

export class BeaconTests {
  readonly #tests = new Map<string, Test>();
  #issues = new Map<string, number>();
  #issueMinute = 0;

  constructor(
    private readonly secret: Buffer,
    /** The current attribution (null while the route table loads: arrivals count as unrouted). */
    private readonly attribute: (client: ClientAddress) => Attribution | null,
    private readonly counts: DailyCounts,
    private readonly settings: BeaconSettings = DEFAULT_BEACON_SETTINGS,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#tests.size;
  }

  /** A new test for a client, or why not. The address only keys this minute's counter, in memory. */
  issue(
    client: ClientAddress | null,
  ): { token: string; windowMs: number } | { refused: "rate-limited" | "busy" } {
    const now = this.clock();
    const minute = Math.floor(now / 60_000);
    if (minute !== this.#issueMinute) {
      this.#issues = new Map();
      this.#issueMinute = minute;
    }
    const key = client ? rateKey(client) : "unknown";
    const issued = this.#issues.get(key) ?? 0;
    if (issued >= this.settings.issuesPerMinute) return { refused: "rate-limited" };
    if (this.#tests.size >= this.settings.maxTests) {
      this.sweep();
      if (this.#tests.size >= this.settings.maxTests) return { refused: "busy" };
    }
    this.#issues.set(key, issued + 1);
    const { token, claims } = issueToken(this.secret, now);
    this.#tests.set(claims.id, {
      issuedAt: now,
      arrivals: {},
      ttfb: { ipv4: null, ipv6: null, dual: null },
      reported: false,
      outcome: null,
    });
    return { token, windowMs: this.settings.windowMs };
  }

  /** One of the three fetches, on a connection from `client`. */
  arrive(token: string, kind: FetchKind, client: ClientAddress | null): "ok" | TokenRefusal {
    const found = this.#find(token);
    if (typeof found === "string") return found;
    const { test } = found;
    if (test.outcome || test.arrivals[kind]) return "replayed";
    if (this.clock() - test.issuedAt > this.settings.windowMs) return "expired";
    const attribution = (client && this.attribute(client)) ?? { asn: UNROUTED, cc: UNKNOWN_ECONOMY };
    test.arrivals[kind] = { family: client?.family ?? 4, attribution };
    return "ok";
  }

  /** The page's report of its times to first byte (ms): finishes the test. */
  report(token: string, ttfb: Partial<Record<FetchKind, unknown>>): Outcome | TokenRefusal {
    const found = this.#find(token);
    if (typeof found === "string") return found;
    const { id, test } = found;
    if (test.reported || test.outcome) return "replayed";
    if (this.clock() - test.issuedAt > this.settings.windowMs + REPORT_GRACE_MS) return "expired";
    test.reported = true;
    for (const kind of FETCH_KINDS) {
      const ms = ttfb[kind];
      // A time only for a fetch that arrived: the page cannot have measured one that did not.
      test.ttfb[kind] =
        test.arrivals[kind] && typeof ms === "number" && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TTFB_MS
          ? Math.round(ms)
          : null;
    }
    return this.#finish(id, test);
  }

  /** A test's outcome so far (finished or not), readable with its token for the token's lifetime. */
  outcome(token: string): Outcome | TokenRefusal {
    const found = this.#find(token);
    if (typeof found === "string") return found;
    return found.test.outcome ?? this.#evaluate(found.test);
  }

  /** Finishes tests whose window (and report grace) is over; forgets those past their lifetime. */
  sweep(): void {
    const now = this.clock();
    for (const [id, test] of this.#tests) {
      const age = now - test.issuedAt;
      if (age > this.settings.lifetimeMs) this.#tests.delete(id);
      else if (!test.outcome && age > this.settings.windowMs + REPORT_GRACE_MS) this.#finish(id, test);
    }
  }

  #find(token: string): { id: string; test: Test } | TokenRefusal {
    const checked = checkToken(this.secret, token, this.clock(), this.settings.lifetimeMs);
    if (!checked.ok) return checked.reason;
    const test = this.#tests.get(checked.claims.id);
    // Signed by this secret but not held here: issued before a restart, or by another process.
    if (!test) return "unknown";
    return { id: checked.claims.id, test };
  }

  #evaluate(test: Test): Outcome {
    const { ipv4, ipv6, dual } = test.arrivals;
    // One family's address for every test, whatever it preferred: were the dual-stack fetch's
    // used, a provider whose IPv4 and IPv6 blocks are registered in two economies would show
    // every IPv6-preferring test in one and every other in the other.
    const where = ipv4 ?? ipv6 ?? dual;
    const dualStack = dual !== undefined;
    const ipv4Worked = ipv4?.family === 4;
    const slowDual =
      test.ttfb.dual !== null &&
      test.ttfb.ipv4 !== null &&
      test.ttfb.dual - test.ttfb.ipv4 > this.settings.brokenDelayMs;
    return {
      ipv4: ipv4Worked,
      ipv6: ipv6?.family === 6,
      dualStack,
      preferred: dual ? (dual.family === 6 ? "ipv6" : "ipv4") : null,
      broken: ipv4Worked && (!dualStack || slowDual),
      asn: where ? where.attribution.asn : null,
      cc: where ? where.attribution.cc : null,
      ttfbMs: { ...test.ttfb },
      finished: false,
      counted: false,
    };
  }

  #finish(id: string, test: Test): Outcome {
    const outcome = {
      ...this.#evaluate(test),
      finished: true,
      counted: Object.keys(test.arrivals).length >= 2,
    };
    test.outcome = outcome;
    if (outcome.counted)
      this.counts.add({
        date: new Date(test.issuedAt).toISOString().slice(0, 10),
        asn: outcome.asn ?? UNROUTED,
        cc: outcome.cc ?? UNKNOWN_ECONOMY,
        capable: outcome.ipv6,
        preferred: outcome.preferred === "ipv6",
        broken: outcome.broken,
        ttfb: { ipv4: test.ttfb.ipv4, ipv6: test.ttfb.ipv6, dual: test.ttfb.dual },
      });
    // Kept until its lifetime ends, for the page to read; the map holds no address.
    this.#tests.set(id, test);
    return outcome;
  }
}

/** The per-minute counter's key: an IPv4 address, or an IPv6 /64 (one subscriber's). */
function rateKey(client: ClientAddress): string {
  return client.family === 4 ? `4:${client.address}` : `6:${(BigInt(client.address) >> 64n).toString(16)}`;
}
