/**
 * The demo's beacon data, made the way real data is: simulated browsers in a few demo networks
 * run beacon tests against the beacon's own test store (BeaconTests: tokens, the three fetches,
 * the report), from addresses inside those networks' announced prefixes, attributed by the live
 * route table; the counts are flushed to beacon_daily and published by the `atalaya-beacon`
 * ingest with its k-threshold. Only HTTP is skipped. Each network's browsers prefer IPv6 about
 * as often as APNIC's sampled users there do, so the two series sit side by side; one network
 * has too few tests on some days, which the threshold withholds.
 */
import { Attributor, BeaconTests, DailyCounts, DEFAULT_BEACON_SETTINGS } from "@atalaya/beacon";
import { type IngestContext, publishBeacon } from "@atalaya/ingest";
import { addDays } from "@atalaya/metrics";
import { parsePrefix } from "@atalaya/net";
import { sql } from "drizzle-orm";
import { Random } from "./random";

/** Networks given beacon data, the days they have it, and the threshold the demo publishes with. */
export const DEMO_BEACON = { networks: 5, days: 45, minTests: 20 } as const;

const SECRET = Buffer.from("the demo's beacon secret, used only while it loads");

interface Candidate {
  asn: number;
  share: number;
  v4: { first: number; size: number };
  v6: { first: bigint; size: bigint };
}

export async function loadDemoBeacon(ctx: IngestContext, end: string): Promise<void> {
  const { database } = ctx;
  const random = new Random(6_600);
  const attributor = await Attributor.load(database);
  // The largest measured networks with routes in both families, and APNIC's share there.
  const rows = await database.rows<{ asn: number; share: number; v4: string; v6: string }>(sql`
    with measured as (
      select asn, sum(preferred)::float8 / nullif(sum(samples), 0) as share, sum(samples) as samples
      from daily_measurements where source = 'apnic' and date > ${addDays(end, -30)}::date
      group by asn)
    select m.asn::float8 as asn, m.share,
      (select min(prefix::text) from routes r where r.origin_asn = m.asn and family(r.prefix) = 4) as v4,
      (select min(prefix::text) from routes r where r.origin_asn = m.asn and family(r.prefix) = 6) as v6
    from measured m
    where m.share is not null
      and exists (select 1 from routes r where r.origin_asn = m.asn and family(r.prefix) = 6)
    order by m.samples desc, m.asn
    limit ${DEMO_BEACON.networks}`);
  const candidates: Candidate[] = rows.flatMap((r) => {
    const v4 = parsePrefix(r.v4);
    const v6 = parsePrefix(r.v6);
    if (!v4.ok || !v6.ok || v4.prefix.family !== 4 || v6.prefix.family !== 6) return [];
    return [
      {
        asn: Number(r.asn),
        share: r.share,
        v4: { first: v4.prefix.address, size: 2 ** (32 - v4.prefix.length) },
        v6: { first: v6.prefix.address, size: 1n << BigInt(128 - v6.prefix.length) },
      },
    ];
  });
  const counts = new DailyCounts();
  let now = 0;
  const tests = new BeaconTests(
    SECRET,
    (client) => attributor.attribute(client),
    counts,
    DEFAULT_BEACON_SETTINGS,
    () => now,
  );
  for (const [n, network] of candidates.entries()) {
    // Browsers' addresses: inside the network's prefixes and not in a more specific route of
    // another network (the demo has such), so that each test is the network's.
    const pool = {
      v4: Array.from({ length: 40 }, () => ({
        family: 4 as const,
        address: network.v4.first + random.int(1, network.v4.size - 2),
      })).filter((a) => attributor.attribute(a).asn === network.asn),
      v6: Array.from({ length: 40 }, () => ({
        family: 6 as const,
        address: network.v6.first + (BigInt(random.int(1, 2 ** 30 - 1)) * network.v6.size) / (1n << 30n),
      })).filter((a) => attributor.attribute(a).asn === network.asn),
    };
    if (pool.v4.length === 0 || pool.v6.length === 0) continue;
    // The last network is small: some of its days fall under the threshold.
    const [fewest, most] = n === candidates.length - 1 ? [8, 30] : [40, 160];
    for (let day = DEMO_BEACON.days - 1; day >= 0; day--) {
      now = Date.parse(`${addDays(end, -day)}T08:00:00Z`);
      const perDay = random.int(fewest, most);
      for (let i = 0; i < perDay; i++) {
        now += 30_000;
        const v4 = random.pick(pool.v4);
        const v6 = random.pick(pool.v6);
        const issued = tests.issue(v4);
        if (!("token" in issued)) continue;
        const preferred = random.chance(Math.min(0.97, network.share * (0.9 + 0.2 * random.next())));
        // Able to use IPv6 a little more often than preferring it, as APNIC sees.
        const capable = preferred || random.chance(0.1);
        const times: Record<string, number> = { ipv4: random.int(20, 90) };
        tests.arrive(issued.token, "ipv4", v4);
        if (capable) {
          tests.arrive(issued.token, "ipv6", v6);
          times.ipv6 = random.int(18, 95);
        }
        // One in a hundred dual-stack fetches never makes it: a broken client.
        if (!random.chance(0.01)) {
          tests.arrive(issued.token, "dual", preferred ? v6 : v4);
          times.dual = random.int(20, 95);
        }
        tests.report(issued.token, times);
      }
      now += DEFAULT_BEACON_SETTINGS.lifetimeMs;
      tests.sweep();
    }
  }
  await counts.flush(database, new Date(now));
  await publishBeacon(ctx, { minTests: DEMO_BEACON.minTests });
}
