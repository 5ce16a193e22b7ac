/**
 * /metrics on each engine: who may read it, route patterns as labels (never raw paths), ingest
 * runs read from the table at scrape time (runs made elsewhere count), data age, the pool, and a
 * scrape that answers while the database is busy. Then once over HTTP from `atalaya start`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { enqueueMessage } from "@atalaya/alerts";
import { createApp } from "@atalaya/api";
import { createLogger, silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { asNamesSource, runIngest } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppProcess } from "../helpers/app-process";
import { holdTransaction, targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

const TOKEN = "test-metrics-token-0123456789";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] as string] = l[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

function pick(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = pick(samples, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe.each(targets)("metrics on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const logged: string[] = [];

  async function scrape(): Promise<Sample[]> {
    const res = await app.request("/metrics", bearer(TOKEN));
    // A 500's cause is in the app's log: shown with the failure.
    expect(
      res.status,
      logged
        .filter((l) => l.includes('"error"'))
        .slice(-3)
        .join("\n"),
    ).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    return parseMetrics(await res.text());
  }

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    const dir = tempDir();
    const names = path.join(dir, "asn.txt");
    writeFileSync(names, "AS64496 EXAMPLE-AS - Example Networks, BR\nAS64497 OTHER-AS - Other, AR\n");
    // One succeeded run, then an unchanged one (same file), through the real ingest.
    expect((await runIngest(asNamesSource, { file: names }, testContext(database))).status).toBe("succeeded");
    expect((await runIngest(asNamesSource, { file: names }, testContext(database))).status).toBe("unchanged");
    // A failed run of 90 s and one still running, as other processes leave them.
    await database.rows(sql`
      insert into ingest_runs (source, location, status, started_at, finished_at, error) values
        ('vrps', 'https://example.org/vrps.json', 'failed', now() - interval '300 seconds',
         now() - interval '210 seconds', 'refused'),
        ('vrps', 'https://example.org/vrps.json', 'running', now() - interval '40 seconds', null, null)`);
    app = createApp({
      database,
      log: createLogger("info", (line) => logged.push(line), "json"),
      metricsToken: TOKEN,
    });
  });
  afterAll(async () => dispose?.());

  it("is absent without a configured token, and refuses a missing or wrong one", async () => {
    const unconfigured = createApp({ database, log: silentLogger });
    expect((await unconfigured.request("/metrics")).status).toBe(404);
    expect((await unconfigured.request("/metrics", bearer(TOKEN))).status).toBe(404);
    for (const init of [{}, bearer("wrong"), bearer(`${TOKEN}x`), { headers: { authorization: TOKEN } }]) {
      const res = await app.request("/metrics", init);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("atalaya_");
    }
    const scraped = await app.request("/metrics", bearer(TOKEN));
    expect(
      scraped.status,
      logged
        .filter((l) => l.includes('"error"'))
        .slice(-3)
        .join("\n"),
    ).toBe(200);
  });

  it("counts requests by method, route pattern and status, never by raw path", async () => {
    const before = await scrape();
    const asn = { method: "GET", route: "/api/v1/asns/:asn" };
    const countBefore = (labels: Record<string, string>) =>
      pick(before, "atalaya_http_requests_total", labels).reduce((n, s) => n + s.value, 0);
    const asnBefore = countBefore(asn);
    const unmatchedBefore = countBefore({ route: "unmatched", status: "404" });

    expect((await app.request("/api/v1/asns/AS64496")).status).toBeLessThan(500);
    expect((await app.request("/api/v1/asns/64497")).status).toBeLessThan(500);
    expect((await app.request("/api/v1/countries/BR/trend?days=30")).status).toBe(200);
    expect((await app.request("/api/v1/search?q=secret-in-query")).status).toBe(200);
    expect((await app.request("/api/v1/no-such-thing/AS64496")).status).toBe(404);
    expect((await app.request("/nowhere/at-all")).status).toBe(404);
    expect((await app.request("/api/v1/countries", { method: "DELETE" })).status).toBe(404);

    const after = await scrape();
    const count = (labels: Record<string, string>) =>
      pick(after, "atalaya_http_requests_total", labels).reduce((n, s) => n + s.value, 0);
    expect(count(asn) - asnBefore).toBe(2);
    // A pattern of a sub-app mounted twice under one prefix, with its own parameter.
    expect(count({ method: "GET", route: "/api/v1/countries/:cc/trend", status: "200" })).toBe(1);
    expect(count({ route: "/api/v1/search", status: "200" })).toBe(1);
    expect(count({ route: "unmatched", status: "404" }) - unmatchedBefore).toBe(3);
    // The histogram counts the same requests.
    expect(
      pick(after, "atalaya_http_request_duration_seconds_count", asn).reduce((n, s) => n + s.value, 0) -
        pick(before, "atalaya_http_request_duration_seconds_count", asn).reduce((n, s) => n + s.value, 0),
    ).toBe(2);
    expect(
      pick(after, "atalaya_http_request_duration_seconds_bucket", { ...asn, le: "+Inf" }).length,
    ).toBeGreaterThan(0);
    const routes = new Set(pick(after, "atalaya_http_requests_total").map((s) => s.labels.route));
    for (const route of routes) {
      expect(route === "unmatched" || route === "/metrics" || route?.startsWith("/api/"), route).toBe(true);
      expect(route).not.toMatch(/AS64496|64497|BR|secret|nowhere|no-such-thing|\?/);
    }
    // The request log line names the same pattern, as JSON, with no query string.
    const line = logged
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.path === "/api/v1/countries/BR/trend");
    expect(line).toMatchObject({
      msg: "request",
      method: "GET",
      route: "/api/v1/countries/:cc/trend",
      status: 200,
    });
    expect(logged.join("")).not.toContain("secret-in-query");
  });

  it("reports ingest runs by source and outcome, with durations, running runs and data age", async () => {
    const samples = await scrape();
    expect(value(samples, "atalaya_metrics_ingest_read_ok")).toBe(1);
    const runs = (source: string, outcome: string) =>
      value(samples, "atalaya_ingest_runs_total", { source, outcome });
    expect(runs("asnames", "succeeded")).toBe(1);
    expect(runs("asnames", "unchanged")).toBe(1);
    expect(runs("vrps", "failed")).toBe(1);
    expect(runs("asnames", "failed")).toBeUndefined();
    expect(pick(samples, "atalaya_ingest_runs_total", { outcome: "running" })).toEqual([]);
    expect(
      value(samples, "atalaya_ingest_run_seconds_total", { source: "vrps", outcome: "failed" }),
    ).toBeCloseTo(90, 3);
    expect(
      value(samples, "atalaya_ingest_run_seconds_total", { source: "asnames", outcome: "succeeded" }),
    ).toBeLessThan(60);
    expect(value(samples, "atalaya_ingest_runs_running", { source: "vrps" })).toBe(1);
    expect(value(samples, "atalaya_ingest_running_seconds", { source: "vrps" })).toBeGreaterThanOrEqual(40);
    // Data age: since the last good run (the unchanged one) finished; a failed run is not good.
    const age = value(samples, "atalaya_data_age_seconds", { source: "asnames" }) as number;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(120);
    expect(value(samples, "atalaya_data_age_seconds", { source: "vrps" })).toBeUndefined();
    expect(value(samples, "atalaya_data_age_seconds", { source: "delegated" })).toBeUndefined();

    // A run another process finished counts at the next scrape: the figures come from the table.
    await database.rows(sql`
      insert into ingest_runs (source, location, status, started_at, finished_at) values
        ('vrps', 'https://example.org/vrps.json', 'succeeded', now() - interval '700 seconds',
         now() - interval '600 seconds')`);
    const next = await scrape();
    expect(value(next, "atalaya_ingest_runs_total", { source: "vrps", outcome: "succeeded" })).toBe(1);
    const vrpsAge = value(next, "atalaya_data_age_seconds", { source: "vrps" }) as number;
    expect(vrpsAge).toBeGreaterThanOrEqual(600);
    expect(vrpsAge).toBeLessThan(700);
  });

  it("never counts a run that finished before it started as negative time", async () => {
    // Rows written before runs finished by the database's clock: the process's Date is cut to
    // milliseconds, so an unchanged run could end "before" its start. A counter cannot decrease.
    await database.rows(sql`
      insert into ingest_runs (source, location, status, started_at, finished_at) values
        ('roas', '/tmp/roas.csv', 'unchanged', now(), now() - interval '0.4 milliseconds')`);
    const samples = await scrape();
    expect(value(samples, "atalaya_ingest_runs_total", { source: "roas", outcome: "unchanged" })).toBe(1);
    expect(value(samples, "atalaya_ingest_run_seconds_total", { source: "roas", outcome: "unchanged" })).toBe(
      0,
    );
    // Runs are finished by the same clock that started them.
    const [backwards] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from ingest_runs where source <> 'roas' and finished_at < started_at`,
    );
    expect(backwards?.n).toBe(0);
  });

  it("reports the pool, requests in flight and the process", async () => {
    const samples = await scrape();
    const engine = { engine: target.name };
    expect(value(samples, "atalaya_db_connections_max", engine)).toBe(target.name === "pglite" ? 1 : 4);
    expect(value(samples, "atalaya_db_connections_in_use", engine)).toBe(0);
    expect(value(samples, "atalaya_db_waiting", engine)).toBe(0);
    expect(value(samples, "atalaya_http_requests_in_flight")).toBe(0);
    expect(value(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(value(samples, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    if (target.name === "pglite") {
      expect(value(samples, "atalaya_pglite_busy_seconds")).toBe(0);
      expect(value(samples, "atalaya_pglite_restarts_total")).toBe(0);
    }

    // While a query runs, its connection is in use; a transaction holds one until it ends.
    const release = await holdTransaction(database);
    // On PGlite the query waits for the engine the transaction holds; on the server it runs beside.
    const sleeping = database.rows(sql`select pg_sleep(0.2)`);
    try {
      if (target.name === "pglite") await expect.poll(() => database.stats().waiting).toBe(1);
      else await expect.poll(() => database.stats().inUse).toBe(2);
      const busy = await scrape();
      expect(value(busy, "atalaya_db_connections_in_use", engine)).toBe(target.name === "pglite" ? 1 : 2);
      expect(value(busy, "atalaya_db_waiting", engine)).toBe(target.name === "pglite" ? 1 : 0);
      if (target.name === "pglite") expect(value(busy, "atalaya_pglite_busy_seconds")).toBeGreaterThan(0);
    } finally {
      await release();
      await sleeping;
    }
    // (On PGlite the scrape's ingest read, left waiting behind the transaction, runs then.)
    await expect.poll(() => database.stats()).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it("reports the outgoing-mail queue by status", async () => {
    const message = (to: string) => ({
      kind: "confirmation",
      to,
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      headers: {},
      language: "en" as const,
    });
    const now = new Date();
    await database.db.transaction(async (tx) => {
      await enqueueMessage(tx, message("a@example.org"), { now, mailConfigured: true });
      await enqueueMessage(tx, message("b@example.org"), { now, mailConfigured: false });
      await enqueueMessage(tx, message("c@example.org"), { now, mailConfigured: false });
    });
    const samples = await scrape();
    expect(value(samples, "atalaya_outbox_messages", { status: "queued" })).toBe(1);
    expect(value(samples, "atalaya_outbox_messages", { status: "not-configured" })).toBe(2);
    expect(value(samples, "atalaya_outbox_messages", { status: "sent" })).toBe(0);
  });

  it("reports webhook deliveries by status", async () => {
    const samples = await scrape();
    for (const status of ["queued", "sending", "delivered", "failed"])
      expect(value(samples, "atalaya_webhook_deliveries", { status }), status).toBe(0);
  });

  it("answers without the ingest figures while the database is too busy to give them", async () => {
    // ingest_runs locked by a transaction that does not end (on PGlite the transaction holds the
    // whole engine): the scrape's read waits, and the scrape answers after its limit without it.
    const release = await holdTransaction(database, sql`lock table ingest_runs in access exclusive mode`);
    try {
      const started = performance.now();
      const samples = await scrape();
      expect(performance.now() - started).toBeLessThan(4000);
      expect(value(samples, "atalaya_metrics_ingest_read_ok")).toBe(0);
      expect(pick(samples, "atalaya_ingest_runs_total")).toEqual([]);
      expect(pick(samples, "atalaya_data_age_seconds")).toEqual([]);
      expect(pick(samples, "atalaya_http_requests_total").length).toBeGreaterThan(0);
      // Liveness and readiness still answer at once (readiness's journal verdict needs no wait on PGlite).
      expect((await app.request("/api/health")).status).toBe(200);
    } finally {
      await release();
    }
    const after = await scrape();
    expect(value(after, "atalaya_metrics_ingest_read_ok")).toBe(1);
    expect(value(after, "atalaya_ingest_runs_total", { source: "asnames", outcome: "succeeded" })).toBe(1);
  });
});

describe("metrics of a real server", () => {
  it("are scraped over HTTP from `atalaya start`, with JSON log lines on its stderr", async () => {
    const server = await startAppProcess({
      ATALAYA_METRICS_TOKEN: TOKEN,
      ATALAYA_LOG_FORMAT: "json",
      ATALAYA_INGEST_CRON: "off",
      ATALAYA_CHECK_CRON: "off",
    });
    try {
      expect((await fetch(`${server.url}api/v1/asns/AS64496`)).status).toBeLessThan(500);
      expect((await fetch(`${server.url}metrics`)).status).toBe(401);
      const res = await fetch(`${server.url}metrics`, bearer(TOKEN));
      expect(res.status).toBe(200);
      const samples = parseMetrics(await res.text());
      expect(
        value(samples, "atalaya_http_requests_total", { route: "/api/v1/asns/:asn", method: "GET" }),
      ).toBe(1);
      // The demo dataset was loaded at start: its runs count, and its data has an age.
      expect(value(samples, "atalaya_ingest_runs_total", { source: "delegated", outcome: "succeeded" })).toBe(
        1,
      );
      expect(value(samples, "atalaya_data_age_seconds", { source: "delegated" })).toBeGreaterThanOrEqual(0);
      expect(value(samples, "atalaya_db_connections_max", { engine: "pglite" })).toBe(1);
      expect(value(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
      const lines = server
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"));
      const requests = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === "request");
      expect(requests.find((l) => l.route === "/api/v1/asns/:asn")).toMatchObject({
        level: "info",
        method: "GET",
        request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(server.output()).not.toContain(TOKEN);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
