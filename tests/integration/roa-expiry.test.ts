/**
 * The roa-expiring alert from real ingests, on each database: Routinator jsonext lists (each
 * ROA's own validity) ingested as a user's would be, then `detectAlertEvents` at chosen moments. A baseline first
 * (what already expires is not news); then one event per region network whose VRPs expiring
 * within 14 days include one not seen before, listing them all, once however often detection
 * runs; a set that only shrinks (a ROA lapsed or was renewed beyond the window) says nothing; a
 * ROA reaching the window as time passes, or renewed to another day still within it, is news.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createApp, detectAlertEvents } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { delegatedSource, runIngest, vrpSource } from "@atalaya/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

const REGISTRY = [
  "2.3|lacnic|20261101|3|19870101|20261101|-0300",
  "lacnic|BR|asn|64496|1|20100101|allocated|H1",
  "lacnic|BR|asn|64497|1|20100101|allocated|H2",
  "lacnic|AR|asn|64498|1|20100101|allocated|H3",
].join("\n");

type Roa = [asn: number, prefix: string, maxLength: number, expires: string | null];

/** Routinator's jsonext, each ROA's own validity ending at `expires` (none: a SLURM exception). */
function vrpsJson(generated: string, roas: Roa[]): string {
  return JSON.stringify({
    metadata: { generated: Date.parse(generated) / 1000, generatedTime: generated },
    roas: roas.map(([asn, prefix, maxLength, expires]) => ({
      asn: `AS${asn}`,
      prefix,
      maxLength,
      source: [
        expires
          ? {
              type: "roa",
              uri: `rsync://rpki.example/${asn}-${prefix.replace(/[/:]/g, "_")}.roa`,
              tal: "lacnic",
              validity: { notBefore: "2026-01-01T00:00:00Z", notAfter: expires },
              chainValidity: { notBefore: "2026-01-01T00:00:00Z", notAfter: expires },
            }
          : { type: "exception", path: "/etc/routinator/slurm.json" },
      ],
    })),
  });
}

const FIRST: Roa[] = [
  [64496, "192.0.2.0/24", 24, "2026-11-05T00:00:00Z"],
  [64496, "2001:db8::/32", 48, "2026-11-10T06:00:00Z"],
  [64496, "198.51.100.0/24", 24, "2026-12-31T00:00:00Z"],
  // Passed already at the first detection: lapsed, not about to.
  [64497, "203.0.113.0/24", 24, "2026-11-01T11:00:00Z"],
  [64497, "2001:db8:100::/40", 48, "2027-03-01T00:00:00Z"],
  [64498, "2001:db8:300::/40", 40, null],
  // Not a region network.
  [64511, "2001:db8:200::/40", 48, "2026-11-03T00:00:00Z"],
];

/** The key's digest, computed here from the payload's own lines. */
const digest = (roas: Array<{ prefix: string; maxLength: number; expires: string }>) =>
  createHash("sha256")
    .update(
      roas
        .map((r) => `${r.prefix} ${r.maxLength} ${r.expires}`)
        .sort()
        .join("\n"),
    )
    .digest("hex")
    .slice(0, 16);

describe.each(targets)("roa-expiring alerts on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let clock = new Date("2026-11-01T12:00:00Z");
  const dir = tempDir();
  let files = 0;
  const detect = async () =>
    (
      await detectAlertEvents(database, {
        log: silentLogger,
        baseUrl: "https://atalaya.example",
        mailConfigured: false,
        now: clock,
      })
    ).events.filter((e) => e.kind === "roa-expiring");
  const ingest = async (buildtime: string, roas: Roa[]) => {
    const file = path.join(dir, `vrps-${++files}.json`);
    writeFileSync(file, vrpsJson(buildtime, roas));
    await runIngest(vrpSource, { file }, testContext(database, { force: true }));
  };

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    const registry = path.join(dir, "delegated.txt");
    writeFileSync(registry, `${REGISTRY}\n`);
    await runIngest(delegatedSource, { file: registry }, testContext(database));
    await ingest("2026-11-01T10:00:00Z", FIRST);
  });
  afterAll(async () => dispose?.());

  it("takes a baseline first: ROAs already expiring are not reported", async () => {
    const result = await detectAlertEvents(database, {
      log: silentLogger,
      baseUrl: "https://atalaya.example",
      mailConfigured: false,
      now: clock,
    });
    expect(result.baselined).toContain("roa-expiring");
    expect(result.events).toEqual([]);
    expect(await detect()).toEqual([]);
  });

  it("reports a network's new expiring ROA once, listing every one it has, with a key stable over the set", async () => {
    const roas: Roa[] = [...FIRST];
    roas[4] = [64497, "2001:db8:100::/40", 48, "2026-11-08T00:00:00Z"];
    await ingest("2026-11-01T11:00:00Z", roas);
    const events = await detect();
    const expected = [{ prefix: "2001:db8:100::/40", maxLength: 48, asn: 64497, expires: "2026-11-08" }];
    expect(events.map((e) => [e.key, e.asn, e.organisationId, e.cc, e.payload, e.link])).toEqual([
      [
        `roa-expiring:as:64497:${digest(expected)}`,
        64497,
        "lacnic:H2",
        "BR",
        { scope: "network", name: null, roas: expected },
        "/as/64497#routing",
      ],
    ]);
    // Again, and from two callers at once: nothing new.
    expect(await Promise.all([detect(), detect()])).toEqual([[], []]);

    const app = createApp({ database, log: silentLogger });
    const activity = (await (await app.request("/api/v1/asns/AS64497/activity?lang=es")).json()) as {
      data: Array<{ kind: string; title: string }>;
    };
    expect(activity.data.map((e) => [e.kind, e.title])).toEqual([
      ["roa-expiring", "AS64497: 1 ROA(s) vencen en 14 días o menos"],
    ]);
  });

  it("says nothing when the set only shrinks, as ROAs lapse or are renewed beyond 14 days", async () => {
    // 192.0.2.0/24 lapsed on the 5th.
    clock = new Date("2026-11-06T00:00:00Z");
    expect(await detect()).toEqual([]);
    const roas: Roa[] = [...FIRST];
    roas[1] = [64496, "2001:db8::/32", 48, "2027-11-10T00:00:00Z"];
    roas[4] = [64497, "2001:db8:100::/40", 48, "2026-11-08T00:00:00Z"];
    await ingest("2026-11-05T23:00:00Z", roas);
    expect(await detect()).toEqual([]);
  });

  it("reports a ROA that reaches the window as time passes, and one renewed to another day within it", async () => {
    clock = new Date("2026-12-20T00:00:00Z");
    const reached = await detect();
    expect(reached.map((e) => [e.asn, e.payload.roas])).toEqual([
      [64496, [{ prefix: "198.51.100.0/24", maxLength: 24, asn: 64496, expires: "2026-12-31" }]],
    ]);
    await ingest("2026-12-19T23:00:00Z", [
      [64496, "198.51.100.0/24", 24, "2027-01-02T00:00:00Z"],
      [64496, "2001:db8::/32", 48, "2026-12-25T00:00:00Z"],
      [64497, "2001:db8:100::/40", 48, "2027-03-01T00:00:00Z"],
    ]);
    const renewed = await detect();
    expect(renewed.map((e) => [e.asn, e.payload.roas])).toEqual([
      [
        64496,
        [
          { prefix: "2001:db8::/32", maxLength: 48, asn: 64496, expires: "2026-12-25" },
          { prefix: "198.51.100.0/24", maxLength: 24, asn: 64496, expires: "2027-01-02" },
        ],
      ],
    ]);
    expect(await detect()).toEqual([]);
  });
});
