/**
 * ROAs about to expire on full-size data: 800k VRPs (a few ASNs holding thousands, as real
 * repositories do), timed for the provider page's query (routingQueries.soonestExpiringVrpsOf)
 * and the alert detector (roaExpiring, 13,000 region networks; its query alone beside it), under
 * two spreads of expiry: every VRP within 1–14 days (what rpki-client's chain-wide `expires`
 * gave before ADR 0014 was revised to keep only the ROA's own expiry: now the worst case) and the
 * RIPE archive's roas.csv (ROA certificates over a year). Three layouts:
 * VRPs published in file order (prefix order, as rpki-client sorts them) with the primary key
 * only, in key order (asn first: what the publish does), and in key order with an index on
 * expires; the publish (insert from staging) timed for each.
 *
 *   node --import tsx bench/roa-expiry.ts        (DATABASE_URL set to include the server)
 */
import { type Database, routingQueries } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { roaExpiring } from "../packages/alerts/src/events/roa-expiry";
import { benchTargets } from "./targets";

const VRPS = 800_000;
const REGION_NETWORKS = 13_000;
const T0 = new Date("2026-11-01T00:00:00Z");
const REPEAT = 5;

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const ms = (t: number) => `${t.toFixed(1)} ms`;

/** 800k distinct /24s in prefix order; ASN skewed (ASN 1 holds ~19k VRPs); expiry by `spread` from T0. */
async function stageVrps(database: Database, runId: number, spreadDays: { from: number; to: number }) {
  // The same VRPs for every layout.
  await database.db.execute(sql`select setseed(0.42)`);
  await database.db.execute(sql`
    insert into vrps_staging (asn, prefix, max_length, trust_anchor, expires, run_id)
    select 1 + floor(75000 * power(random(), 3))::bigint,
      set_masklen('0.0.0.0'::inet + (i::bigint * 256), 24)::cidr, 24, 'lacnic',
      ${T0.toISOString()}::timestamptz
        + make_interval(secs => (${spreadDays.from} + random() * ${spreadDays.to - spreadDays.from}) * 86400),
      ${runId}
    from generate_series(1, ${VRPS}) as i`);
}

/** The publish's insert, in file order or in key order; its time. */
async function publish(database: Database, keyOrder: boolean): Promise<number> {
  const started = performance.now();
  await database.db.execute(sql`
    insert into vrps (asn, prefix, max_length, trust_anchor, expires, run_id)
    select asn, prefix, max_length, trust_anchor, expires, run_id from vrps_staging
    ${keyOrder ? sql`order by asn, prefix, max_length` : sql``}`);
  const took = performance.now() - started;
  await database.db.execute(sql`analyze vrps`);
  return took;
}

const networks = Array.from({ length: REGION_NETWORKS }, (_, i) => ({
  asn: 1 + i * 5,
  name: null,
  cc: "BR",
  organisationId: null,
  state: "below" as const,
  share: null,
  lo: null,
  hi: null,
  samples: 0,
  days: 0,
  crossing: null,
}));
const input = { evaluationDate: null, threshold: 0.2, networks, organisations: [] };

/** One layout of one spread, in a database of its own (a publish after a delete leaves dead rows). */
async function measure(
  target: (typeof benchTargets)[number],
  spread: string,
  days: { from: number; to: number },
  layout: { name: string; keyOrder: boolean; indexed: boolean },
) {
  const { database, dispose } = await target.open();
  try {
    const [run] = await database.rows<{ id: number }>(sql`
      insert into ingest_runs (source, location, data_date, status)
      values ('vrps', 'bench', ${T0.toISOString().slice(0, 10)}, 'succeeded') returning id`);
    if (layout.indexed) await database.db.execute(sql`create index vrps_expires_bench_idx on vrps (expires)`);
    await stageVrps(database, run?.id as number, days);
    const load = await publish(database, layout.keyOrder);
    // The heap pages holding the largest network's VRPs: what reading them touches.
    const [counts] = await database.rows<{ biggest: number; pages: number; window: number }>(sql`
      select (select count(*)::int from vrps where asn = 1) as biggest,
        (select count(distinct (ctid::text::point)[0])::int from vrps where asn = 1) as pages,
        (select count(*)::int from vrps where expires <= ${T0.toISOString()}::timestamptz + interval '14 days') as window`);
    const page = (asns: number[]) => () => routingQueries.soonestExpiringVrpsOf(database, asns, 14, 50);
    const biggest = await median(page([1]));
    const typical = await median(page([40_000]));
    const organisation = await median(page(Array.from({ length: 20 }, (_, i) => 100 + i * 7)));
    const until = new Date(T0.getTime() + 14 * 86_400_000);
    const asns = networks.map((n) => n.asn);
    const query = await median(() => routingQueries.vrpsExpiringBetween(database, asns, T0, until));
    let events = 0;
    const detector = await median(async () => {
      const detected = await roaExpiring(database, input, new Map(), { now: T0, baselined: true });
      events = detected.events.length;
    });
    console.log(
      `${target.name}, ${spread}, ${layout.name}: publish ${VRPS} VRPs ${ms(load)}; ${counts?.window} expire within 14 days; ` +
        `page: ASN with ${counts?.biggest} VRPs (on ${counts?.pages} pages) ${ms(biggest)}, typical ASN ${ms(typical)}, ` +
        `20-ASN organisation ${ms(organisation)}; detector (${REGION_NETWORKS} networks, ${events} events) ${ms(detector)}, its query ${ms(query)}`,
    );
  } finally {
    await dispose();
  }
}

for (const target of benchTargets)
  for (const [spread, days] of [
    ["rpki-client (1–14 days)", { from: 1, to: 14 }],
    ["roas.csv (0–365 days)", { from: 0, to: 365 }],
  ] as const)
    for (const layout of [
      { name: "file order", keyOrder: false, indexed: false },
      { name: "key order", keyOrder: true, indexed: false },
      { name: "key order + index on expires", keyOrder: true, indexed: true },
    ])
      await measure(target, spread, days, layout);
