/**
 * RIR delegated statistics end to end: file → parser → staging → publish → API, on each database
 * engine. Expected figures are independent awk counts of the real file
 * (shared/data/real/derived/lacnic-cc-summary-from-delegated-20240104.csv and PROVENANCE.md).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { type Database, ingestRuns, rejectedLines } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { delegatedSource, IngestError, ingestApnic, runIngest } from "@atalaya/ingest";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const lacnic = realData("lacnic-delegated/delegated-lacnic-extended-20240104.gz");
const afrinic = realData("afrinic-delegated/delegated-afrinic-extended-latest.gz");
const derived = realData("derived/lacnic-cc-summary-from-delegated-20240104.csv");

async function countries(database: Database) {
  const app = createApp({ database, log: silentLogger });
  const res = await app.request("/api/v1/countries");
  expect(res.status).toBe(200);
  return (await res.json()) as {
    data: Array<{
      cc: string;
      asns: number;
      ipv4Addresses: number;
      ipv6Slash32: number;
      organisations: number;
    }>;
    meta: { demo: boolean; registryDataDate: string | null };
  };
}

async function runsOf(database: Database) {
  return database.db.select().from(ingestRuns).orderBy(asc(ingestRuns.id));
}

describe.each(targets)("delegated ingest on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const dir = tempDir();

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it.skipIf(!lacnic || !derived)(
    "publishes the LACNIC file with figures equal to independent counts",
    async () => {
      const result = await runIngest(delegatedSource, { file: lacnic as string }, testContext(database));
      expect(result).toMatchObject({ status: "succeeded", rejected: 0, dataDate: "2024-01-04" });
      const body = await countries(database);
      expect(body.meta).toMatchObject({ demo: false, registryDataDate: "2024-01-04" });
      expect(body.data).toHaveLength(31);
      const byCc = new Map(body.data.map((c) => [c.cc, c]));
      expect(byCc.get("BR")).toMatchObject({ asns: 8951, ipv4Addresses: 87_129_088, organisations: 8804 });
      // Every economy of the region against the awk summary: ASNs and IPv4 addresses.
      const lines = readFileSync(derived as string, "utf8")
        .trim()
        .split("\n")
        .slice(1);
      let checked = 0;
      for (const line of lines) {
        const [cc, , asnCount, , ipv4Addresses, , inRegion] = line.split(",");
        if (inRegion !== "yes") continue;
        expect(byCc.get(cc as string), cc).toMatchObject({
          asns: Number(asnCount),
          ipv4Addresses: Number(ipv4Addresses),
        });
        checked++;
      }
      expect(checked).toBe(31);
      // IPv6 in /32 equivalents (awk: sum of 2^(32-len) per economy).
      expect(byCc.get("BR")?.ipv6Slash32).toBeCloseTo(8282.518646, 5);
      expect(byCc.get("AR")?.ipv6Slash32).toBeCloseTo(5254.032806, 5);
      expect(byCc.get("FK")).toMatchObject({ asns: 0, ipv4Addresses: 0, ipv6Slash32: 0, organisations: 0 });
    },
  );

  it.skipIf(!lacnic)("changes nothing when the same bytes come again", async () => {
    const before = await countries(database);
    const result = await runIngest(delegatedSource, { file: lacnic as string }, testContext(database));
    expect(result.status).toBe("unchanged");
    // An unchanged run publishes nothing: the data, and so its version, stay as they were.
    expect(await countries(database)).toEqual(before);
  });

  it.skipIf(!lacnic)(
    "refuses a corrupted copy with its line number and keeps the previous data",
    async () => {
      const before = await countries(database);
      const lines = gunzipSync(readFileSync(lacnic as string))
        .toString("utf8")
        .split("\n");
      lines[41_000] = (lines[41_000] as string).replace(
        /\|(allocated|assigned|available|reserved)\|/,
        "|stolen|",
      );
      const corrupted = path.join(dir, "corrupted.gz");
      writeFileSync(corrupted, gzipSync(lines.join("\n")));
      const attempt = runIngest(delegatedSource, { file: corrupted }, testContext(database));
      await expect(attempt).rejects.toThrow(IngestError);
      await expect(attempt).rejects.toThrow(`${corrupted}:41001: status "stolen"`);
      expect(await countries(database)).toEqual({
        ...before,
        meta: { ...before.meta, latestRunId: expect.any(Number) },
      });
      const failed = (await runsOf(database)).at(-1);
      expect(failed).toMatchObject({ status: "failed", rejectedRows: 1, rows: 0 });
      const stored = await database.db
        .select()
        .from(rejectedLines)
        .where(eq(rejectedLines.runId, failed?.id as number));
      expect(stored).toEqual([
        expect.objectContaining({ line: 41_001, reason: expect.stringContaining("stolen") }),
      ]);
    },
  );

  it.skipIf(!lacnic)("refuses a truncated file, compressed or not, and keeps the previous data", async () => {
    const before = await countries(database);
    const raw = gunzipSync(readFileSync(lacnic as string));
    const cutGzip = path.join(dir, "cut.gz");
    writeFileSync(cutGzip, readFileSync(lacnic as string).subarray(0, 200_000));
    await expect(runIngest(delegatedSource, { file: cutGzip }, testContext(database))).rejects.toThrow(
      /cut\.gz: compressed data ends early \(truncated file\), after line \d+/,
    );
    // Cut at a line boundary: every line is valid, only the header's count gives it away.
    const text = raw.toString("utf8");
    const cutPlain = path.join(dir, "cut.txt");
    writeFileSync(cutPlain, text.slice(0, text.indexOf("\n", 2_000_000) + 1));
    await expect(runIngest(delegatedSource, { file: cutPlain }, testContext(database))).rejects.toThrow(
      /version line announces 88619 records but the file has \d+ \(truncated\?\)/,
    );
    expect((await countries(database)).data).toEqual(before.data);
  });

  it.skipIf(!lacnic)("reads bzip2 input and refuses a cut bzip2 file", async () => {
    const plain = path.join(dir, "lacnic.txt");
    writeFileSync(plain, gunzipSync(readFileSync(lacnic as string)));
    execFileSync("bzip2", ["-kf", plain]);
    const result = await runIngest(delegatedSource, { file: `${plain}.bz2` }, testContext(database));
    // Same records as the gzip file, so the same figures (a new run, since the bytes differ).
    expect(result).toMatchObject({ status: "succeeded", rows: 89_080 });
    const cut = path.join(dir, "cut.bz2");
    writeFileSync(cut, readFileSync(`${plain}.bz2`).subarray(0, 300_000));
    await expect(runIngest(delegatedSource, { file: cut }, testContext(database))).rejects.toThrow(
      "cut.bz2: bzip2 data is corrupt or ends early (truncated file?)",
    );
  });

  it.skipIf(!lacnic)("refuses a file whose rows collapse against the live data unless forced", async () => {
    const small = path.join(dir, "small.txt");
    writeFileSync(
      small,
      "2.3|lacnic|20240105|1|19870101|20240105|-0300\nlacnic|*|asn|*|1|summary\nlacnic|BR|asn|64496|1|20240105|allocated|1\n",
    );
    await expect(runIngest(delegatedSource, { file: small }, testContext(database))).rejects.toThrow(
      /refusing a collapse/,
    );
    expect((await countries(database)).data.find((c) => c.cc === "BR")?.asns).toBe(8951);
  });

  it.skipIf(!lacnic || !afrinic)(
    "keeps registries side by side: an AFRINIC file does not touch LACNIC rows",
    async () => {
      const result = await runIngest(delegatedSource, { file: afrinic as string }, testContext(database));
      expect(result).toMatchObject({ status: "succeeded", dataDate: "2024-01-05" });
      expect((await countries(database)).data.find((c) => c.cc === "BR")?.asns).toBe(8951);
    },
  );

  it("replaces the demo dataset when real data is published", async () => {
    const fresh = await target.open();
    try {
      await loadDemo(path.join(dir, "demo"), testContext(fresh.database));
      const demo = await countries(fresh.database);
      expect(demo.meta.demo).toBe(true);
      expect(demo.data.find((c) => c.cc === "BR")?.asns).toBeGreaterThan(0);
      // A real APNIC run that measured nothing (an upstream that knows none of the demo's
      // networks: every file 404) publishes nothing, and replaces nothing.
      const upstream = await startLocalServer();
      try {
        const empty = await ingestApnic({ base: `${upstream.url}/v6stats` }, testContext(fresh.database));
        expect(empty).toMatchObject({ status: "succeeded", rows: 0 });
      } finally {
        await upstream.close();
      }
      expect((await countries(fresh.database)).meta.demo).toBe(true);
      const real = path.join(dir, "real.txt");
      writeFileSync(
        real,
        "2|lacnic|20240105|2|19870101|20240105|-0300\nlacnic|UY|asn|28000|1|20020101|assigned|LACNIC\nlacnic|UY|ipv6|2001:13c7:7000::|36|20020101|assigned|LACNIC\n",
      );
      await runIngest(delegatedSource, { file: real }, testContext(fresh.database));
      const after = await countries(fresh.database);
      expect(after.meta.demo).toBe(false);
      expect(after.data.filter((c) => c.asns > 0).map((c) => c.cc)).toEqual(["UY"]);
    } finally {
      await fresh.dispose();
    }
  });
});
