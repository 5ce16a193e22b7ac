import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import type { IngestContext } from "@atalaya/ingest";

/** An ingest context for tests: silent, no retries delay, downloads in a fresh temp dir. */
export function testContext(database: Database, overrides: Partial<IngestContext> = {}): IngestContext {
  return {
    database,
    log: silentLogger,
    fetch: {
      timeoutMs: 5_000,
      retries: 2,
      backoffMs: 1,
      downloadDir: mkdtempSync(path.join(tmpdir(), "atalaya-dl-")),
    },
    maxRejected: 0,
    ...overrides,
  };
}

export function tempDir(prefix = "atalaya-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
