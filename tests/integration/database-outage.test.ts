/**
 * A database server that goes away: health says 503 with the cause, data routes answer 503
 * quickly, and the log gives the cause once, never a stack. Two kinds of outage: a port where
 * nothing listens (connections refused) and a server that accepts connections and never answers.
 */
import { createServer, type Server, type Socket } from "node:net";
import { createApp } from "@atalaya/api";
import { createLogger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

/** Accepts TCP connections and never says a word, like a server stuck under load. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, server, sockets };
}

/** A port that was just free: nothing listens there. */
async function closedPort(): Promise<number> {
  const { port, server } = await silentServer();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each([
  { outage: "refuses connections", cause: /ECONNREFUSED/ },
  { outage: "accepts connections and never answers", cause: /no answer|CONNECT_TIMEOUT|timeout/i },
])("a database server that $outage", ({ outage, cause }) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let silent: Awaited<ReturnType<typeof silentServer>> | null = null;
  const logged: string[] = [];

  beforeAll(async () => {
    let port: number;
    if (outage.startsWith("refuses")) port = await closedPort();
    else {
      silent = await silentServer();
      port = silent.port;
    }
    database = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/atalaya`,
      connectTimeoutMs: 1000,
    });
    app = createApp({ database, log: createLogger("info", (line) => logged.push(line)) });
  });
  afterAll(async () => {
    await database?.close(100);
    for (const socket of silent?.sockets ?? []) socket.destroy();
    await new Promise((resolve) => (silent ? silent.server.close(resolve) : resolve(null)));
  });

  it("answers health 503 naming the cause", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(503);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toMatch(cause);
  });

  it("answers data routes 503 with the cause, logged once and without a stack", async () => {
    logged.length = 0;
    const res = await app.request("/api/v1/countries");
    expect(res.status).toBe(503);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toMatch(cause);
    const mentions = logged.filter((line) => line.includes(body.error.requestId) && cause.test(line));
    expect(mentions).toHaveLength(1);
    expect(logged.join("")).not.toMatch(/unhandled error|\n\s+at /);
  });
});
