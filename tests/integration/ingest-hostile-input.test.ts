/**
 * Hostile and broken input for every ingest source, on each database engine: compression bombs
 * and endless lines are refused while they stream, naming the file, the limit and the setting
 * that raises it; random bytes and NULs give a one-line refusal naming the first bad line, and
 * nothing that is not printable text reaches the run record or `rejected_lines`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { INPUT_SOURCES, type InputSource, inputLimits } from "@atalaya/config";
import { type Database, ingestRuns, rejectedLines } from "@atalaya/db";
import { generateDemo } from "@atalaya/demo";
import {
  asNamesSource,
  asPopulationSource,
  delegatedSource,
  googleAdoptionSource,
  IngestError,
  ingestApnic,
  ingestRadar,
  mrtSource,
  pfx2asSource,
  runIngest,
  type SourceSpec,
  selfReportedSource,
  vrpSource,
} from "@atalaya/ingest";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";

const MiB = 1024 * 1024;
/** Every source limited to 1 MiB inflated; lines keep their default limit (64 KiB). */
const ONE_MIB = inputLimits(Object.fromEntries(INPUT_SOURCES.map((s) => [s, 1])));

const fileSources: Array<[InputSource, SourceSpec]> = [
  ["delegated", delegatedSource],
  ["asnames", asNamesSource],
  ["aspop", asPopulationSource],
  ["google", googleAdoptionSource],
  ["self-reported", selfReportedSource(64496, "AR", "2026-11-01")],
  ["vrps", vrpSource],
  ["pfx2as", pfx2asSource],
  ["mrt", mrtSource(1)],
];
const lineSources = fileSources.filter(([source]) =>
  ["delegated", "asnames", "google", "self-reported", "pfx2as"].includes(source),
);

// Control characters but tab, C1 controls, and lone surrogates: what must never be stored or printed.
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `copies` gzip streams of 8 MiB of `byte` each, concatenated: read as one stream. */
function gzipBomb(file: string, byte: number, copies: number): string {
  const member = gzipSync(Buffer.alloc(8 * MiB, byte), { level: 9 });
  writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => member)));
  return file;
}

/** Reproducible bytes with NULs, high bytes and line breaks, as a corrupted download looks. */
function randomBytes(file: string, length: number, seed: number): string {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  writeFileSync(file, bytes);
  return file;
}

async function refusal(attempt: Promise<unknown>): Promise<IngestError> {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

async function lastRun(database: Database, source: string) {
  const [run] = await database.db
    .select()
    .from(ingestRuns)
    .where(eq(ingestRuns.source, source))
    .orderBy(desc(ingestRuns.id))
    .limit(1);
  return run;
}

describe.each(targets)("hostile ingest input on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: LocalServer;
  const dir = tempDir();
  const limited = () => testContext(database, { limits: ONE_MIB });

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    server = await startLocalServer();
    // Registry data for Radar's and APNIC's lists of networks.
    const registry = path.join(dir, "registry.txt");
    writeFileSync(
      registry,
      "2.3|lacnic|20261101|1|19870101|20261101|-0300\nlacnic|BR|asn|64496|1|20100101|allocated|H1\n",
    );
    await runIngest(delegatedSource, { file: registry }, testContext(database));
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it.each(fileSources)(
    "refuses a gzip bomb given to %s while it inflates, naming the limit",
    async (source, spec) => {
      // Line breaks only, so that line-based sources meet the size limit rather than the line one;
      // zeros for MRT, whose reader gives up at once on a record length of 0x0a0a0a0a.
      const file = gzipBomb(path.join(dir, `${source}-bomb.gz`), source === "mrt" ? 0 : 0x0a, 64);
      const error = await refusal(runIngest(spec, { file }, limited()));
      const message =
        `${file}: decompresses to more than 1 MiB, the limit for ${source} input ` +
        `(raise it with ATALAYA_MAX_DECOMPRESSED_MB=${source}=<MiB> if the input is genuine)`;
      expect(error.message).toBe(message);
      expect(await lastRun(database, source)).toMatchObject({ status: "failed", error: message });
    },
  );

  it("refuses bzip2 and plain input past the limit too", async () => {
    const plain = path.join(dir, "big.txt");
    writeFileSync(plain, Buffer.alloc(2 * MiB, 0x0a));
    expect((await refusal(runIngest(delegatedSource, { file: plain }, limited()))).message).toMatch(
      /big\.txt: is larger than 1 MiB, the limit for delegated input/,
    );
    execFileSync("bzip2", ["-kf", plain]);
    expect((await refusal(runIngest(delegatedSource, { file: `${plain}.bz2` }, limited()))).message).toMatch(
      /big\.txt\.bz2: decompresses to more than 1 MiB, the limit for delegated input/,
    );
  });

  it.each(lineSources)("refuses a line without end given to %s at the line limit", async (source, spec) => {
    // Zeros without a line break: one line as long as the file.
    const file = gzipBomb(path.join(dir, `${source}-zeros.gz`), 0, 4);
    const error = await refusal(runIngest(spec, { file }, testContext(database)));
    expect(error.message).toBe(
      `${file}:1: line 1 is longer than 65536 bytes, the limit for ${source} input ` +
        `(raise it with ATALAYA_MAX_LINE_BYTES=${source}=<bytes> if the file is genuine)`,
    );
    expect(error.line).toBe(1);
  });

  it("refuses a download larger than the limit and keeps no partial file", async () => {
    server.files.set("/delegated-big", { body: Buffer.alloc(2 * MiB, 0x0a) });
    const ctx = limited();
    const url = `${server.url}/delegated-big`;
    expect((await refusal(runIngest(delegatedSource, { url }, ctx))).message).toMatch(
      new RegExp(`^${url}: the download is larger than 1 MiB, the limit for delegated input`),
    );
    expect(readdirSync(path.join(ctx.fetch.downloadDir, "delegated"))).toEqual([]);
  });

  it("refuses APNIC files past the limit, compressed on the wire or not, without fetching them again", async () => {
    const bomb = Buffer.concat(Array.from({ length: 4 }, () => gzipSync(Buffer.alloc(8 * MiB, 0x20))));
    server.files.set("/v6stats/v6economyas/BR/AS64496.json", {
      body: bomb,
      headers: { "content-encoding": "gzip" },
    });
    const url = `${server.url}/v6stats/v6economyas/BR/AS64496.json`;
    const before = server.requests.length;
    const request = { base: `${server.url}/v6stats`, asns: [64496], ccs: ["BR"] };
    expect((await refusal(ingestApnic(request, limited()))).message).toMatch(
      `1 of 1 files could not be fetched; first: ${url}: the response decompresses to more than 1 MiB, ` +
        "the limit for apnic input (raise it with ATALAYA_MAX_DECOMPRESSED_MB=apnic=<MiB>",
    );
    expect(server.requests.length - before).toBe(1);
    server.files.set("/v6stats/v6economyas/BR/AS64496.json", { body: Buffer.alloc(2 * MiB, 0x20) });
    expect((await refusal(ingestApnic(request, limited()))).message).toMatch(
      `${url}: the response is larger than 1 MiB, the limit for apnic input`,
    );
    // A local tree (file: URLs) is held to the same limit.
    const tree = path.join(dir, "v6stats");
    execFileSync("mkdir", ["-p", path.join(tree, "v6economyas", "BR")]);
    writeFileSync(path.join(tree, "v6economyas", "BR", "AS64496.json"), Buffer.alloc(2 * MiB, 0x20));
    const local = { ...request, base: pathToFileURL(tree).href };
    expect((await refusal(ingestApnic(local, limited()))).message).toMatch(
      /AS64496\.json: is larger than 1 MiB, the limit for apnic input/,
    );
    expect(await lastRun(database, "apnic")).toMatchObject({ status: "failed" });
  });

  it("refuses a Radar response that inflates past the limit", async () => {
    server.files.set("/client/v4/radar/http/timeseries_groups/ip_version", {
      body: Buffer.concat(Array.from({ length: 4 }, () => gzipSync(Buffer.alloc(8 * MiB, 0x20)))),
      headers: { "content-encoding": "gzip" },
    });
    const request = { base: `${server.url}/client/v4`, token: "t0ken", asns: [64496], paceMs: 0 };
    expect((await refusal(ingestRadar(request, limited()))).message).toMatch(
      /1 of 1 networks could not be fetched; first: http:\S+ip_version\?asn=64496\S*: the response is larger than 1 MiB, the limit for radar input/,
    );
  });

  it("refuses random bytes given to delegated in one printable line naming the first bad line", async () => {
    const file = randomBytes(path.join(dir, "random.bin"), 64 * 1024, 0x9e3779b9);
    const error = await refusal(runIngest(delegatedSource, { file }, testContext(database)));
    expect(error.message.startsWith(`${file}:1: malformed version line`)).toBe(true);
    expect(error.message).not.toMatch(UNPRINTABLE);
    const run = await lastRun(database, "delegated");
    expect(run).toMatchObject({ status: "failed", error: error.message });
    const stored = await database.db
      .select()
      .from(rejectedLines)
      .where(eq(rejectedLines.runId, run?.id as number));
    expect(stored.length).toBeGreaterThan(100);
    // The random lines hold NULs and control bytes: stored escaped, each one printable text.
    expect(stored.some((r) => r.raw.includes("\\x00"))).toBe(true);
    for (const r of stored) {
      expect(r.raw).not.toMatch(UNPRINTABLE);
      expect(r.reason).not.toMatch(UNPRINTABLE);
    }
  });

  it.each(fileSources)(
    "refuses random bytes given to %s without storing anything unprintable",
    async (source, spec) => {
      const file = randomBytes(path.join(dir, `${source}-random.bin`), 64 * 1024, 0x85ebca6b);
      const error = await refusal(runIngest(spec, { file }, testContext(database)));
      expect(error.message.startsWith(`${file}`)).toBe(true);
      expect(error.message).not.toMatch(UNPRINTABLE);
      const run = await lastRun(database, source);
      expect(run?.status).toBe("failed");
      expect(run?.error ?? "").not.toMatch(UNPRINTABLE);
      const stored = await database.db
        .select()
        .from(rejectedLines)
        .where(eq(rejectedLines.runId, run?.id as number));
      for (const r of stored) expect(`${r.raw} ${r.reason}`).not.toMatch(UNPRINTABLE);
    },
  );

  it("rejects a delegated record whose holder id holds a NUL, naming its line", async () => {
    const lines = generateDemo().delegated.split("\n");
    lines[9] = `${lines[9]}\u0000x`;
    const file = path.join(dir, "nul.txt");
    writeFileSync(file, lines.join("\n"));
    expect((await refusal(runIngest(delegatedSource, { file }, testContext(database)))).message).toMatch(
      new RegExp(`^${file}:10: opaque-id is not text — 1 malformed lines exceed the 0 tolerated`),
    );
  });

  it("rejects a VRP whose trust anchor holds a NUL, and a traffic row dated year 0000", async () => {
    const vrps = path.join(dir, "vrps.json");
    writeFileSync(
      vrps,
      JSON.stringify({
        roas: [
          { asn: 64496, prefix: "2001:db8::/32", maxLength: 48, ta: "lacnic" },
          { asn: 64497, prefix: "2001:db8:1::/48", maxLength: 48, ta: "lac\u0000nic" },
        ],
      }),
    );
    const published = await runIngest(vrpSource, { file: vrps }, testContext(database, { maxRejected: 1 }));
    expect(published).toMatchObject({ status: "succeeded", rows: 1, rejected: 1 });
    const csv = path.join(dir, "traffic.csv");
    writeFileSync(csv, "date,ipv4_bytes,ipv6_bytes\n0000-01-01,800,200\n2026-10-01,800,200\n");
    const spec = selfReportedSource(64496, "AR", "2026-11-01");
    expect((await refusal(runIngest(spec, { file: csv }, testContext(database)))).message).toBe(
      `${csv}:2: date "0000-01-01" is not a YYYY-MM-DD date — 1 malformed lines exceed the 0 tolerated`,
    );
  });
});
