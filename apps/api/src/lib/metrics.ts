/**
 * /metrics in Prometheus's text format (ATALAYA_METRICS_TOKEN; docs/operating-metrics.md lists
 * every metric). Each app has a registry of its own (tests build several apps in one process):
 *
 * - HTTP requests by method, route pattern (lib/route-pattern.ts) and status, counted as they end;
 * - ingest runs, read from ingest_runs at scrape time, so runs another process made (a cron'd
 *   `atalaya ingest`) count too: one grouped query, shared by the metrics that need it and given
 *   SCRAPE_QUERY_MS, so a busy database answers the scrape without them rather than hanging it;
 * - the outgoing-mail queue (ADR 0010) and the webhook deliveries by status, read at scrape time
 *   like the ingest runs;
 * - the database pool and the requests in flight, read from memory at scrape time;
 * - the process (prom-client's default metrics: CPU, memory, event loop, GC).
 *
 * Not yet measured, because it does not exist yet: beacon counts (issue 14) belong here.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import {
  type OutboxCounts,
  outboxCounts,
  type WebhookDeliveryCounts,
  webhookDeliveryCounts,
} from "@atalaya/alerts";
import { type Database, ingestQueries } from "@atalaya/db";
import type { Handler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RequestsInFlight } from "./request-deadline";

/** How long the scrape waits for the ingest figures before answering without them. */
const SCRAPE_QUERY_MS = 2000;

/** Seconds; from a cached response to the request time limit (15 s) and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

/** Outcomes of a finished run (ingest_runs.status); `running` runs are reported apart. */
const OUTCOMES = new Set(["succeeded", "unchanged", "failed"]);
/** A run whose data is published and current: what data age is measured from (dataset.ts). */
const GOOD = new Set(["succeeded", "unchanged"]);

type Totals = ingestQueries.RunTotals[];

export interface MetricsOptions {
  database: Database;
  inFlight: RequestsInFlight;
  /** How long the ingest figures may take (default SCRAPE_QUERY_MS). */
  scrapeQueryMs?: number;
}

export class AppMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<"method" | "route" | "status">;
  readonly #durations: Histogram<"method" | "route" | "status">;
  readonly #database: Database;
  readonly #scrapeQueryMs: number;
  readonly #ingest: BoundedRead<Totals>;
  readonly #outbox: BoundedRead<OutboxCounts>;
  readonly #webhooks: BoundedRead<WebhookDeliveryCounts>;

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    this.#database = options.database;
    this.#scrapeQueryMs = options.scrapeQueryMs ?? SCRAPE_QUERY_MS;
    this.#ingest = new BoundedRead(() => ingestQueries.runTotals(options.database), this.#scrapeQueryMs);
    this.#outbox = new BoundedRead(() => outboxCounts(options.database), this.#scrapeQueryMs);
    this.#webhooks = new BoundedRead(() => webhookDeliveryCounts(options.database), this.#scrapeQueryMs);
    collectDefaultMetrics({ register: this.registry });

    this.#requests = new Counter({
      name: "atalaya_http_requests_total",
      help: "HTTP requests answered, by method, route pattern (`unmatched`: no route) and status",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#durations = new Histogram({
      name: "atalaya_http_request_duration_seconds",
      help: "Time from a request's arrival to its response (headers; a streamed body may go on)",
      labelNames: ["method", "route", "status"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    new Gauge({
      name: "atalaya_http_requests_in_flight",
      help: "API requests being answered now (those under the request time limit: not health)",
      registers,
      collect() {
        this.set(options.inFlight.size);
      },
    });

    const { engine } = options.database;
    const stats = () => options.database.stats();
    new Gauge({
      name: "atalaya_db_connections_in_use",
      help: "Database connections taken by queries, transactions or reservations (PGlite: 1 while busy)",
      labelNames: ["engine"],
      registers,
      collect() {
        this.set({ engine }, stats().inUse);
      },
    });
    new Gauge({
      name: "atalaya_db_connections_max",
      help: "Database connections the pool may open (PGlite: its one session)",
      labelNames: ["engine"],
      registers,
      collect() {
        this.set({ engine }, stats().max);
      },
    });
    new Gauge({
      name: "atalaya_db_waiting",
      help: "Queries and transactions waiting for a database connection (PGlite: for its thread)",
      labelNames: ["engine"],
      registers,
      collect() {
        this.set({ engine }, stats().waiting);
      },
    });
    if (engine === "pglite") {
      new Gauge({
        name: "atalaya_pglite_busy_seconds",
        help: "How long the current statement or transaction has held the embedded database (0: idle)",
        registers,
        collect() {
          this.set((stats().busyMs ?? 0) / 1000);
        },
      });
      new Counter({
        name: "atalaya_pglite_restarts_total",
        help: "Restarts of the embedded database's thread (a cancelled statement, a crash)",
        registers,
        collect() {
          this.reset();
          this.inc(stats().restarts ?? 0);
        },
      });
    }

    // The ingest figures: each collect asks for the same read (one query per scrape).
    const read = () => this.#ingest.get();
    new Gauge({
      name: "atalaya_metrics_ingest_read_ok",
      help: `1 when this scrape read the ingest runs within ${this.#scrapeQueryMs} ms; 0: the atalaya_ingest_* and atalaya_data_age_seconds figures are missing from it`,
      registers,
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
    // Finished runs by source and outcome: how many, and the time they took.
    const finished = (name: string, help: string, amount: (t: ingestQueries.RunTotals) => number) =>
      new Counter({
        name,
        help,
        labelNames: ["source", "outcome"],
        registers,
        async collect() {
          const totals = await read();
          this.reset();
          for (const t of totals ?? []) {
            if (OUTCOMES.has(t.status)) this.inc({ source: t.source, outcome: t.status }, amount(t));
          }
        },
      });
    finished(
      "atalaya_ingest_runs_total",
      "Finished ingest runs by source and outcome (succeeded, unchanged, failed), from ingest_runs",
      (t) => t.runs,
    );
    finished(
      "atalaya_ingest_run_seconds_total",
      "Time finished ingest runs took, summed, by source and outcome (÷ runs_total: mean duration)",
      (t) => t.seconds,
    );
    new Gauge({
      name: "atalaya_ingest_runs_running",
      help: "Ingest runs of each source marked running now (any process)",
      labelNames: ["source"],
      registers,
      async collect() {
        const totals = await read();
        this.reset();
        for (const t of totals ?? []) if (t.status === "running") this.set({ source: t.source }, t.runs);
      },
    });
    new Gauge({
      name: "atalaya_ingest_running_seconds",
      help: "How long the oldest run still marked running of each source has run",
      labelNames: ["source"],
      registers,
      async collect() {
        const totals = await read();
        this.reset();
        for (const t of totals ?? []) {
          if (t.status === "running") this.set({ source: t.source }, t.since_started);
        }
      },
    });
    new Gauge({
      name: "atalaya_data_age_seconds",
      help: "Seconds since each source's last good (succeeded or unchanged) run finished; absent: never loaded",
      labelNames: ["source"],
      registers,
      async collect() {
        const totals = await read();
        this.reset();
        const ages = new Map<string, number>();
        for (const t of totals ?? []) {
          if (!GOOD.has(t.status) || t.since_finished === null) continue;
          ages.set(t.source, Math.min(ages.get(t.source) ?? Number.POSITIVE_INFINITY, t.since_finished));
        }
        for (const [source, age] of ages) this.set({ source }, Math.max(0, age));
      },
    });
    // The outgoing-mail queue (ADR 0010) and the webhook deliveries: rows by status, read like
    // the ingest figures.
    countsByStatus(
      "atalaya_outbox_messages",
      "Outgoing e-mail messages by status (queued, sending, not-configured, failed, sent); absent when the scrape could not read them in time",
      this.#outbox,
      registers,
    );
    countsByStatus(
      "atalaya_webhook_deliveries",
      "Webhook deliveries by status (queued, sending, delivered, failed); absent when the scrape could not read them in time",
      this.#webhooks,
      registers,
    );
    // Beacon counts go here when the beacon exists.
  }

  /** Counts one answered request (`route`: a pattern from routePattern, never a raw path). */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.#requests.inc(labels);
    this.#durations.observe(labels, seconds);
  }
}

/** A gauge of a queue's rows by status, read at scrape time (absent when the read times out). */
function countsByStatus<T extends { [status in keyof T]: number }>(
  name: string,
  help: string,
  read: BoundedRead<T>,
  registers: Registry[],
): void {
  new Gauge({
    name,
    help,
    labelNames: ["status"],
    registers,
    async collect() {
      const counts = await read.get();
      this.reset();
      for (const [status, n] of Object.entries<number>(counts ?? {})) this.set({ status }, n);
    },
  });
}

/**
 * A read the scrape waits for at most `ms`: null when the database did not answer in time or
 * failed. One read at a time: a scrape that arrives while an earlier read still waits (a database
 * busy with a publish) shares it instead of queueing another, and nothing is cancelled
 * (cancelling a running PGlite statement restarts its thread).
 */
class BoundedRead<T> {
  #reading: Promise<T> | null = null;
  constructor(
    private readonly read: () => Promise<T>,
    private readonly ms: number,
  ) {}

  async get(): Promise<T | null> {
    if (!this.#reading) {
      this.#reading = this.read().finally(() => {
        this.#reading = null;
      });
    }
    const reading = this.#reading;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.ms);
    });
    try {
      return await Promise.race([reading, late]);
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Compares without telling by its timing how much of the token was right, or its length. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * GET /metrics: 404 when no token is configured (as if there were no such path), 401 without the
 * right `Authorization: Bearer <token>`, else the registry's text. Never cached.
 */
export function metricsHandler(metrics: AppMetrics | null, token: string | null): Handler {
  return async (c) => {
    if (!metrics || !token) return c.text("404 Not Found", 404);
    c.header("Cache-Control", "no-store");
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!given || !sameToken(given, token)) {
      c.header("WWW-Authenticate", 'Bearer realm="atalaya-metrics"');
      return c.text("a valid bearer token is needed to read the metrics\n", 401);
    }
    c.header("Content-Type", metrics.registry.contentType);
    return c.body(await metrics.registry.metrics(), 200);
  };
}
