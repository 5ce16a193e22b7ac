/**
 * Serves the built dashboard (apps/web/dist) from the API process: hashed assets with long-lived
 * caching, and index.html for every other non-API path so client-side routes survive a reload.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

export function webRoutes(distDir: string) {
  const root = path.resolve(distDir);
  const index = path.join(root, "index.html");
  return new Hono().get("*", async (c) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text("malformed path", 400);
    }
    const requested = path.normalize(path.join(root, pathname));
    if (requested.startsWith(root + path.sep) && existsSync(requested) && path.extname(requested)) {
      const immutable = requested.includes(`${path.sep}assets${path.sep}`);
      return c.body(await readFile(requested), 200, {
        "content-type": TYPES[path.extname(requested)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    if (!existsSync(index)) return c.text("The dashboard is not built: run `npm run build`.", 503);
    return c.body(await readFile(index), 200, {
      "content-type": TYPES[".html"] as string,
      "cache-control": "no-cache",
    });
  });
}
