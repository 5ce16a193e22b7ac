/** `npm start` builds the dashboard when its bundle is missing or older than its sources. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@atalaya/config";

export const WEB_DIR = fileURLToPath(new URL("../../../apps/web", import.meta.url));
export const WEB_DIST = path.join(WEB_DIR, "dist");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = path.join(WEB_DIST, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [
    path.join(WEB_DIR, "src"),
    path.join(WEB_DIR, "index.html"),
    path.join(WEB_DIR, "vite.config.ts"),
  ];
  return sources.some(
    (s) => existsSync(s) && (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > built,
  );
}

export function buildWeb(log: Logger): void {
  log.info("building the dashboard", { dir: WEB_DIR });
  const result = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], {
    cwd: WEB_DIR,
    stdio: "inherit",
  });
  if (result.status !== 0)
    throw new Error(`dashboard build failed (vite exited with ${result.status ?? result.signal})`);
}
