/**
 * The evaluation of every LACNIC-region network and provider for one set of award parameters and
 * one method: pooled counts per ASN and per holder over the window (over the LACNIC-region
 * economies each serves) come from SQL, states and intervals from @atalaya/metrics. Beside each
 * row: its split by economy, and the other sources with whether they agree with the state.
 * Cached per (data version, parameters, method): it is the basis of the Jim Bound board and of
 * every standing page's ranks.
 */
import { type Database, measurementQueries, registryQueries } from "@atalaya/db";
import { type EconomyResult, largestEconomyFirst } from "@atalaya/evidence";
import {
  type AwardParameters,
  decidingSource,
  type Evaluation,
  evaluatePooled,
  type MethodVersion,
  type Metric,
  sourceAgrees,
  type Window,
  wilsonInterval,
  windowEnding,
} from "@atalaya/metrics";
import type { DatasetInfo } from "./dataset";

/** The numerator column of each metric in daily_measurements (and its rollups). */
export const COLUMN: Record<Metric, measurementQueries.MetricColumn> = {
  capable: "capable",
  preferred: "preferred",
  traffic: "ipv6",
};
/**
 * Sources that count bytes or requests rather than sampled users: they measure traffic whatever
 * the award's metric, and their shares get no Wilson interval (bytes are not independent trials).
 */
export const TRAFFIC_SOURCES = ["self-reported", "radar"] as const;
/**
 * Sources that count sampled users like the deciding one, shown beside it with a Wilson interval:
 * Atalaya's own beacon (browsers tested).
 */
export const SAMPLED_SOURCES = ["atalaya-beacon"] as const;

/**
 * What each source's figure is, so sources shown side by side are never mistaken for one another.
 * `counted` is false where the stored denominator is a fixed unit rather than a count: Cloudflare
 * Radar publishes percentages only (packages/ingest/src/sources/cloudflare-radar.ts), so its
 * pooled share is the mean of its daily shares and it has no sample size to show.
 */
const SOURCE_FIGURES: Record<string, { label: string; counted: boolean }> = {
  "self-reported": { label: "Share of bytes over IPv6, as reported by the ISP", counted: true },
  radar: {
    label:
      "Cloudflare Radar: share of HTTP requests over IPv6 (mean of daily per-network shares; no volumes)",
    counted: false,
  },
};

export function sourceLabel(source: string, metric: Metric): string {
  if (source === "apnic")
    return metric === "capable"
      ? "APNIC Labs: share of sampled users able to use IPv6"
      : "APNIC Labs: share of sampled users preferring IPv6";
  if (source === "atalaya-beacon")
    return metric === "capable"
      ? "Atalaya beacon: share of tested browsers able to use IPv6"
      : "Atalaya beacon: share of tested browsers preferring IPv6";
  return SOURCE_FIGURES[source]?.label ?? source;
}

export interface SourceValue {
  source: string;
  /** What the share measures, in words. */
  label: string;
  share: number;
  /** Null for traffic sources, whose counts are not samples. */
  lo: number | null;
  hi: number | null;
  /** Null where the source publishes shares without counts (Cloudflare Radar). */
  samples: number | null;
  days: number;
  /**
   * Whether the share falls on the same side of the threshold as the deciding source's interval:
   * false when it is on the other side ("sources disagree"); null when there is nothing to
   * compare (the interval straddles the threshold, the state is insufficient-data, or this
   * source has fewer days in the window than the award requires).
   */
  agrees: boolean | null;
}

/**
 * One economy's part of a row: the deciding source's counts there, evaluated on their own; only
 * LACNIC-region economies count towards eligibility. An evidence pack freezes the same shape.
 */
export type EconomySplit = EconomyResult;

interface BoardRow extends Evaluation {
  /** The deciding source's counts per economy, largest first. */
  economies: EconomySplit[];
  otherSources: SourceValue[];
  /** True when another source's share is on the other side of the threshold (SourceValue.agrees). */
  sourcesDisagree: boolean;
  rankInCountry: number | null;
  rankInRegion: number | null;
}

export interface NetworkRow extends BoardRow {
  asn: number;
  name: string | null;
  cc: string;
  organisationId: string | null;
}

export interface OrganisationRow extends BoardRow {
  id: string;
  name: string | null;
  cc: string | null;
  asns: number[];
}

export interface Board {
  params: AwardParameters;
  method: MethodVersion;
  networks: NetworkRow[];
  /** Every holder with at least one region ASN; the board lists those with two or more. */
  providers: OrganisationRow[];
}

type PooledRow = measurementQueries.PooledRow;

export const organisationId = (registry: string, holderId: string) => `${registry}:${holderId}`;

function pooledBy(database: Database, params: AwardParameters, by: "asn" | "holder"): Promise<PooledRow[]> {
  // Each source contributes its own numerator: traffic sources their IPv6 bytes, samplers the metric.
  return measurementQueries.pooledCounts(database, {
    by,
    window: windowEnding(params.evaluationDate, params.windowDays),
    windowDays: params.windowDays,
    metric: COLUMN[params.metric],
    trafficSources: TRAFFIC_SOURCES,
    // An award cycle's additional sources count as its deciding source: pooled day by day.
    pooledInto: { source: decidingSource(params), sources: params.additionalSources ?? [] },
  });
}

function rank<T extends Evaluation & { cc: string | null }>(rows: T[]): void {
  const ranked = rows.filter((r) => r.state !== "insufficient-data" && r.share !== null);
  const assign = (group: T[], field: "rankInCountry" | "rankInRegion") => {
    const sorted = [...group].sort((a, b) => (b.share as number) - (a.share as number));
    sorted.forEach((row, i) => {
      const prev = sorted[i - 1];
      (row as unknown as Record<string, number>)[field] =
        prev && prev.share === row.share
          ? ((prev as unknown as Record<string, number>)[field] as number)
          : i + 1;
    });
  };
  assign(ranked, "rankInRegion");
  const byCc = new Map<string, T[]>();
  for (const r of ranked) if (r.cc) byCc.set(r.cc, [...(byCc.get(r.cc) ?? []), r]);
  for (const group of byCc.values()) assign(group, "rankInCountry");
}

function otherSource(p: PooledRow, metric: Metric): Omit<SourceValue, "agrees"> | null {
  const traffic = (TRAFFIC_SOURCES as readonly string[]).includes(p.source);
  const interval = traffic
    ? { share: p.hits / p.samples, lo: null, hi: null }
    : wilsonInterval(p.hits, p.samples);
  if (!interval) return null;
  const counted = SOURCE_FIGURES[p.source]?.counted ?? true;
  return {
    source: p.source,
    label: sourceLabel(p.source, metric),
    ...interval,
    samples: counted ? p.samples : null,
    days: p.days,
  };
}

function split(pooled: PooledRow[], primary: string, metric: Metric) {
  const main = new Map<string, PooledRow>();
  const others = new Map<string, Array<Omit<SourceValue, "agrees">>>();
  for (const p of pooled) {
    if (p.source === primary) main.set(p.key, p);
    else {
      const value = otherSource(p, metric);
      if (value) others.set(p.key, [...(others.get(p.key) ?? []), value]);
    }
  }
  return { main, others };
}

/** The other sources of a row, each marked with whether it agrees with the decided side. */
function compared(
  others: Array<Omit<SourceValue, "agrees">>,
  evaluation: Evaluation,
  params: AwardParameters,
): { otherSources: SourceValue[]; sourcesDisagree: boolean } {
  const otherSources = others.map((o) => ({ ...o, agrees: sourceAgrees(evaluation.state, o, params) }));
  return { otherSources, sourcesDisagree: otherSources.some((o) => o.agrees === false) };
}

type Evaluator = (
  p: { samples: number; hits: number; days: number; squares: number } | undefined,
) => Evaluation;

/** Each key's split by economy, evaluated by the same method, largest economy first. */
function economiesBy(rows: measurementQueries.EconomyCountsRow[], evaluateRow: Evaluator) {
  const byKey = new Map<string, EconomySplit[]>();
  for (const r of rows) {
    const { share, lo, hi } = evaluateRow(r);
    const list = byKey.get(r.key) ?? [];
    list.push({ cc: r.cc, inRegion: r.inRegion, share, lo, hi, samples: r.samples, days: r.days });
    byKey.set(r.key, list);
  }
  for (const list of byKey.values()) list.sort(largestEconomyFirst);
  return byKey;
}

function evaluator(params: AwardParameters, window: Window, method: MethodVersion): Evaluator {
  return (p) =>
    evaluatePooled(
      {
        samples: p?.samples ?? 0,
        hits: p?.hits ?? 0,
        daysWithData: p?.days ?? 0,
        hitsSquaredOverSamples: p?.squares ?? 0,
      },
      params,
      window,
      method,
    );
}

async function rowsBy(
  database: Database,
  params: AwardParameters,
  method: MethodVersion,
  by: "asn" | "holder",
): Promise<(key: string) => BoardRow> {
  const primary = decidingSource(params);
  const window = windowEnding(params.evaluationDate, params.windowDays);
  const evaluateRow = evaluator(params, window, method);
  const pooled = split(await pooledBy(database, params, by), primary, params.metric);
  const economies = economiesBy(
    await measurementQueries.economyCounts(database, {
      by,
      window,
      windowDays: params.windowDays,
      metric: COLUMN[params.metric],
      sources: [primary, ...(params.additionalSources ?? [])],
    }),
    evaluateRow,
  );
  return (key) => {
    const evaluation = evaluateRow(pooled.main.get(key));
    return {
      ...evaluation,
      economies: economies.get(key) ?? [],
      ...compared(pooled.others.get(key) ?? [], evaluation, params),
      rankInCountry: null,
      rankInRegion: null,
    };
  };
}

export async function computeBoard(
  database: Database,
  params: AwardParameters,
  method: MethodVersion,
): Promise<Board> {
  const members = await registryQueries.regionAsns(database);
  const networkRow = await rowsBy(database, params, method, "asn");
  const networks: NetworkRow[] = members.map((m) => ({
    asn: Number(m.asn),
    name: m.name,
    cc: m.cc,
    organisationId: m.holder_id ? organisationId(m.registry, m.holder_id) : null,
    ...networkRow(String(m.asn)),
  }));

  const networkByAsn = new Map(networks.map((n) => [n.asn, n]));
  const holders = new Map<string, { cc: string; asns: number[] }>();
  for (const n of networks) {
    if (!n.organisationId) continue;
    const h = holders.get(n.organisationId) ?? { cc: n.cc, asns: [] };
    h.asns.push(n.asn);
    holders.set(n.organisationId, h);
  }
  const names = new Map((await registryQueries.organisationNames(database)).map((o) => [o.id, o]));
  const organisationRow = await rowsBy(database, params, method, "holder");
  const providers: OrganisationRow[] = [...holders.entries()].map(([id, h]) => ({
    id,
    name: names.get(id)?.name ?? nameFromMembers(h.asns.map((a) => networkByAsn.get(a)?.name ?? null)),
    cc: names.get(id)?.cc ?? h.cc,
    asns: h.asns,
    ...organisationRow(id),
  }));
  rank(networks);
  rank(providers);
  return { params, method, networks, providers };
}

/**
 * Results computed from live data, cached until the data version changes (DatasetInfo: a run
 * started or finished; a run id alone changes when a run starts, not when it publishes) and
 * bounded in size; a failed computation is not kept.
 */
export class RunScopedCache<T> {
  #entries = new Map<string, Promise<T>>();
  #version: string | number | null = null;

  constructor(private readonly capacity = 32) {}

  get(version: string | number | null, key: string, compute: () => Promise<T>): Promise<T> {
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
    }
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = compute();
      entry.catch(() => this.#entries.delete(key));
      if (this.#entries.size >= this.capacity) this.#entries.clear();
      this.#entries.set(key, entry);
    }
    return entry;
  }
}

export class BoardCache extends RunScopedCache<Board> {
  board(
    database: Database,
    version: string | number | null,
    params: AwardParameters,
    method: MethodVersion,
  ): Promise<Board> {
    return this.get(version, JSON.stringify({ ...params, method }), () =>
      computeBoard(database, params, method),
    );
  }
}

/** A data version and the boards computed on it, shared by an app and the jobs beside it. */
export interface SharedBoards {
  dataset: DatasetInfo;
  boards: BoardCache;
}

/**
 * Registry data names no holder. A provider is known by its AS name, or by what its AS names
 * share before " - " ("Redes Andina - backbone", "Redes Andina - mobile" → "Redes Andina").
 */
export function nameFromMembers(names: ReadonlyArray<string | null>): string | null {
  const heads = names.map((n) => n?.split(" - ")[0]?.trim() ?? null);
  const first = heads[0];
  return first && heads.every((h) => h === first) ? first : null;
}
