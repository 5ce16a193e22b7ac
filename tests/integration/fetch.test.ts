/** Fetching a source over HTTP: conditional GET, retries, refusals; against a local server. */
import { readFileSync } from "node:fs";
import type { Database } from "@atalaya/db";
import { generateDemo } from "@atalaya/demo";
import { delegatedSource, runIngest } from "@atalaya/ingest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const PATH = "/pub/stats/lacnic/delegated-lacnic-extended-latest";
const lacnic = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");

describe.each(targets)("fetching delegated stats over HTTP on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: LocalServer;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    server = await startLocalServer();
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.failures.length = 0;
  });

  it("downloads, publishes, and then asks conditionally and changes nothing on 304", async () => {
    server.files.set(PATH, { body: Buffer.from(generateDemo().delegated) });
    const first = await runIngest(delegatedSource, { url: server.url + PATH }, testContext(database));
    expect(first).toMatchObject({ status: "succeeded", location: server.url + PATH });
    const second = await runIngest(delegatedSource, { url: server.url + PATH }, testContext(database));
    expect(second.status).toBe("unchanged");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers["if-none-match"]).toMatch(/^"[0-9a-f]{16}"$/);
    expect(server.requests[1]?.headers["if-modified-since"]).toBe("Thu, 04 Jan 2024 12:00:00 GMT");
  });

  it("retries 503 and 429 answers, then succeeds", async () => {
    server.files.set(PATH, { body: Buffer.from(generateDemo(7).delegated) });
    server.failures.push(503, 429);
    const result = await runIngest(
      delegatedSource,
      { url: server.url + PATH },
      testContext(database, { force: true }),
    );
    expect(result.status).toBe("succeeded");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after the configured retries and names the URL and the status", async () => {
    server.failures.push(500, 500, 500);
    await expect(
      runIngest(delegatedSource, { url: `${server.url}/down` }, testContext(database)),
    ).rejects.toThrow(`${server.url}/down: fetch failed (HTTP 500 Internal Server Error)`);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a 404", async () => {
    await expect(
      runIngest(delegatedSource, { url: `${server.url}/missing` }, testContext(database)),
    ).rejects.toThrow("HTTP 404");
    expect(server.requests).toHaveLength(1);
  });

  it.skipIf(!lacnic)("reads a gzip-compressed upstream file served as is", async () => {
    server.files.set("/delegated-lacnic-extended-20240104.gz", { body: readFileSync(lacnic as string) });
    const result = await runIngest(
      delegatedSource,
      { url: `${server.url}/delegated-lacnic-extended-20240104.gz` },
      testContext(database),
    );
    expect(result).toMatchObject({ status: "succeeded", rows: 89_080, dataDate: "2024-01-04" });
  });
});
