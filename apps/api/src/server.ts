/** Node entry: serve a built app on HOST:PORT until SIGINT/SIGTERM, then close the database. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type AppOptions, createApp } from "./app";
import { RequestsInFlight } from "./lib/request-deadline";

export interface RunningServer {
  url: string;
  /**
   * Stops taking connections, lets requests in flight finish for `graceMs` (default 4 s), then
   * cancels the rest (their queries too) and closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(
  options: AppOptions & { host: string; port: number },
): Promise<RunningServer> {
  const inFlight = options.inFlight ?? new RequestsInFlight();
  const app = createApp({ ...options, inFlight });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        const shown = host === "0.0.0.0" || host === "[::]" ? "localhost" : host;
        resolve({
          url: `http://${shown}:${info.port}/`,
          close: async (graceMs = 4000) => {
            const http = server as Server;
            const closed = new Promise<void>((done) => http.close(() => done()));
            http.closeIdleConnections();
            const deadline = performance.now() + graceMs;
            while (inFlight.size > 0 && performance.now() < deadline) await sleep(25);
            if (inFlight.size > 0) {
              inFlight.abortAll("the server is shutting down");
              // The cancelled requests answer 503 at once; give those answers a moment to leave.
              await sleep(200);
            }
            http.closeAllConnections();
            await closed;
          },
        });
      },
    );
    server.on("error", reject);
  });
}
