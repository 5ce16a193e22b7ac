/**
 * The API's HTTP behaviour over the demo dataset: ETag / Cache-Control tied to the data version
 * (and 304s), private no-store for the signed-in API, results revalidated on release, per-client
 * rate limiting with 429 and Retry-After, stable pagination of the Jim Bound board, and its CSV
 * download written as a stream.
 */

import { gunzipSync } from "node:zlib";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { awardCycles, awardReleases, ingestRuns, users } from "@atalaya/db";
import { markFailed, startRun } from "@atalaya/ingest";
import { csvField } from "@atalaya/net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, ORIGIN, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

interface BoardRow {
  asn: number;
  organisationId: string | null;
  name: string | null;
  cc: string;
  state: string;
  share: number | null;
  lo: number | null;
  hi: number | null;
  samples: number;
  days: number;
  sourcesDisagree: boolean;
  otherSources: Array<{
    source: string;
    share: number;
    lo: number | null;
    hi: number | null;
    samples: number | null;
    days: number;
  }>;
}
interface OrganisationRow extends Omit<BoardRow, "asn" | "organisationId" | "cc"> {
  id: string;
  cc: string | null;
  asns: number[];
}
interface PageInfo {
  page: number;
  limit: number;
  total: number;
  pages: number;
}
interface Board {
  data: {
    parameters: { metric: string; methodVersion: string; window: { start: string; end: string } };
    networks: BoardRow[];
    organisations: OrganisationRow[];
    pagination: { networks: PageInfo; organisations: PageInfo };
  };
}

describe.each(targets)("API HTTP behaviour on $name", (target) => {
  let harness: Harness;
  const get = (url: string, headers: Record<string, string> = {}) =>
    harness.app.request(`${ORIGIN}${url}`, { headers });

  beforeAll(async () => {
    harness = await openHarness(target);
  });
  afterAll(async () => harness?.dispose());

  it("answers public data with an ETag of the data version and 304 when it still matches", async () => {
    const first = await get("/api/v1/countries/BR");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=600");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await get("/api/v1/countries/BR", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-atalaya-demo")).toBe("true");
    expect(await again.text()).toBe("");
    // Several tags, weak or strong, are compared weakly.
    const listed = await get("/api/v1/countries/BR", {
      "if-none-match": `"other", ${etag.replace(/^W\//, "")}`,
    });
    expect(listed.status).toBe(304);

    // Each URL is its own representation: another economy, a page, the CSV.
    const tags = new Set<string | null>([etag]);
    for (const url of [
      "/api/v1/countries/AR",
      "/api/v1/awards/jim-bound",
      "/api/v1/awards/jim-bound?page=2",
      "/api/v1/awards/jim-bound?format=csv",
    ]) {
      const res = await get(url, { "if-none-match": etag });
      expect(res.status, url).toBe(200);
      tags.add(res.headers.get("etag"));
      await res.arrayBuffer();
    }
    expect(tags.size).toBe(5);

    // Only a publish changes the version: a run that starts, or fails, changes no data.
    const runId = await startRun(harness.database.db, "google", "test://api-http", false);
    expect((await get("/api/v1/countries/BR", { "if-none-match": etag })).status).toBe(304);
    await markFailed(harness.database.db, runId, null, "test run", [], 0);
    expect((await get("/api/v1/countries/BR", { "if-none-match": etag })).status).toBe(304);
    const published = await startRun(harness.database.db, "google", "test://api-http", false);
    await harness.database.db
      .update(ingestRuns)
      .set({ status: "succeeded", finishedAt: new Date() })
      .where(eq(ingestRuns.id, published));
    const after = await get("/api/v1/countries/BR", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  it("serves a page asked again from its rendered copy, gzipped to clients that accept it", async () => {
    const url = "/api/v1/awards/jim-bound?page=2&limit=50";
    const first = await get(url);
    const body = await first.text();
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    const again = await get(url);
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(again.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await again.text()).toBe(body);
    const zipped = await get(url, { "accept-encoding": "gzip, br" });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString("utf8")).toBe(body);
  });

  it("never caches errors", async () => {
    const res = await get("/api/v1/asns/AS1");
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("etag")).toBeNull();
  });

  it("keeps the signed-in API private: no-store, no ETag, never 304 across users", async () => {
    const admin = await harness.addUser({ email: "admin-http@example.org", role: "admin" });
    const isp = await harness.addUser({ email: "isp-http@example.org", role: "isp", asns: [64496] });
    const mine = await admin.request("GET", "/api/v1/auth/session");
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    expect(mine.headers.get("etag")).toBeNull();
    const theirs = await isp.request("GET", "/api/v1/auth/session", undefined, { "if-none-match": "*" });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get("cache-control")).toBe("private, no-store");
    const body = (await theirs.json()) as { data: { account: { email: string } } };
    expect(body.data.account.email).toBe("isp-http@example.org");
    for (const url of ["/api/v1/admin/users", "/api/v1/challenge/cycles", "/api/health"]) {
      const res = await admin.request("GET", url);
      expect(res.headers.get("cache-control"), url).toBe("private, no-store");
      expect(res.headers.get("etag"), url).toBeNull();
    }
    const signIn = await harness.app.request(`${ORIGIN}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: "nobody@example.org", password: "wrong password here" }),
    });
    expect(signIn.headers.get("cache-control")).toBe("private, no-store");
  });

  it("revalidates released results every time, with an ETag that changes on release", async () => {
    const before = await get("/api/v1/awards/cycles");
    expect(before.status).toBe(200);
    expect(before.headers.get("cache-control")).toBe("public, no-cache");
    const etag = before.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect((await get("/api/v1/awards/cycles", { "if-none-match": etag })).status).toBe(304);
    const results = await get("/api/v1/results");
    expect(results.headers.get("cache-control")).toBe("public, no-cache");
    const resultsTag = results.headers.get("etag") as string;
    expect((await get("/api/v1/results", { "if-none-match": resultsTag })).status).toBe(304);

    // A release (no ingest run involved) changes both answers.
    const chair = await harness.addUser({
      email: "chair-http@example.org",
      role: "committee",
      isChair: true,
    });
    const [cycle] = await harness.database.db.select({ id: awardCycles.id }).from(awardCycles).limit(1);
    const [account] = await harness.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, chair.email));
    await harness.database.db.insert(awardReleases).values({
      awardCycleId: cycle?.id as number,
      releasedBy: account?.id as number,
      releasedAt: new Date(),
    });
    const after = await get("/api/v1/awards/cycles", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect((await get("/api/v1/results", { "if-none-match": resultsTag })).status).toBe(200);
  });

  it("pages the board's networks and organisations in a stable order with a unique key", async () => {
    const whole = (await (await get("/api/v1/awards/jim-bound?limit=1000&orgLimit=1000")).json()) as Board;
    const networks = whole.data.networks;
    expect(networks.length).toBeGreaterThan(100);
    expect(whole.data.pagination.networks).toEqual({
      page: 1,
      limit: 1000,
      total: networks.length,
      pages: 1,
    });
    const asns = networks.map((n) => n.asn);
    expect(asns).toEqual([...asns].sort((a, b) => a - b));
    expect(new Set(asns).size).toBe(asns.length);

    const byDefault = (await (await get("/api/v1/awards/jim-bound")).json()) as Board;
    expect(byDefault.data.networks).toHaveLength(100);
    expect(byDefault.data.pagination.networks).toMatchObject({ page: 1, limit: 100, total: networks.length });

    const limit = 37;
    const pages = Math.ceil(networks.length / limit);
    const seen: number[] = [];
    for (let page = 1; page <= pages + 1; page++) {
      const body = (await (
        await get(`/api/v1/awards/jim-bound?page=${page}&limit=${limit}`)
      ).json()) as Board;
      expect(body.data.pagination.networks).toEqual({ page, limit, total: networks.length, pages });
      seen.push(...body.data.networks.map((n) => n.asn));
    }
    expect(seen).toEqual(asns);

    const organisations = whole.data.organisations;
    expect(organisations.length).toBeGreaterThan(3);
    const lowest = organisations.map((o) => Math.min(...o.asns));
    expect(lowest).toEqual([...lowest].sort((a, b) => a - b));
    const orgIds: string[] = [];
    for (let page = 1; page <= Math.ceil(organisations.length / 3); page++) {
      const body = (await (await get(`/api/v1/awards/jim-bound?orgPage=${page}&orgLimit=3`)).json()) as Board;
      orgIds.push(...body.data.organisations.map((o) => o.id));
    }
    expect(orgIds).toEqual(organisations.map((o) => o.id));

    for (const bad of ["limit=0", "limit=1001", "page=0", "orgPage=x"]) {
      const res = await get(`/api/v1/awards/jim-bound?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }
  });

  it("serves the CSV download: every row of the filters, the same bytes as the rows, again from the cache", async () => {
    const whole = (await (
      await get("/api/v1/awards/jim-bound?state=below&limit=1000&orgLimit=1000")
    ).json()) as Board;
    const res = await get("/api/v1/awards/jim-bound?state=below&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="jim-bound-.*\.csv"$/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const text = Buffer.concat(chunks).toString("utf8");

    // The rows as the JSON board gives them, written out independently of the API's CSV code.
    const field = (v: string | number | null) => (v === null ? "" : csvField(String(v)));
    const line = (values: Array<string | number | null>) => `${values.map(field).join(",")}\r\n`;
    const { metric, window } = whole.data.parameters;
    const common = (r: Omit<BoardRow, "asn" | "organisationId" | "cc" | "name">) => [
      r.state,
      r.share,
      r.lo,
      r.hi,
      r.samples,
      r.days,
      metric,
      window.start,
      window.end,
    ];
    const last = (r: Pick<BoardRow, "sourcesDisagree" | "otherSources">) => {
      const beacon = r.otherSources.find((o) => o.source === "atalaya-beacon");
      return [
        whole.data.parameters.methodVersion,
        String(r.sourcesDisagree),
        "apnic",
        beacon?.share ?? null,
        beacon?.lo ?? null,
        beacon?.hi ?? null,
        beacon?.samples ?? null,
        beacon?.days ?? null,
      ];
    };
    const expected =
      "kind,asn,organisation_id,name,cc,state,share,lo,hi,samples,days,metric,window_start,window_end,asns,method,sources_disagree," +
      "deciding_sources,beacon_share,beacon_lo,beacon_hi,beacon_tests,beacon_days\r\n" +
      whole.data.networks
        .map((n) => line(["network", n.asn, n.organisationId, n.name, n.cc, ...common(n), n.asn, ...last(n)]))
        .join("") +
      whole.data.organisations
        .map((o) =>
          line(["organisation", null, o.id, o.name, o.cc, ...common(o), o.asns.join(" "), ...last(o)]),
        )
        .join("");
    expect(whole.data.networks.length).toBeGreaterThan(50);
    expect(text).toBe(expected);
    // Asked again: the rendered download, with its file name, gzipped for a client that takes it.
    const again = await get("/api/v1/awards/jim-bound?state=below&format=csv", { "accept-encoding": "gzip" });
    expect(again.headers.get("content-disposition")).toBe(res.headers.get("content-disposition"));
    expect(again.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(again.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await again.arrayBuffer())).toString("utf8")).toBe(expected);
  });
});

describe.each(targets)("API rate limit on $name", (target) => {
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let clock = 1_000_000;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    app = createApp({
      database: opened.database,
      log: silentLogger,
      rateLimit: { limit: 3, windowMs: 60_000, now: () => clock },
    });
  });
  afterAll(async () => dispose?.());

  const from = (address: string, url = "/api/v1/countries", headers: Record<string, string> = {}) =>
    app.request(url, { headers }, { incoming: { socket: { remoteAddress: address } } });

  it("answers 429 with Retry-After beyond the limit, per client address, until the window resets", async () => {
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await from("192.0.2.1");
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-policy")).toBe("3;w=60");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    clock += 15_000;
    const refused = await from("192.0.2.1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.headers.get("ratelimit-reset")).toBe("45");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.requestId).toBe(refused.headers.get("x-request-id"));

    // Another address has its own allowance; a forged X-Forwarded-For changes nothing.
    expect((await from("192.0.2.2")).status).toBe(200);
    expect((await from("192.0.2.1", "/api/v1/region", { "x-forwarded-for": "198.51.100.9" })).status).toBe(
      429,
    );
    // Liveness probes are never limited.
    expect((await from("192.0.2.1", "/api/health")).status).toBe(200);

    clock += 45_000;
    const reset = await from("192.0.2.1");
    expect(reset.status).toBe(200);
    expect(reset.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("counts the address a trusted proxy saw when told that one stands in front", async () => {
    const opened = await target.open();
    try {
      const proxied = createApp({
        database: opened.database,
        log: silentLogger,
        rateLimit: { limit: 1, windowMs: 60_000, now: () => clock },
        trustedProxies: 1,
      });
      const via = (forwarded: string) =>
        proxied.request(
          "/api/v1/countries",
          { headers: { "x-forwarded-for": forwarded } },
          { incoming: { socket: { remoteAddress: "10.0.0.1" } } },
        );
      expect((await via("203.0.113.5")).status).toBe(200);
      // The client may prepend anything; the entry the proxy appended is what counts.
      expect((await via("198.51.100.1, 203.0.113.5")).status).toBe(429);
      expect((await via("203.0.113.5, 203.0.113.6")).status).toBe(200);
    } finally {
      await opened.dispose();
    }
  });
});
