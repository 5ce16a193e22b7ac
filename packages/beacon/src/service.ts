/**
 * The beacon as a serving process runs it: tests in flight, the day's counts flushed to the
 * database every few seconds, and the attribution tables reloaded when new routes or registry
 * data are published. Tests live in this process's memory, so the three beacon host names of a
 * deployment with several processes must reach the same one (or a process of their own).
 */
import type { BeaconHosts, Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { Attributor, type ClientAddress } from "./attribution";
import { DailyCounts } from "./counts";
import { type BeaconSettings, BeaconTests, DEFAULT_BEACON_SETTINGS, type FetchKind } from "./tests";
import { beaconSecret } from "./token";

const FLUSH_MS = 2_000;
const SWEEP_MS = 1_000;
/** How often the routes' and registry's publish is checked for a reload of the attribution. */
const ATTRIBUTION_CHECK_MS = 60_000;

export class BeaconService {
  readonly counts = new DailyCounts();
  readonly tests: BeaconTests;
  #attributor: Attributor | null = null;
  #attributionVersion: string | null = null;
  #loading: Promise<void> | null = null;
  #timers: NodeJS.Timeout[] = [];
  #flushing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: Database,
    readonly hosts: BeaconHosts,
    secret: string | null,
    private readonly log: Logger,
    settings: BeaconSettings = DEFAULT_BEACON_SETTINGS,
    clock: () => number = Date.now,
  ) {
    this.tests = new BeaconTests(
      beaconSecret(secret),
      (client) => this.#attributor?.attribute(client) ?? null,
      this.counts,
      settings,
      clock,
    );
  }

  /** Starts the timers and the first load of the attribution tables (awaitable: `ready()`). */
  start(): this {
    void this.refreshAttribution();
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(SWEEP_MS, () => this.tests.sweep());
    every(FLUSH_MS, () => void this.flush());
    every(ATTRIBUTION_CHECK_MS, () => void this.refreshAttribution());
    return this;
  }

  /** Resolves once the attribution tables have been read at least once (or the read failed). */
  async ready(): Promise<void> {
    await (this.#loading ?? this.refreshAttribution());
  }

  /** The URL of one fetch of a test: `<origin>/beacon/t/<kind>/<token>`. */
  fetchUrl(kind: FetchKind, token: string, scheme: "http" | "https"): string {
    const host = this.hosts[kind];
    const origin = /^https?:\/\//.test(host) ? host : `${scheme}://${host}`;
    return `${origin}/beacon/t/${kind}/${token}`;
  }

  /** Finishes what is due and writes the counts; one flush at a time. */
  flush(): Promise<unknown> {
    this.#flushing = this.#flushing
      .then(() => this.counts.flush(this.database))
      .catch((error: Error) =>
        this.log.warn("beacon counts could not be written; kept for the next flush", {
          error: error.message,
        }),
      );
    return this.#flushing;
  }

  /** Finishes every test in its window's grace, then writes what is counted: for shutdown and tests. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.flush();
  }

  /** Reloads the attribution tables when routes or registry data were published since the last load. */
  refreshAttribution(): Promise<void> {
    if (this.#loading) return this.#loading;
    this.#loading = (async () => {
      try {
        const [row] = await this.database.rows<{ version: string | null }>(sql`
          select max(id)::text as version from ingest_runs
          where source in ('pfx2as', 'mrt', 'delegated') and status = 'succeeded'`);
        const version = row?.version ?? "none";
        if (version === this.#attributionVersion) return;
        const started = performance.now();
        this.#attributor = await Attributor.load(this.database);
        this.#attributionVersion = version;
        this.log.info("beacon attribution loaded", { ms: Math.round(performance.now() - started) });
      } catch (error) {
        this.log.warn("beacon attribution could not be loaded; tests count as unrouted meanwhile", {
          error: (error as Error).message,
        });
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  attribute(client: ClientAddress) {
    return this.#attributor?.attribute(client) ?? null;
  }
}
