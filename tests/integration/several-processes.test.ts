/**
 * Three `atalaya serve` processes on one Postgres database, as behind a load balancer
 * (docs/adr/0009): the demo is loaded once, each tick of the ingest schedule runs in exactly one
 * process, a process killed mid-run leaves its run failed once another takes the schedule, the
 * sign-in throttle and the rate limit hold across processes, and one process's publish reaches
 * the others' caches within seconds.
 */
import { generateDemo } from "@atalaya/demo";
import { INTERRUPTED, ORPHANED_TICK } from "@atalaya/ingest";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { createServerDatabase, serverConfigured } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";

if (!serverConfigured)
  console.warn("several-processes.test.ts: skipped, DATABASE_URL names no Postgres server");

const ORIGIN = "http://atalaya.test";
const RATE_LIMIT = 20;
/** Every 3 seconds: ticks come often enough to watch several in one test. */
const CRON = "*/3 * * * * *";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe.skipIf(!serverConfigured)("three API processes on one Postgres database", () => {
  let database: { url: string; drop(): Promise<void> };
  let sql: postgres.Sql;
  let upstream: LocalServer;
  let processes: AppProcess[] = [];
  /** Each request comes "from" an address of its own unless a test says otherwise. */
  let nextClient = 0;
  const request = (app: AppProcess, path: string, init: RequestInit = {}, client?: string) =>
    fetch(new URL(path, app.url), {
      ...init,
      headers: {
        // One trusted proxy: the last X-Forwarded-For entry is the client (the rate limit's key).
        "x-forwarded-for": client ?? `198.51.100.${(nextClient++ % 250) + 1}`,
        ...(init.headers as Record<string, string>),
      },
    });

  beforeAll(async () => {
    database = await createServerDatabase();
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
    upstream = await startLocalServer();
    const env = {
      DATABASE_URL: database.url,
      ATALAYA_PUBLIC_URL: ORIGIN,
      ATALAYA_TRUSTED_PROXIES: "1",
      ATALAYA_RATE_LIMIT: String(RATE_LIMIT),
      ATALAYA_INGEST_CRON: CRON,
      ATALAYA_CHECK_CRON: "off",
      ATALAYA_FETCH_RETRIES: "0",
      ATALAYA_DELEGATED_URL: `${upstream.url}/delegated`,
      // Until a test serves a file, every source answers 404 at once: fast, failed runs.
      ATALAYA_ASNAMES_URL: `${upstream.url}/none`,
      ATALAYA_ASPOP_URL: `${upstream.url}/none`,
      ATALAYA_APNIC_URL: `${upstream.url}/apnic`,
      ATALAYA_GOOGLE_URL: `${upstream.url}/none`,
      ATALAYA_VRPS_URL: `${upstream.url}/none`,
      ATALAYA_MRT_URL: `${upstream.url}/none`,
    };
    // Started together, as a deployment starts them: they migrate and load the demo together.
    processes = await Promise.all([0, 1, 2].map(() => startAppProcess(env, "serve")));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await sql?.end({ timeout: 5 });
    await upstream?.close();
    await database?.drop();
  });

  it("loads the demo once, although every process found the database empty", async () => {
    // (Validation runs once per routing publish: three times in one demo load.)
    const rows = await sql<{ source: string; n: number }[]>`
      select source, count(*)::int as n from ingest_runs
      where is_demo and source <> 'validation' group by source`;
    expect(rows.length).toBeGreaterThan(3);
    const logs = processes.map((p) => p.output()).join("\n");
    const runs = await sql`select id, source, status, is_demo, location, error from ingest_runs order by id`;
    const why = `${JSON.stringify(runs, null, 1)}\n${logs}`;
    // APNIC twice: the demo's series as they stood two weeks earlier, then as they are.
    for (const row of rows)
      expect(row, `${row.source}\n${why}`).toMatchObject({ n: row.source === "apnic" ? 2 : 1 });
    expect(logs.match(/loading the demo dataset \(set/g)).toHaveLength(1);
    // Detection took its baseline on the demo's past and found what changed since, once: the
    // Activity of a first start is not empty. Each measured economy has one weekly summary.
    const events = await sql<{ kind: string; n: number }[]>`
      select kind, count(*)::int as n from alert_events group by kind order by kind`;
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e.n]));
    expect(byKind["crossing-moved"]).toBeGreaterThan(10);
    expect(byKind["jim-bound-state"]).toBeGreaterThanOrEqual(1);
    const [weekly] = await sql<{ n: number; economies: number }[]>`
      select count(*)::int as n, count(distinct cc)::int as economies from alert_events
      where kind = 'economy-weekly'`;
    expect(weekly?.n).toBeGreaterThan(20);
    expect(weekly?.economies).toBe(weekly?.n);
  });

  it("runs each tick of the schedule in one process, and one process's publish reaches the others' caches", async () => {
    const version = async (app: AppProcess) => {
      const res = await request(app, "/api/v1/region");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { meta: { latestRunId: number } };
      return { runId: body.meta.latestRunId, etag: res.headers.get("etag") };
    };
    const before = await Promise.all(processes.map(version));
    // Each process has now rendered (and cached) the region under the same data version.
    expect(new Set(before.map((v) => v.runId)).size).toBe(1);
    // A delegated file that differs from the demo's: the next scheduled ingest publishes it.
    const delegated = generateDemo().delegated.replace(/\|20261101\|/, "|20261102|");
    upstream.files.set("/delegated", { body: Buffer.from(delegated) });

    const published = await until("a scheduled ingest to publish the new delegated file", async () => {
      const [row] = await sql<{ id: number; finished_at: Date }[]>`
        select id, finished_at from ingest_runs
        where source = 'delegated' and not is_demo and status = 'succeeded'`;
      return row;
    });
    // Every process answers from the new version within a few seconds of the publish.
    const seen = await Promise.all(
      processes.map((app) =>
        until(`${app.url} to see run ${published.id}`, async () => {
          const now = await version(app);
          return now.runId >= published.id ? { ...now, at: Date.now() } : undefined;
        }),
      ),
    );
    for (const [i, s] of seen.entries()) {
      expect(s.etag).not.toBe(before[i]?.etag);
      expect(s.at - published.finished_at.getTime()).toBeLessThan(5_000);
    }

    // A few more ticks: each has one row, taken by one process, and fetched upstream once.
    await sleep(7_000);
    const ticks = await sql<{ due_at: Date; process: string; status: string }[]>`
      select due_at, process, status from scheduled_runs where job = 'ingest' order by due_at`;
    const ran = ticks.filter((t) => t.status === "succeeded");
    expect(ran.length).toBeGreaterThanOrEqual(3);
    const finishedTicks = ticks.filter((t) => t.status !== "running").length;
    const fetches = upstream.requests.filter((r) => r.path === "/delegated").length;
    // Each tick that ran fetched once (an unchanged file answers 304); a tick still running may
    // have fetched already.
    expect(fetches).toBeGreaterThanOrEqual(ran.length);
    expect(fetches).toBeLessThanOrEqual(finishedTicks + 1);
    // One process started each tick; once all three were up, the other two saw it taken.
    const logs = processes.map((p) => p.output()).join("\n");
    const lines = (what: string, due: Date) =>
      logs.split("\n").filter((l) => l.includes(what) && l.includes(`due=${due.toISOString()}`)).length;
    for (const tick of ran)
      expect(lines("scheduled ingest starting", tick.due_at), String(tick.due_at)).toBe(1);
    expect(lines("this tick was taken by another process", (ran.at(-1) as (typeof ran)[0]).due_at)).toBe(2);
  }, 90_000);

  it("holds a sign-in throttle of 5 across processes", async () => {
    const client = "203.0.113.50";
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const app = processes[i % 3] as AppProcess;
      const res = await request(
        app,
        "/api/v1/auth/sign-in",
        {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN },
          body: JSON.stringify({ email: "nobody@example.org", password: "wrong password" }),
        },
        client,
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    // Concurrent attempts on another account, spread over the processes, cannot pass it either.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(
          processes[i % 3] as AppProcess,
          "/api/v1/auth/sign-in",
          {
            method: "POST",
            headers: { "content-type": "application/json", origin: ORIGIN },
            body: JSON.stringify({ email: "someone@example.org", password: "wrong password" }),
          },
          `203.0.113.${60 + i}`,
        ).then((r) => r.status),
      ),
    );
    expect(burst.filter((s) => s === 401)).toHaveLength(5);
    expect(burst.filter((s) => s === 429)).toHaveLength(7);
  });

  it("holds the rate limit across processes", async () => {
    const client = "203.0.113.99";
    const answers = await Promise.all(
      Array.from({ length: RATE_LIMIT + 10 }, (_, i) =>
        request(processes[i % 3] as AppProcess, "/api/v1/countries", {}, client).then((r) => r.status),
      ),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(answers.filter((s) => s === 429)).toHaveLength(10);
    // Another client is not affected.
    expect((await request(processes[0] as AppProcess, "/api/v1/countries")).status).toBe(200);
  });

  it("marks the run of a process killed mid-run failed at the next tick, in another process", async () => {
    // The next APNIC file fetched hangs: the process whose run waits for it is killed there.
    upstream.stalls.push("/apnic/");
    await until("an APNIC fetch to be held", async () => (upstream.stalls.length === 0 ? true : undefined));
    // The run waits for that file: its row and its tick's row stay `running`.
    await sleep(1_000);
    const [running] = await sql<{ id: number }[]>`
      select id from ingest_runs where source = 'apnic' and status = 'running'`;
    const [tick] = await sql<{ due_at: Date; process: string }[]>`
      select due_at, process from scheduled_runs where job = 'ingest' and status = 'running'`;
    expect(running).toBeDefined();
    expect(tick).toBeDefined();
    const pid = Number(tick?.process.split(":").pop());
    const victim = processes.find((p) => p.pid === pid) as AppProcess;
    expect(victim).toBeDefined();
    await victim.kill();
    processes = processes.filter((p) => p !== victim);

    const run = await until("the killed process's run to be marked failed", async () => {
      const [row] = await sql<{ status: string; error: string }[]>`
        select status, error from ingest_runs where id = ${running?.id as number}`;
      return row?.status === "failed" ? row : undefined;
    });
    expect(run.error).toBe(INTERRUPTED);
    const [orphan] = await sql<{ status: string; error: string }[]>`
      select status, error from scheduled_runs where job = 'ingest' and due_at = ${tick?.due_at as Date}`;
    expect(orphan).toEqual({ status: "failed", error: ORPHANED_TICK });
    // The schedule goes on in the survivors.
    await until("a later tick to succeed", async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from scheduled_runs
        where job = 'ingest' and status = 'succeeded' and due_at > ${tick?.due_at as Date}`;
      return (row?.n ?? 0) > 0 ? true : undefined;
    });
  }, 60_000);
});
