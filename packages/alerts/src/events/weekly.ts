/**
 * The weekly summary of each LACNIC-region economy: its users-weighted IPv6-preferred share on
 * the last measured day and a week before, the networks that became eligible that week, and the
 * networks whose share moved most since the previous summary. One event per economy and week
 * (the key holds the summary's date), under the detection lock.
 */
import type { Logger } from "@atalaya/config";
import { alertStates, type Database } from "@atalaya/db";
import { eq, sql } from "drizzle-orm";
import { DETECTION_LOCK, underLock } from "./detect";
import { storeEvents } from "./record";
import type { DetectionInput } from "./standings";
import { type DeliveryContext, type NewEvent, type StoredEvent, stateSubject } from "./types";

/** Movers listed per economy. */
const MOVERS = 5;
/** A network's share must move at least this much to be listed as a mover (percentage points/100). */
const MIN_MOVE = 0.01;

interface EconomyDay {
  cc: string;
  date: string;
  weighted: number;
  users: number;
  hits: number;
  samples: number;
  networks: number;
  withUsers: number;
}

/** The day's share as the region charts compute it: weighted by users where all have users. */
function shareOf(days: EconomyDay[]): number | null {
  const networks = days.reduce((n, d) => n + Number(d.networks), 0);
  if (networks === 0) return null;
  const users = days.reduce((n, d) => n + Number(d.users), 0);
  if (days.every((d) => Number(d.withUsers) === Number(d.networks)) && users > 0)
    return days.reduce((n, d) => n + Number(d.weighted), 0) / users;
  const samples = days.reduce((n, d) => n + Number(d.samples), 0);
  return samples > 0 ? days.reduce((n, d) => n + Number(d.hits), 0) / samples : null;
}

export async function summariseEconomies(
  database: Database,
  input: () => Promise<DetectionInput>,
  ctx: DeliveryContext & { log: Logger; minDailySamples: number },
): Promise<StoredEvent[]> {
  return underLock(database, DETECTION_LOCK, async () => {
    const standings = await input();
    if (!standings.evaluationDate) return [];
    const date = standings.evaluationDate;
    const economies = await database.rows<{ cc: string; name: string }>(
      sql`select cc, name from countries where in_lacnic_region order by cc`,
    );
    const days = await database.rows<EconomyDay>(sql`
      select cc, date::text as date, weighted, users, hits, samples, networks, with_users as "withUsers"
      from economy_days
      where min_samples = ${ctx.minDailySamples} and date in (${date}::date, ${date}::date - 7)`);
    const weekAgo = new Date(Date.parse(date) - 7 * 86_400_000).toISOString().slice(0, 10);
    const eligible = await database.rows<{ asn: number; cc: string; name: string | null }>(sql`
      select distinct on (asn) asn::float8 as asn, cc, payload->>'name' as name from alert_events
      where kind = 'jim-bound-state' and asn is not null and payload->>'scope' = 'network'
        and payload->>'to' = 'eligible' and occurred_at > ${ctx.now.toISOString()}::timestamptz - interval '7 days'
      order by asn, id desc`);
    const previous = new Map(
      (
        await database.db
          .select({ subject: alertStates.subject, value: alertStates.value })
          .from(alertStates)
          .where(eq(alertStates.kind, "economy-weekly"))
      ).map((r) => [r.subject, r.value as { shares: Record<string, number> }]),
    );
    const events: NewEvent[] = [];
    const states: Array<{ subject: string; value: unknown }> = [];
    for (const economy of economies) {
      const share = shareOf(days.filter((d) => d.cc === economy.cc && d.date === date));
      if (share === null) continue;
      const networks = standings.networks.filter((n) => n.cc === economy.cc && n.share !== null);
      const shares = Object.fromEntries(networks.map((n) => [n.asn, n.share as number]));
      const subject = stateSubject.economy(economy.cc);
      const before = previous.get(subject)?.shares ?? {};
      const movers = networks
        .filter((n) => before[n.asn] !== undefined)
        .map((n) => ({ asn: n.asn, name: n.name, from: before[n.asn] as number, to: n.share as number }))
        .filter((m) => Math.abs(m.to - m.from) >= MIN_MOVE)
        .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from))
        .slice(0, MOVERS);
      states.push({ subject, value: { date, shares } });
      events.push({
        key: `economy-weekly:${subject}:${date}`,
        kind: "economy-weekly",
        asn: null,
        organisationId: null,
        cc: economy.cc,
        payload: {
          scope: "economy",
          name: economy.name,
          date,
          share,
          previousShare: shareOf(days.filter((d) => d.cc === economy.cc && d.date === weekAgo)),
          newlyEligible: eligible
            .filter((e) => e.cc === economy.cc)
            .map((e) => ({ asn: Number(e.asn), name: e.name })),
          movers,
        },
        link: `/country/${economy.cc}`,
      });
    }
    return database.db.transaction(async (tx) => {
      const stored = await storeEvents(tx, events, ctx);
      // Only a new summary moves the movers' baseline: running twice in a week changes nothing.
      const fresh = new Set(stored.map((e) => e.cc));
      for (const s of states) {
        if (!fresh.has(s.subject.slice(3))) continue;
        await tx
          .insert(alertStates)
          .values({ subject: s.subject, kind: "economy-weekly", value: s.value, updatedAt: ctx.now })
          .onConflictDoUpdate({
            target: [alertStates.subject, alertStates.kind],
            set: { value: s.value, updatedAt: ctx.now },
          });
      }
      ctx.log.info("weekly economy summaries", { economies: stored.length });
      return stored;
    });
  });
}
