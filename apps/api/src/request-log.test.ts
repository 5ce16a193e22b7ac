import { createLogger } from "@atalaya/config";
import { openDatabase } from "@atalaya/db";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import { catchAll, routePattern, UNMATCHED } from "./lib/route-pattern";

describe("the request log line", () => {
  it("is one JSON object with the request id and route pattern, and no query string, cookie or token", {
    timeout: 60_000,
  }, async () => {
    const lines: string[] = [];
    // An empty embedded database: the network is unknown, so the answer is a 404.
    const database = await openDatabase({});
    await database.migrate();
    const app = createApp({
      database,
      log: createLogger("info", (l) => lines.push(l), "json"),
    });
    const res = await app.request("/api/v1/asns/AS64496?token=q-s3cret&api_key=k-s3cret", {
      headers: {
        cookie: "__Host-atalaya-session=c-s3cret",
        authorization: "Bearer a-s3cret",
        "x-csrf-token": "x-s3cret",
      },
    });
    expect(res.status).toBe(404);
    await database.close();
    const requestId = res.headers.get("x-request-id");
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = logged.find((l) => l.msg === "request");
    expect(line).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "request",
      method: "GET",
      route: "/api/v1/asns/:asn",
      path: "/api/v1/asns/AS64496",
      status: 404,
      ms: expect.any(Number),
      request_id: requestId,
    });
    const all = lines.join("");
    expect(all).not.toMatch(/s3cret|\?token|api_key/);
  });
});

describe("routePattern", () => {
  const seen: string[] = [];
  const items = new Hono().get("/:id", (c) => c.text("item")).get("/:id/parts", (c) => c.text("parts"));
  const more = new Hono().get("/:id/extra", (c) => c.text("extra"));
  const api = new Hono().route("/v1/items", items).route("/v1/items", more);
  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    seen.push(routePattern(c));
  });
  // A middleware that answers by itself (as the rate limit does) for one path.
  app.use("/api/*", async (c, next) => (c.req.path.endsWith("/limited") ? c.text("slow down", 429) : next()));
  app.route("/api", api);
  app.all(
    "/api/*",
    catchAll((c) => c.text("none", 404)),
  );

  it("names nested patterns, the endpoint a middleware answered for, and unmatched requests", async () => {
    const cases: Array<[string, string, number, string]> = [
      ["GET", "/api/v1/items/42", 200, "/api/v1/items/:id"],
      ["GET", "/api/v1/items/42/parts", 200, "/api/v1/items/:id/parts"],
      ["GET", "/api/v1/items/42/extra", 200, "/api/v1/items/:id/extra"],
      ["GET", "/api/v1/items/limited", 429, "/api/v1/items/:id"],
      ["GET", "/api/v1/nothing/42", 404, UNMATCHED],
      ["POST", "/api/v1/items/42", 404, UNMATCHED],
      ["GET", "/elsewhere", 404, UNMATCHED],
    ];
    for (const [method, path, status, pattern] of cases) {
      seen.length = 0;
      const res = await app.request(path, { method });
      expect(res.status, path).toBe(status);
      expect(seen, `${method} ${path}`).toEqual([pattern]);
    }
  });
});
