/**
 * An award cycle names the source that decides it, on both engines (ADR 0016): an admin creates a
 * cycle decided by Atalaya's own beacon, and one that pools the beacon's counts with APNIC's, over
 * the API. The board, the CSV, the cycle list and the evidence packs of each follow the cycle's
 * choice; the demo's beacon networks (made through the beacon's test store and ingest) are the data.
 */
import { jimBoundBoard } from "@atalaya/api";
import { DEMO_MEASUREMENT_END } from "@atalaya/demo";
import { type PackData, recompute, resultProblems } from "@atalaya/evidence";
import { DEFAULT_PARAMETERS, windowEnding } from "@atalaya/metrics";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

interface Row {
  asn: number;
  state: string;
  share: number | null;
  samples: number;
  days: number;
  economies: Array<{ cc: string; samples: number }>;
  otherSources: Array<{ source: string; share: number; samples: number | null }>;
}
interface BoardBody {
  data: {
    parameters: { source: string; additionalSources: string[]; cycle: { id: number; name: string } | null };
    networks: Row[];
  };
}
interface CycleBody {
  id: number;
  name: string;
  metric: string;
  source: string;
  additionalSources: string[];
  methodVersion: string;
}

const window = windowEnding(DEMO_MEASUREMENT_END, DEFAULT_PARAMETERS.windowDays);

describe.each(targets)("award cycles naming their sources on $name", (target) => {
  let h: Harness;
  let admin: Client;
  let beaconAsn: number;
  /** Per source, the demo network's counts over the cycles' window, read straight from the table. */
  const counted = new Map<string, { samples: number; hits: number; days: number }>();
  const cycles: Record<string, CycleBody> = {};

  const board = async (cycle: string, extra = "") => {
    const res = await h.app.request(`/api/v1/awards/jim-bound?limit=1000&cycle=${cycle}${extra}`);
    expect(res.status).toBe(200);
    return (await res.json()) as BoardBody;
  };
  const row = (body: BoardBody) => body.data.networks.find((n) => n.asn === beaconAsn) as Row;

  beforeAll(async () => {
    h = await openHarness(target);
    admin = await h.addUser({ email: "admin@example.org", role: "admin" });
    // The demo network with the most beacon tests in the window.
    const [top] = await h.database.rows<{ asn: number }>(sql`
      select asn::float8 as asn from daily_measurements
      where source = 'atalaya-beacon' and date between ${window.start} and ${window.end}
      group by asn order by sum(samples) desc limit 1`);
    beaconAsn = Number(top?.asn);
    const sums = await h.database.rows<{ source: string; samples: number; hits: number; days: number }>(sql`
      select source, sum(samples)::float8 as samples, sum(preferred)::float8 as hits, count(distinct date)::int as days
      from daily_measurements m join countries c on c.cc = m.cc and c.in_lacnic_region
      where asn = ${beaconAsn} and source in ('apnic', 'atalaya-beacon')
        and date between ${window.start} and ${window.end} and samples > 0
      group by source`);
    for (const s of sums) counted.set(s.source, { samples: s.samples, hits: s.hits, days: s.days });
  });
  afterAll(async () => h?.dispose());

  it("lets an admin create a cycle decided by the beacon, and one pooling it with APNIC", async () => {
    expect(beaconAsn).toBeGreaterThan(0);
    expect(counted.get("atalaya-beacon")?.samples).toBeGreaterThan(0);
    expect(counted.get("apnic")?.samples).toBeGreaterThan(0);
    const create = async (body: Record<string, unknown>) =>
      admin.json<{ data: CycleBody }>("POST", "/api/v1/admin/award-cycles", body);

    const beacon = await create({
      name: "Beacon decides",
      evaluationDate: DEMO_MEASUREMENT_END,
      minSamples: 100,
      source: "atalaya-beacon",
    });
    expect(beacon.status).toBe(201);
    expect(beacon.body.data).toMatchObject({
      name: "Beacon decides",
      metric: "preferred",
      source: "atalaya-beacon",
      additionalSources: [],
      methodVersion: "jim-bound/2",
    });
    cycles.beacon = beacon.body.data;
    const pooled = await create({
      name: "APNIC with the beacon",
      evaluationDate: DEMO_MEASUREMENT_END,
      additionalSources: ["atalaya-beacon"],
    });
    expect(pooled.status).toBe(201);
    expect(pooled.body.data).toMatchObject({ source: "apnic", additionalSources: ["atalaya-beacon"] });
    cycles.pooled = pooled.body.data;

    const listed = await h.app.request("/api/v1/awards/cycles");
    const list = ((await listed.json()) as { data: CycleBody[] }).data;
    expect(list.find((c) => c.name === "Demo 2026")).toMatchObject({
      source: "apnic",
      additionalSources: [],
    });
    expect(list.find((c) => c.name === "Beacon decides")?.source).toBe("atalaya-beacon");

    // Each creation is in the audit log with the parameters it stored.
    const [audited] = await h.database.rows<{ n: number }>(sql`
      select count(*)::int as n from audit_log where action = 'award-cycle.create'`);
    expect(audited?.n).toBe(2);
  });

  it("refuses sources that cannot decide the metric, a name taken, and anyone but an admin", async () => {
    const create = async (body: Record<string, unknown>, client = admin) =>
      client.json<{ error: { message: string } }>("POST", "/api/v1/admin/award-cycles", {
        name: "Refused",
        evaluationDate: DEMO_MEASUREMENT_END,
        ...body,
      });
    const traffic = await create({ metric: "traffic", source: "atalaya-beacon" });
    expect(traffic.status).toBe(400);
    expect(traffic.body.error.message).toMatch(/^source: the traffic metric is decided by self-reported/);
    const twice = await create({ source: "atalaya-beacon", additionalSources: ["atalaya-beacon"] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/named twice/);
    expect((await create({ additionalSources: ["radar"] })).status).toBe(400);
    expect((await create({ minDays: 40 })).status).toBe(400);
    expect((await create({ name: "Beacon decides" })).status).toBe(409);
    const member = await h.addUser({ email: "reviewer@example.org", role: "committee" });
    expect((await create({}, member)).status).toBe(403);
  });

  it("decides a beacon cycle by the beacon's counts, with APNIC beside them", async () => {
    const body = await board(String(cycles.beacon?.id));
    expect(body.data.parameters).toMatchObject({ source: "atalaya-beacon", additionalSources: [] });
    const r = row(body);
    const beacon = counted.get("atalaya-beacon") as { samples: number; hits: number; days: number };
    expect(r.samples).toBe(beacon.samples);
    expect(r.days).toBe(beacon.days);
    expect(r.share).toBeCloseTo(beacon.hits / beacon.samples, 12);
    expect(r.state).not.toBe("insufficient-data");
    expect(r.otherSources.map((o) => o.source)).toContain("apnic");
    expect(r.otherSources.map((o) => o.source)).not.toContain("atalaya-beacon");
    // A network without beacon tests has nothing to be decided on.
    const untested = body.data.networks.find((n) => n.samples === 0);
    expect(untested?.state).toBe("insufficient-data");
  });

  it("pools the beacon's counts with APNIC's, day by day, when the cycle adds it", async () => {
    const body = await board(String(cycles.pooled?.id));
    expect(body.data.parameters).toMatchObject({ source: "apnic", additionalSources: ["atalaya-beacon"] });
    const r = row(body);
    const apnic = counted.get("apnic") as { samples: number; hits: number };
    const beacon = counted.get("atalaya-beacon") as { samples: number; hits: number };
    expect(r.samples).toBe(apnic.samples + beacon.samples);
    expect(r.share).toBeCloseTo((apnic.hits + beacon.hits) / (apnic.samples + beacon.samples), 12);
    expect(r.economies.reduce((sum, e) => sum + e.samples, 0)).toBeGreaterThanOrEqual(r.samples);
    expect(r.otherSources.map((o) => o.source)).not.toContain("atalaya-beacon");
    // The default cycle still decides by APNIC alone, with the beacon beside it.
    const usual = row(await board("Demo 2026"));
    expect(usual.samples).toBe(apnic.samples);
    expect(usual.otherSources.find((o) => o.source === "atalaya-beacon")?.samples).toBe(beacon.samples);
  });

  it("freezes evidence packs that give the pooled and the beacon-decided rows from their counts", async () => {
    const jimBound = jimBoundBoard(h.database);
    for (const cycle of [cycles.pooled, cycles.beacon] as CycleBody[]) {
      const { pack } = await jimBound.evidence(cycle.id, { kind: "network", id: String(beaconAsn) });
      const data = JSON.parse(pack.body) as PackData;
      expect(data.decidingSource).toBe(cycle.source);
      expect(data.parameters.additionalSources ?? []).toEqual(cycle.additionalSources);
      expect(resultProblems(data.result, recompute(data))).toEqual([]);
      const sources = new Set(data.counts.map((c) => c[0]));
      expect(sources.has("apnic") && sources.has("atalaya-beacon")).toBe(true);
      // Taking the beacon's rows out changes the result: they are part of what decides.
      const without = { ...data, counts: data.counts.filter((c) => c[0] !== "atalaya-beacon") };
      expect(resultProblems(data.result, recompute(without)).length).toBeGreaterThan(0);
    }
  });

  it("names the deciding sources and the beacon's figures in the board's CSV", async () => {
    const csv = async (cycle: string) => {
      const res = await h.app.request(
        `/api/v1/awards/jim-bound?format=csv&cycle=${encodeURIComponent(cycle)}`,
      );
      expect(res.status).toBe(200);
      const [header, ...lines] = (await res.text()).trim().split("\r\n");
      const columns = (header as string).split(",");
      const line = lines.find((l) => l.startsWith(`network,${beaconAsn},`)) as string;
      // No field of a network's line has a comma but its name, quoted: read from the end.
      const cells = line.split(",");
      const at = (name: string) => cells[cells.length - (columns.length - columns.indexOf(name))];
      return at;
    };
    const pooled = await csv(String(cycles.pooled?.id));
    expect(pooled("deciding_sources")).toBe("apnic+atalaya-beacon");
    expect(pooled("beacon_tests")).toBe("");
    const usual = await csv("Demo 2026");
    expect(usual("deciding_sources")).toBe("apnic");
    expect(Number(usual("beacon_tests"))).toBe(counted.get("atalaya-beacon")?.samples);
    expect(Number(usual("beacon_share"))).toBeGreaterThan(0);
  });
});
