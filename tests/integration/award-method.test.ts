/**
 * The award line as issue 12 asks for it, end to end on both engines: APNIC Labs files for every
 * (ASN, economy) the AS population names in the region, pooled over a network's LACNIC-region
 * economies and shown split by economy; the interval of `jim-bound/2` (quasi-binomial) by default
 * and `jim-bound/1` (Wilson) for a cycle created under it; Cloudflare Radar beside APNIC, with the
 * "sources disagree" flag and the board filtered by it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import { awardCycles, type Database } from "@atalaya/db";
import { asPopulationSource, delegatedSource, ingestApnic, ingestRadar, runIngest } from "@atalaya/ingest";
import {
  addDays,
  DEFAULT_PARAMETERS,
  dispersionPool,
  quasiBinomialInterval,
  wilsonInterval,
} from "@atalaya/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";
import { type RadarServer, radarBody, radarSeries, startRadar, TOKEN } from "../helpers/radar-server";

const END = "2026-10-31";

const REGISTRY = [
  "2.3|lacnic|20261101|4|19870101|20261101|-0300",
  "lacnic|BR|asn|64510|1|20100101|allocated|H10",
  "lacnic|BR|asn|64511|1|20100101|allocated|H10",
  "lacnic|AR|asn|64512|1|20100101|allocated|H11",
  "lacnic|UY|asn|64513|1|20100101|allocated|H12",
].join("\n");

/** 30 days ending on END; `share(i)` is day i's preferred share. */
function apnicFile(asn: number, cc: string, seen: number, share: (i: number) => number) {
  const data = Array.from({ length: 30 }, (_, i) => ({
    date: addDays(END, i - 29),
    as: asn,
    cc,
    type: "economyas",
    raw: { seen, capable: seen, preferred: Math.round(seen * share(i)) },
  }));
  return { body: Buffer.from(JSON.stringify({ copyright: "test", description: "test", docs: "", data })) };
}

// AS64511's days swing between 15% and 29% on 50,000 samples a day: 22% pooled from 1.5M samples.
const swinging = (i: number) => (i % 2 === 0 ? 0.15 : 0.29);
const swingingDays = Array.from({ length: 30 }, (_, i) => ({
  date: addDays(END, i - 29),
  samples: 50_000,
  hits: Math.round(50_000 * swinging(i)),
}));

interface Row {
  asn: number;
  state: string;
  share: number | null;
  lo: number | null;
  hi: number | null;
  samples: number;
  dispersion?: number;
  effectiveSamples?: number;
  economies: Array<{ cc: string; inRegion: boolean; share: number | null; samples: number; days: number }>;
  otherSources: Array<{ source: string; share: number; agrees: boolean | null }>;
  sourcesDisagree: boolean;
}
interface BoardBody {
  data: {
    parameters: { methodVersion: string; cycle: { name: string } | null };
    networks: Row[];
    organisations: Array<Omit<Row, "asn"> & { id: string }>;
  };
}

describe.each(targets)("the award line on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let apnic: LocalServer;
  let radar: RadarServer;
  const dir = tempDir();
  const board = async (query = "") => {
    const app = createApp({ database, log: silentLogger });
    const res = await app.request(`/api/v1/awards/jim-bound?orgLimit=1000&${query}`);
    expect(res.status, query).toBe(200);
    return ((await res.json()) as BoardBody).data;
  };
  const network = (rows: Row[], asn: number) => rows.find((n) => n.asn === asn) as Row;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    apnic = await startLocalServer();
    radar = await startRadar();
    const registry = path.join(dir, "delegated.txt");
    writeFileSync(registry, `${REGISTRY}\n`);
    await runIngest(delegatedSource, { file: registry }, testContext(database));
    // AS64510 serves Brazil, Paraguay (registered in neither for PY) and the United States.
    const aspop = path.join(dir, "aspop.json");
    writeFileSync(
      aspop,
      JSON.stringify({
        Data: [
          { rank: 1, AS: "AS64510", CC: "BR", Users: 90_000, Samples: 100 },
          { rank: 2, AS: "AS64510", CC: "PY", Users: 20_000, Samples: 100 },
          { rank: 3, AS: "AS64510", CC: "US", Users: 5_000, Samples: 100 },
        ],
      }),
    );
    await runIngest(asPopulationSource, { file: aspop }, testContext(database));
    const put = (asn: number, cc: string, seen: number, share: (i: number) => number) =>
      apnic.files.set(`/v6stats/v6economyas/${cc}/AS${asn}.json`, apnicFile(asn, cc, seen, share));
    put(64510, "BR", 10_000, () => 0.3);
    put(64510, "PY", 2_000, () => 0.1);
    put(64510, "US", 1_000, () => 0.9);
    put(64511, "BR", 50_000, swinging);
    put(64512, "AR", 2_000, () => 0.3);
    put(64513, "UY", 2_000, () => 0.3);
    // Radar: AS64512 at 12% (APNIC says 30%: they disagree), AS64513 at 35% (they agree).
    radar.series.set(64512, radarBody(radarSeries(END, 30, () => 12)));
    radar.series.set(64513, radarBody(radarSeries(END, 30, () => 35)));
    await ingestApnic({ base: `${apnic.url}/v6stats` }, testContext(database));
    await ingestRadar(
      { base: `${radar.url}/client/v4`, token: TOKEN, paceMs: 0, today: addDays(END, 1) },
      testContext(database),
    );
    const cycle = { award: "jim-bound" as const, ...DEFAULT_PARAMETERS, evaluationDate: END };
    await database.db.insert(awardCycles).values([
      { ...cycle, name: "Decided under jim-bound/1", methodVersion: "jim-bound/1" },
      { ...cycle, name: "Decided under jim-bound/2", methodVersion: "jim-bound/2" },
    ]);
  });
  afterAll(async () => {
    await apnic?.close();
    await radar?.close();
    await dispose?.();
  });

  it("fetches every region economy the AS population names, and none outside the region", () => {
    const asked = apnic.requests.map((r) => r.path).sort();
    expect(asked).toEqual([
      "/v6stats/v6economyas/AR/AS64512.json",
      "/v6stats/v6economyas/BR/AS64510.json",
      "/v6stats/v6economyas/BR/AS64511.json",
      "/v6stats/v6economyas/PY/AS64510.json",
      "/v6stats/v6economyas/UY/AS64513.json",
    ]);
  });

  it("pools a network's region economies and shows the split", async () => {
    const data = await board();
    expect(data.parameters.methodVersion).toBe("jim-bound/2");
    const multi = network(data.networks, 64510);
    // (30 × 3,000 + 30 × 200) / (30 × 10,000 + 30 × 2,000) = 96,000 / 360,000.
    expect(multi).toMatchObject({ state: "eligible", samples: 360_000 });
    expect(multi.share).toBeCloseTo(96_000 / 360_000, 12);
    expect(multi.economies).toEqual([
      expect.objectContaining({ cc: "BR", inRegion: true, share: 0.3, samples: 300_000, days: 30 }),
      expect.objectContaining({ cc: "PY", inRegion: true, share: 0.1, samples: 60_000, days: 30 }),
    ]);
    // The organisation of AS64510 and AS64511 is split by economy too: Brazil holds both.
    const organisation = data.organisations.find((o) => o.id === "lacnic:H10");
    expect(organisation?.economies.map((e) => [e.cc, e.samples])).toEqual([
      ["BR", 300_000 + 1_500_000],
      ["PY", 60_000],
    ]);
    // The standing page shows the same split and the same pooled share.
    const app = createApp({ database, log: silentLogger });
    const standing = (await (await app.request("/api/v1/asns/AS64510")).json()) as {
      data: {
        standing: { methodVersion: string; economySplit: unknown; metrics: { preferred: { share: number } } };
      };
    };
    expect(standing.data.standing.economySplit).toEqual(multi.economies);
    expect(standing.data.standing.methodVersion).toBe("jim-bound/2");
    expect(standing.data.standing.metrics.preferred.share).toBeCloseTo(96_000 / 360_000, 12);
    // Paraguay's own figure is AS64510's Paraguayan rows: 10%.
    const py = (await (await app.request("/api/v1/countries/PY")).json()) as {
      data: { ipv6Share: { share: number; networks: number } };
    };
    expect(py.data.ipv6Share).toMatchObject({ share: expect.closeTo(0.1, 12), networks: 1 });
  });

  it("widens the interval by the day-to-day spread under jim-bound/2, and keeps Wilson for a jim-bound/1 cycle", async () => {
    const hits = swingingDays.reduce((s, d) => s + d.hits, 0);
    const quasi = quasiBinomialInterval(dispersionPool(swingingDays));
    const wilson = wilsonInterval(hits, 1_500_000);
    const current = network((await board()).networks, 64511);
    expect(current).toMatchObject({ state: "borderline", lo: quasi?.lo, hi: quasi?.hi });
    expect(current.dispersion).toBeGreaterThan(100);
    expect(current.effectiveSamples).toBeCloseTo(1_500_000 / (current.dispersion as number), 6);
    const two = await board("cycle=Decided under jim-bound/2");
    expect(network(two.networks, 64511)).toEqual(current);
    // The old method, exactly as before: Wilson's bounds, eligible, and no dispersion fields.
    const one = await board("cycle=Decided under jim-bound/1");
    expect(one.parameters.methodVersion).toBe("jim-bound/1");
    const old = network(one.networks, 64511);
    expect(old).toMatchObject({ state: "eligible", share: wilson?.share, lo: wilson?.lo, hi: wilson?.hi });
    expect(old).not.toHaveProperty("dispersion");
    expect((old.lo as number) > (current.lo as number)).toBe(true);
  });

  it("reproduces byte for byte what Atalaya computed under jim-bound/1 before jim-bound/2 existed", async () => {
    // The same three networks' files evaluated by commit 2abe02d (the last without jim-bound/2),
    // whose board rows are what its decisions froze: printed there with JSON.stringify.
    const frozenBy2abe02d = [
      '{"asn":64511,"state":"eligible","share":0.22,"lo":0.21933779755965518,"hi":0.22066363658129842,"samples":1500000,"days":30,"reason":null}',
      '{"asn":64512,"state":"eligible","share":0.3,"lo":0.296346142201811,"hi":0.3036794658841202,"samples":60000,"days":30,"reason":null}',
      '{"asn":64513,"state":"eligible","share":0.3,"lo":0.296346142201811,"hi":0.3036794658841202,"samples":60000,"days":30,"reason":null}',
    ];
    const one = await board("cycle=Decided under jim-bound/1");
    const now = one.networks
      .filter((n) => n.asn !== 64510)
      .map((n) => {
        const { asn, state, share, lo, hi, samples, days, reason } = n as Row & {
          days: number;
          reason: null;
        };
        return JSON.stringify({ asn, state, share, lo, hi, samples, days, reason });
      });
    expect(now).toEqual(frozenBy2abe02d);
  });

  it("flags a network whose other source falls on the other side of the line, and filters by it", async () => {
    const data = await board();
    const disputed = network(data.networks, 64512);
    expect(disputed).toMatchObject({ state: "eligible", sourcesDisagree: true });
    expect(disputed.otherSources).toEqual([
      expect.objectContaining({ source: "radar", share: expect.closeTo(0.12, 10), agrees: false }),
    ]);
    expect(network(data.networks, 64513)).toMatchObject({
      state: "eligible",
      sourcesDisagree: false,
      otherSources: [expect.objectContaining({ source: "radar", agrees: true })],
    });
    const flagged = await board("disagree=true");
    expect(flagged.networks.map((n) => n.asn)).toEqual([64512]);
    expect(flagged.organisations).toEqual([]);
    const agreeing = await board("disagree=false");
    expect(agreeing.networks.map((n) => n.asn)).toEqual([64510, 64511, 64513]);
    const app = createApp({ database, log: silentLogger });
    const csv = await (await app.request("/api/v1/awards/jim-bound?disagree=true&format=csv")).text();
    expect(csv.trim().split("\r\n").slice(1)).toEqual([
      // No beacon data here: its columns are empty.
      expect.stringMatching(/^network,64512,.*,jim-bound\/2,true,apnic,,,,,$/),
    ]);
  });
});
