/**
 * A local HTTP server on 127.0.0.1 that serves files in an upstream layout, with ETag and
 * Last-Modified support and scripted failures, so fetch behaviour is tested without the network.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedFile {
  body: Buffer;
  lastModified?: string;
  /** Extra response headers, e.g. a Content-Encoding the body is in. */
  headers?: Record<string, string>;
}

export interface LocalServer {
  url: string;
  files: Map<string, ServedFile>;
  /** Status codes to answer with before serving normally, consumed one per request. */
  failures: number[];
  /** Path prefixes whose next request is held unanswered (until the client gives up), one per entry. */
  stalls: string[];
  requests: Array<{ path: string; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const files = new Map<string, ServedFile>();
  const failures: number[] = [];
  const stalls: string[] = [];
  const requests: LocalServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ path, headers: req.headers });
    const stall = stalls.findIndex((prefix) => path.startsWith(prefix));
    if (stall >= 0) {
      stalls.splice(stall, 1);
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      res.writeHead(failure, failure === 429 ? { "retry-after": "0" } : {});
      res.end("scripted failure");
      return;
    }
    const file = files.get(path);
    if (!file) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    const etag = `"${createHash("sha256").update(file.body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      etag,
      "content-length": file.body.length,
      "last-modified": file.lastModified ?? "Thu, 04 Jan 2024 12:00:00 GMT",
      ...file.headers,
    });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    failures,
    stalls,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
