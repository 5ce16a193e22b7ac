/**
 * A static HTTP server on 127.0.0.1 over a scale dataset's `http/` folder, in the upstream layout,
 * with ETag/If-None-Match like the real hosts, so `ingest all` fetches it through its real code
 * paths (conditional GET, 404 = not measured). Files are streamed from disk, never held whole.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { HTTP_PATHS, RADAR_SERIES_PATH } from "./generate";

export interface ScaleServer {
  url: string;
  /** Configuration for an `atalaya` process reading this dataset. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function serveScaleData(dir: string, port = 0): Promise<ScaleServer> {
  const root = path.resolve(dir, "http");
  const server: Server = createServer((req, res) => {
    const requested = new URL(req.url ?? "/", "http://x");
    let pathname = decodeURIComponent(requested.pathname);
    // Radar is an API, not a file tree: one series per `asn` query parameter.
    if (pathname === RADAR_SERIES_PATH) pathname += `/AS${Number(requested.searchParams.get("asn"))}.json`;
    const file = path.resolve(root, `.${pathname}`);
    let size: number;
    let mtime: Date;
    try {
      if (!file.startsWith(`${root}${path.sep}`)) throw new Error("outside the dataset");
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
      mtime = stat.mtime;
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const etag = `"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { etag, "content-length": size, "last-modified": mtime.toUTCString() });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      ATALAYA_DELEGATED_URL: url + HTTP_PATHS.delegated,
      ATALAYA_ASNAMES_URL: url + HTTP_PATHS.asNames,
      ATALAYA_ASPOP_URL: url + HTTP_PATHS.asPopulation,
      ATALAYA_APNIC_URL: url + HTTP_PATHS.apnicBase,
      ATALAYA_GOOGLE_URL: url + HTTP_PATHS.google,
      ATALAYA_VRPS_URL: url + HTTP_PATHS.vrps,
      ATALAYA_MRT_URL: url + HTTP_PATHS.mrt,
      ATALAYA_RADAR_URL: url + HTTP_PATHS.radarBase,
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
