/** Node entry: serve a built app on HOST:PORT until SIGINT/SIGTERM, then close the database. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type AppOptions, createApp } from "./app";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  options: AppOptions & { host: string; port: number },
): Promise<RunningServer> {
  const app = createApp(options);
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        const shown = host === "0.0.0.0" || host === "[::]" ? "localhost" : host;
        resolve({
          url: `http://${shown}:${info.port}/`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
    server.on("error", reject);
  });
}
