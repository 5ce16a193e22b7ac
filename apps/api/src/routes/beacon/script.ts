/**
 * `GET /beacon.js`: the snippet sites embed (`<script src="https://atalaya.example/beacon.js" async>`).
 * Kept as plain JavaScript beside this file, dependency-free and small (a unit test holds it under
 * 3 KB gzipped), served as is.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Context } from "hono";

export const BEACON_SCRIPT = readFileSync(path.join(import.meta.dirname, "beacon.js"), "utf8");

export function beaconScript(c: Context): Response {
  return c.body(BEACON_SCRIPT, 200, {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "public, max-age=3600",
    "access-control-allow-origin": "*",
  });
}
