/**
 * What changed since the last detection, kind by kind. Each detector compares the live data with
 * what it saw last time (alert_states) and returns the events to store and the states to keep.
 * A detector that has never run only records what it sees (a baseline): installing Atalaya, or
 * a new kind of event, does not send a flood of "changes" that are merely the present.
 */
import { createHash } from "node:crypto";
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import type { DetectionInput, StandingRow } from "./standings";
import { dayOf, type NewEvent, stateSubject } from "./types";

export interface StateChange {
  subject: string;
  value: unknown;
}

export interface Detected {
  events: NewEvent[];
  /** States to store (insert or replace). */
  states: StateChange[];
  /** Subjects whose state of this kind is gone (nothing to remember any more). */
  cleared: string[];
}

export type Detector = (
  database: Database,
  input: DetectionInput,
  previous: ReadonlyMap<string, unknown>,
  /** `baselined`: whether this kind was detected before (else: record states, report nothing). */
  run: { now: Date; baselined: boolean },
) => Promise<Detected>;

const digest = (items: readonly string[]) =>
  createHash("sha256").update(items.join("\n")).digest("hex").slice(0, 16);

function evidence(row: StandingRow) {
  return { share: row.share, lo: row.lo, hi: row.hi, samples: row.samples, days: row.days };
}

/**
 * Jim Bound state changes of networks and organisations. One event per subject and day: a state
 * that flaps back and forth within a day updates that day's event (`latest`) instead of adding one.
 */
export const jimBoundState: Detector = async (_database, standings, previous, run) => {
  const detected: Detected = { events: [], states: [], cleared: [] };
  if (!standings.evaluationDate) return detected;
  const common = { evaluationDate: standings.evaluationDate, threshold: standings.threshold };
  const day = dayOf(run.now);
  const subjects = [
    ...standings.networks.map((n) => ({
      row: n as StandingRow & { name: string | null },
      subject: stateSubject.network(n.asn),
      scope: "network",
      columns: { asn: n.asn, organisationId: n.organisationId, cc: n.cc },
      link: `/as/${n.asn}`,
    })),
    ...standings.organisations.map((o) => ({
      row: o as StandingRow & { name: string | null },
      subject: stateSubject.organisation(o.id),
      scope: "organisation",
      columns: { asn: null, organisationId: o.id, cc: o.cc },
      link: `/org/${encodeURIComponent(o.id)}`,
    })),
  ];
  for (const { row, subject, scope, columns, link } of subjects) {
    const before = previous.get(subject) as { state: string } | undefined;
    if (before?.state === row.state) continue;
    detected.states.push({ subject, value: { state: row.state } });
    if (!before || !run.baselined) continue;
    detected.events.push({
      key: `jim-bound-state:${subject}:${day}`,
      kind: "jim-bound-state",
      ...columns,
      payload: {
        scope,
        name: row.name,
        from: before.state,
        to: row.state,
        latest: row.state,
        ...evidence(row),
        ...common,
      },
      link,
    });
  }
  return detected;
};

/** Routes an event lists in full; the count says how many more there are. */
const ROUTES_LISTED = 20;

/**
 * New RPKI-invalid routes originated by a region network, with the reason and the VRPs behind
 * each. The key is the set of new routes: a route that goes invalid, valid and invalid again is
 * reported once. Index: route_validity_origin_asn_idx is not needed: invalid routes are few.
 */
export const rpkiInvalid: Detector = async (database, input, previous, run) => {
  const detected: Detected = { events: [], states: [], cleared: [] };
  const members = new Map(input.networks.map((n) => [n.asn, n]));
  // The region's networks only, through the origin index: a global table holds invalid routes by
  // the ten thousand (721k in the synthetic full-size one), and reading them all took 12 s on PGlite.
  const rows = await database.rows<{ asn: number; prefix: string; reason: string; vrps: string | null }>(sql`
    select origin_asn::float8 as asn, prefix::text as prefix, reason, vrps
    from route_validity
    where state = 'invalid' and origin_asn = any(${`{${[...members.keys()].join(",")}}`}::bigint[])
    order by origin_asn, prefix`);
  const byAsn = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byAsn.get(Number(r.asn)) ?? [];
    list.push(r);
    byAsn.set(Number(r.asn), list);
  }
  for (const [subject] of previous) if (!byAsn.has(Number(subject.slice(3)))) detected.cleared.push(subject);
  for (const [asn, routes] of byAsn) {
    const subject = stateSubject.network(asn);
    const now = routes.map((r) => `${r.prefix} ${r.reason}`);
    const before = previous.get(subject) as string[] | undefined;
    const known = new Set(before ?? []);
    const fresh = routes.filter((r) => !known.has(`${r.prefix} ${r.reason}`));
    if (before && fresh.length === 0 && before.length === now.length) continue;
    detected.states.push({ subject, value: now });
    if (!before && !run.baselined) continue;
    if (fresh.length === 0) continue;
    const network = members.get(asn);
    detected.events.push({
      key: `rpki-invalid:${subject}:${digest(fresh.map((r) => `${r.prefix} ${r.reason}`))}`,
      kind: "rpki-invalid",
      asn,
      organisationId: network?.organisationId ?? null,
      cc: network?.cc ?? null,
      payload: {
        scope: "network",
        name: network?.name ?? null,
        count: fresh.length,
        routes: fresh.slice(0, ROUTES_LISTED).map((r) => ({
          prefix: r.prefix,
          origin: asn,
          reason: r.reason,
          vrps: vrpsBehind(r.vrps),
        })),
      },
      link: `/as/${asn}#routing`,
    });
  }
  return detected;
};

/** The VRPs a validation run stored behind an invalid route (Routinator's matched/unmatched lists). */
function vrpsBehind(stored: string | null): Array<{ asn: number; prefix: string; maxLength: number }> {
  if (!stored) return [];
  const parsed = JSON.parse(stored) as Record<
    string,
    Array<{ asn: string | number; prefix: string; max_length: number }>
  >;
  return Object.values(parsed)
    .flat()
    .map((v) => ({
      asn: Number(String(v.asn).replace(/^AS/i, "")),
      prefix: v.prefix,
      maxLength: v.max_length,
    }));
}

/** How long registry IPv6 space must go unannounced before it is reported. */
export const UNANNOUNCED_DAYS = 30;

/**
 * Allocated or assigned IPv6 space of a region organisation that nothing has announced for 30
 * days of Atalaya's own observation (from the first detection that saw it unannounced).
 */
export const unannouncedSpace: Detector = async (database, input, previous, run) => {
  const now = run.now;
  const detected: Detected = { events: [], states: [], cleared: [] };
  const organisations = new Map(input.organisations.map((o) => [o.id, o]));
  const rows = await database.rows<{ organisation: string; prefix: string }>(sql`
    select rr.registry || ':' || rr.holder_id as organisation, rr.prefix::text as prefix
    from registry_resources rr
    left join registry_prefix_routing a on a.prefix = rr.prefix
    where rr.type = 'ipv6' and rr.status in ('allocated', 'assigned') and rr.holder_id is not null
      and not coalesce(a.announced, false)
    order by 1, 2`);
  const byOrganisation = new Map<string, string[]>();
  for (const r of rows) {
    if (!organisations.has(r.organisation)) continue;
    const list = byOrganisation.get(r.organisation) ?? [];
    list.push(r.prefix);
    byOrganisation.set(r.organisation, list);
  }
  for (const [subject] of previous) if (!byOrganisation.has(subject.slice(4))) detected.cleared.push(subject);
  const today = dayOf(now);
  const due = new Date(now.getTime() - UNANNOUNCED_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (const [id, prefixes] of byOrganisation) {
    const subject = stateSubject.organisation(id);
    type Seen = Record<string, { since: string; reported?: boolean }>;
    const before = (previous.get(subject) as Seen | undefined) ?? {};
    const seen: Seen = {};
    for (const prefix of prefixes) seen[prefix] = before[prefix] ?? { since: today };
    const ripe = prefixes.filter((p) => !seen[p]?.reported && (seen[p]?.since ?? today) <= due);
    for (const p of ripe) seen[p] = { since: seen[p]?.since ?? today, reported: true };
    if (JSON.stringify(seen) !== JSON.stringify(before)) detected.states.push({ subject, value: seen });
    if (ripe.length === 0) continue;
    const organisation = organisations.get(id);
    const asns = organisation?.asns ?? [];
    detected.events.push({
      key: `unannounced-space:${subject}:${digest(ripe.map((p) => `${p} ${seen[p]?.since}`))}`,
      kind: "unannounced-space",
      // An organisation with one network: its followers hear of it too.
      asn: asns.length === 1 ? (asns[0] as number) : null,
      organisationId: id,
      cc: organisation?.cc ?? null,
      payload: {
        scope: "organisation",
        name: organisation?.name ?? null,
        prefixes: ripe.map((p) => ({ prefix: p, since: seen[p]?.since })),
      },
      link: `/org/${encodeURIComponent(id)}#routing`,
    });
  }
  return detected;
};

/** Sources whose per-network series can stop: the measurements. Days a network may lag its source. */
const MEASURED: ReadonlyArray<{ source: string; title: string; limitDays: number }> = [
  { source: "apnic", title: "APNIC Labs", limitDays: 2 },
];

/**
 * A regularly measured network (its standing is not insufficient-data) whose series stopped
 * more than its source's stale limit before the source's own latest day. Reported once per
 * stop (the key holds the network's last day).
 */
export const staleData: Detector = async (database, standings, previous, run) => {
  const detected: Detected = { events: [], states: [], cleared: [] };
  const stale = new Map<string, { lastDate: string; source: string }>();
  if (standings.evaluationDate) {
    const measured = new Map(
      standings.networks.filter((n) => n.state !== "insufficient-data").map((n) => [n.asn, n]),
    );
    for (const m of MEASURED) {
      const [extent] = await database.rows<{ last: string }>(
        sql`select last_date::text as last from measurement_extents where source = ${m.source}`,
      );
      if (!extent) continue;
      const lastDays = await database.rows<{ asn: number; last: string }>(sql`
        select asn::float8 as asn, max(date)::text as last from daily_measurements
        where source = ${m.source} and date > ${extent.last}::date - 90
        group by asn`);
      for (const row of lastDays) {
        const network = measured.get(Number(row.asn));
        if (!network) continue;
        const behind = (Date.parse(extent.last) - Date.parse(row.last)) / 86_400_000;
        if (behind <= m.limitDays) continue;
        const subject = `${stateSubject.network(network.asn)}:${m.source}`;
        stale.set(subject, { lastDate: row.last, source: m.source });
        const before = previous.get(subject) as { lastDate: string } | undefined;
        if (before?.lastDate === row.last) continue;
        detected.states.push({ subject, value: { lastDate: row.last } });
        if (!run.baselined) continue;
        detected.events.push({
          key: `stale-data:${subject}:${row.last}`,
          kind: "stale-data",
          asn: network.asn,
          organisationId: network.organisationId,
          cc: network.cc,
          payload: {
            scope: "network",
            name: network.name,
            source: m.source,
            sourceTitle: m.title,
            lastDate: row.last,
            sourceLastDate: extent.last,
            daysBehind: behind,
            limitDays: m.limitDays,
          },
          link: `/as/${network.asn}`,
        });
      }
    }
  }
  for (const [subject] of previous) if (!stale.has(subject)) detected.cleared.push(subject);
  return detected;
};

/** How far the projected crossing must move, in days, to be reported. */
export const CROSSING_MOVE_DAYS = 30;

/**
 * The projected crossing of the threshold moving by more than 30 days. The state keeps the date
 * last reported (or first seen), so a projection that drifts a day at a time is reported once
 * the drift adds up, not never; a network with no projection any more (above the line, or not
 * growing) is forgotten: its state change says what happened.
 */
export const crossingMoved: Detector = async (_database, standings, previous, run) => {
  const detected: Detected = { events: [], states: [], cleared: [] };
  const projected = new Map(
    standings.networks.filter((n) => n.crossing !== null).map((n) => [stateSubject.network(n.asn), n]),
  );
  for (const [subject] of previous) if (!projected.has(subject)) detected.cleared.push(subject);
  for (const [subject, network] of projected) {
    const to = network.crossing as string;
    const before = previous.get(subject) as { date: string } | undefined;
    if (!before) {
      detected.states.push({ subject, value: { date: to } });
      continue;
    }
    const days = Math.round((Date.parse(to) - Date.parse(before.date)) / 86_400_000);
    if (Math.abs(days) <= CROSSING_MOVE_DAYS) continue;
    detected.states.push({ subject, value: { date: to } });
    if (!run.baselined) continue;
    detected.events.push({
      key: `crossing-moved:${subject}:${before.date}:${to}`,
      kind: "crossing-moved",
      asn: network.asn,
      organisationId: network.organisationId,
      cc: network.cc,
      payload: {
        scope: "network",
        name: network.name,
        from: before.date,
        to,
        days: Math.abs(days),
        later: days > 0,
        threshold: standings.threshold,
      },
      link: `/as/${network.asn}`,
    });
  }
  return detected;
};
