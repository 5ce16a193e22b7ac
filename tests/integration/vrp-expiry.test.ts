/**
 * VRP expiry end to end, on each database: the real RIPE NCC archive roas.csv for the LACNIC TA
 * (../shared/data/real, PROVENANCE.md §3) and a small Routinator jsonext list ingested with its
 * ROAs' own expiry (the latest of identical VRPs), Cloudflare's chain-wide `expires` not kept, the list's build day kept as the run's
 * data date, a bad expiry refusing the file by line and field, and the provider page listing the
 * network's ROAs that expire within 14 days of the list's date as a fix, soonest first.
 * Expected values of the real file were computed with awk, independently of this code:
 *   awk -F, 'NR>1 {print $6}' roas.csv | sort | sed -n '1p;$p'   → 2026-01-20 20:02:37, 2026-12-18 11:35:03
 *   awk -F, 'NR>1 {print $6}' roas.csv | sort -u | wc -l          → 62
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { delegatedSource, runIngest, vrpSource } from "@atalaya/ingest";
import { formatPrefix, parseVrps } from "@atalaya/net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { realData } from "../helpers/shared-data";

const lacnic = realData("rpki-lacnic-roas-ripe-archive/roas_202512.first74rows.csv");

/** `AS<asn> <prefix> <maxLength>` → Not After as ISO text, straight from the file's columns. */
function notAfterByVrp(text: string): Map<string, string> {
  const rows = text.split("\n").slice(1).filter(Boolean);
  return new Map(
    rows.map((line) => {
      const f = line.split(",");
      return [`${f[1]} ${f[2]} ${f[3]}`, `${f[5]?.replace(" ", "T")}Z`];
    }),
  );
}

const at = (iso: string) => Date.parse(iso) / 1000;

/**
 * A Routinator jsonext entry: the ROA's own validity ends at `notAfter` (none: a SLURM exception);
 * its chain's ends within a day, as a CRL's next update does, and is not what expires.
 */
function jsonextEntry(asn: string, prefix: string, maxLength: number, notAfter: string | null) {
  const source = notAfter
    ? {
        type: "roa",
        uri: `rsync://rpki.example/${prefix.replace(/[/:]/g, "_")}.roa`,
        tal: "lacnic",
        validity: { notBefore: "2026-01-01T00:00:00Z", notAfter },
        chainValidity: { notBefore: "2026-01-01T00:00:00Z", notAfter: "2026-11-02T00:00:00Z" },
      }
    : { type: "exception", path: "/etc/routinator/slurm.json" };
  return { asn, prefix, maxLength, source: [source] };
}

/** Routinator jsonext generated 2026-11-01 06:00 UTC; 192.0.2.0/24 twice, the later expiry kept. */
const ROUTINATOR = JSON.stringify({
  metadata: { generated: at("2026-11-01T06:00:00Z"), generatedTime: "2026-11-01T06:00:00Z" },
  roas: [
    jsonextEntry("AS64496", "192.0.2.0/24", 24, "2026-11-02T00:00:00Z"),
    jsonextEntry("AS64496", "2001:db8::/32", 48, "2026-11-03T08:00:00Z"),
    jsonextEntry("AS64496", "192.0.2.0/24", 24, "2026-11-10T00:00:00Z"),
    jsonextEntry("AS64496", "198.51.100.0/24", 24, "2026-12-20T00:00:00Z"),
    jsonextEntry("AS64496", "203.0.113.0/24", 24, null),
    jsonextEntry("AS64496", "2001:db8:1::/48", 48, "2026-11-14T12:00:00Z"),
    jsonextEntry("AS64497", "2001:db8:100::/40", 48, "2026-11-02T00:00:00Z"),
  ],
});

/** Cloudflare's rpki.json: `asn` as text, `expires` (chain-wide) in Unix seconds, no buildmachine. */
const CLOUDFLARE = JSON.stringify({
  metadata: { generated: at("2026-11-05T00:00:00Z"), valid: at("2026-11-06T00:00:00Z") },
  roas: [
    {
      prefix: "192.0.2.0/24",
      maxLength: 24,
      asn: "AS64496",
      ta: "lacnic",
      expires: at("2026-11-09T10:00:00Z"),
    },
    {
      prefix: "2001:db8::/32",
      maxLength: 32,
      asn: "AS64496",
      ta: "lacnic",
      expires: at("2027-01-01T00:00:00Z"),
    },
  ],
});

const REGISTRY = [
  "2.3|lacnic|20261101|3|19870101|20261101|-0300",
  "lacnic|UY|asn|64496|1|20100101|allocated|H1",
  "lacnic|UY|ipv4|192.0.2.0|256|20100101|allocated|H1",
  "lacnic|UY|ipv6|2001:db8::|32|20100101|allocated|H1",
].join("\n");

describe.each(targets)("VRP expiry on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  /** Every stored VRP as `AS<asn> <prefix> <maxLength>` → expiry (ISO, UTC) or null. */
  const stored = async () => {
    const rows = await database.rows<{ vrp: string; expires: string | null }>(sql`
      select 'AS' || asn || ' ' || prefix::text || ' ' || max_length as vrp,
        to_char(expires at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires
      from vrps order by 1`);
    return new Map(rows.map((r) => [r.vrp, r.expires]));
  };
  const ingestVrps = (file: string) => runIngest(vrpSource, { file }, testContext(database, { force: true }));

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await runIngest(delegatedSource, { file: write("registry.txt", REGISTRY) }, testContext(database));
  });
  afterAll(async () => dispose?.());

  it.skipIf(!lacnic)("keeps roas.csv's Not After (UTC) for every VRP of the real LACNIC file", async () => {
    const text = readFileSync(lacnic as string, "utf8");
    const parsed = parseVrps(text);
    const times = parsed.vrps.map((v) => v.expires as number).sort((a, b) => a - b);
    expect(new Date((times[0] as number) * 1000).toISOString()).toBe("2026-01-20T20:02:37.000Z");
    expect(new Date((times.at(-1) as number) * 1000).toISOString()).toBe("2026-12-18T11:35:03.000Z");
    expect(new Set(times).size).toBe(62);
    const first = parsed.vrps[0];
    expect(first && `AS${first.asn} ${formatPrefix(first.prefix)} ${first.expires}`).toBe(
      `AS52471 5.183.80.0/22 ${at("2026-08-22T06:45:00Z")}`,
    );

    const result = await ingestVrps(lacnic as string);
    expect(result).toMatchObject({ status: "succeeded", rows: 74, dataDate: null });
    expect(await stored()).toEqual(notAfterByVrp(text));
  });

  it("keeps jsonext's ROA validity, the latest of identical VRPs, and the list's generated day", async () => {
    const result = await ingestVrps(write("vrps.json", ROUTINATOR));
    expect(result).toMatchObject({ status: "succeeded", rows: 6, dataDate: "2026-11-01" });
    expect(Object.fromEntries(await stored())).toEqual({
      "AS64496 192.0.2.0/24 24": "2026-11-10T00:00:00Z",
      "AS64496 198.51.100.0/24 24": "2026-12-20T00:00:00Z",
      "AS64496 2001:db8::/32 48": "2026-11-03T08:00:00Z",
      "AS64496 2001:db8:1::/48 48": "2026-11-14T12:00:00Z",
      "AS64496 203.0.113.0/24 24": null,
      "AS64497 2001:db8:100::/40 48": "2026-11-02T00:00:00Z",
    });
    const [run] = await database.rows<{ data_date: string }>(sql`
      select to_char(data_date, 'YYYY-MM-DD') as data_date from ingest_runs where id = ${result.runId}`);
    expect(run?.data_date).toBe("2026-11-01");
  });

  it("lists the network's ROAs expiring within 14 days of the list's date as a fix, soonest first", async () => {
    const app = createApp({ database, log: silentLogger });
    const res = await app.request("/api/v1/asns/AS64496");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: {
        routing: {
          nextSteps: Array<{
            family: string;
            problem: string;
            prefixes: string[];
            total: number;
            roas?: Array<{ prefix: string; maxLength: number; asn: number; expires: string }>;
          }>;
        };
      };
    };
    const expiring = body.data.routing.nextSteps.filter((s) => s.problem === "roa-expiring");
    // From 2026-11-01 00:00 UTC (the build day) to 14 days later: not 198.51.100.0/24 (December),
    // not 203.0.113.0/24 (no expiry), not AS64497's.
    expect(expiring).toEqual([
      expect.objectContaining({
        family: "ipv6",
        prefixes: ["2001:db8::/32", "2001:db8:1::/48"],
        total: 2,
        roas: [
          { prefix: "2001:db8::/32", maxLength: 48, asn: 64496, expires: "2026-11-03T08:00:00Z" },
          { prefix: "2001:db8:1::/48", maxLength: 48, asn: 64496, expires: "2026-11-14T12:00:00Z" },
        ],
      }),
      expect.objectContaining({
        family: "ipv4",
        prefixes: ["192.0.2.0/24"],
        total: 1,
        roas: [{ prefix: "192.0.2.0/24", maxLength: 24, asn: 64496, expires: "2026-11-10T00:00:00Z" }],
      }),
    ]);
    // Other fixes carry no ROA list.
    expect(body.data.routing.nextSteps.filter((s) => s.problem !== "roa-expiring" && s.roas)).toEqual([]);
  });

  it("keeps no expiry from Cloudflare's chain-wide expires, and the list's generated day", async () => {
    const result = await ingestVrps(write("rpki.json", CLOUDFLARE));
    expect(result).toMatchObject({ status: "succeeded", rows: 2, dataDate: "2026-11-05" });
    expect(Object.fromEntries(await stored())).toEqual({
      "AS64496 192.0.2.0/24 24": null,
      "AS64496 2001:db8::/32 32": null,
    });
    const app = createApp({ database, log: silentLogger });
    const body = (await (await app.request("/api/v1/asns/AS64496")).json()) as {
      data: { routing: { nextSteps: Array<{ problem: string }> } };
    };
    expect(body.data.routing.nextSteps.filter((s) => s.problem === "roa-expiring")).toEqual([]);
  });

  it("refuses a list with an expiry that is not a time, naming the line and the field", async () => {
    const file = write(
      "roas.csv",
      [
        "URI,ASN,IP Prefix,Max Length,Not Before,Not After",
        "rsync://a.example/a.roa,AS64496,192.0.2.0/24,24,2025-08-23 06:40:00,2026-08-22 06:45:00",
        "rsync://a.example/b.roa,AS64496,2001:db8::/32,48,2025-08-23 06:40:00,2026-02-30 06:45:00",
      ].join("\n"),
    );
    await expect(ingestVrps(file)).rejects.toThrow(
      `${file}:3: Not After "2026-02-30 06:45:00" is not a time (YYYY-MM-DD hh:mm:ss, UTC)`,
    );
    // Nothing published: the Cloudflare list is still live.
    expect((await stored()).size).toBe(2);
  });
});
