import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { silentLogger } from "@atalaya/config";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionPool, connectionPool, getWithRetries } from "./http";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe("getWithRetries", () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let pool: ConnectionPool;
  const connections = new Set<unknown>();
  const settings = { timeoutMs: 500, retries: 2, backoffMs: 1 };
  const get = (path: string, headers: Record<string, string> = {}, final: number[] = [404]) =>
    getWithRetries(`${base}${path}`, headers, settings, silentLogger, final, pool);

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    server.on("connection", (socket) => connections.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pool = connectionPool(2);
  });
  afterEach(() => {
    pool.destroy();
    pool = connectionPool(2);
  });
  afterAll(async () => {
    pool.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("reuses connections, sends the conditional headers and reads the body", async () => {
    const seen: IncomingMessage["headers"][] = [];
    handler = (req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { etag: '"a"' }).end(`body of ${req.url}`);
    };
    connections.clear();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get(`/f${i}`, { "if-none-match": '"x"' })),
    );
    expect(answers.map((a) => a.body.toString())).toEqual(
      Array.from({ length: 10 }, (_, i) => `body of /f${i}`),
    );
    expect(answers[0]).toMatchObject({ status: 200, statusText: "OK", headers: { etag: '"a"' } });
    expect(connections.size).toBeLessThanOrEqual(2);
    expect(seen[0]).toMatchObject({
      "if-none-match": '"x"',
      "user-agent": expect.stringContaining("atalaya"),
      "accept-encoding": "gzip, deflate, br",
    });
  });

  it("undoes gzip, deflate (wrapped or raw) and br", async () => {
    const text = "x".repeat(10_000);
    const encoded: Record<string, Buffer> = {
      gzip: gzipSync(text),
      deflate: deflateSync(text),
      "deflate-raw": deflateRawSync(text),
      br: brotliCompressSync(text),
    };
    handler = (req, res) => {
      const coding = (req.url ?? "").slice(1);
      res.writeHead(200, { "content-encoding": coding.replace("-raw", "") }).end(encoded[coding]);
    };
    for (const coding of Object.keys(encoded)) expect((await get(`/${coding}`)).body.toString()).toBe(text);
  });

  it("follows redirects and answers 304 and final statuses without retrying", async () => {
    let count = 0;
    handler = (req, res) => {
      count++;
      if (req.url === "/old") res.writeHead(301, { location: "/new" }).end();
      else if (req.url === "/new") res.writeHead(200).end("moved");
      else if (req.url === "/same") res.writeHead(304).end();
      else res.writeHead(404).end("no");
    };
    expect((await get("/old")).body.toString()).toBe("moved");
    expect((await get("/same")).status).toBe(304);
    count = 0;
    expect((await get("/gone")).status).toBe(404);
    expect(count).toBe(1);
    await expect(get("/gone", {}, [])).rejects.toThrow(`${base}/gone: fetch failed (HTTP 404 Not Found)`);
  });

  it("retries 5xx, 429 and a body cut short, then gives up naming the URL", async () => {
    const script = [503, 429, "cut"];
    handler = (_req, res) => {
      const next = script.shift();
      if (next === "cut") {
        res.writeHead(200, { "content-length": 1000 });
        res.write("partial");
        setTimeout(() => res.destroy(), 10);
      } else if (next) res.writeHead(next as number, { "retry-after": "0" }).end();
      else res.writeHead(200).end("whole");
    };
    await expect(get("/flaky")).rejects.toThrow(
      /\/flaky: fetch failed \((Error: aborted|TypeError: terminated)\)$/,
    );
    expect((await get("/flaky")).body.toString()).toBe("whole");
    handler = (_req, res) => res.writeHead(500).end();
    await expect(get("/down")).rejects.toThrow(`${base}/down: fetch failed (HTTP 500 Internal Server Error)`);
  });

  it("times out a server that never answers", async () => {
    handler = () => {};
    await expect(get("/slow")).rejects.toThrow(
      `${base}/slow: fetch failed (TimeoutError: The operation was aborted due to timeout)`,
    );
  });
});
