/**
 * Real upstream files live in ../shared/data/real beside the checkout and are never copied into
 * the repository. Where that folder is missing, tests that need it skip with a message naming
 * it; CI sets ATALAYA_REQUIRE_SHARED=1, which turns a missing file into a failure.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHARED_DIR = path.resolve(
  process.env.ATALAYA_SHARED_DIR ?? path.join(REPO_ROOT, "..", "shared"),
);
const REQUIRED = process.env.ATALAYA_REQUIRE_SHARED === "1";

/** Absolute path of a file under shared/data/real, or null (with a note) when it is absent. */
export function realData(relative: string): string | null {
  const file = path.join(SHARED_DIR, "data", "real", relative);
  if (existsSync(file)) return file;
  if (REQUIRED) throw new Error(`required real data file is missing: ${file} (ATALAYA_REQUIRE_SHARED=1)`);
  console.warn(
    `skipping: real data file ${file} is missing (clone with ../shared beside the checkout to run it)`,
  );
  return null;
}
