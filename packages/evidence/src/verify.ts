/**
 * Checking a pack offline: every hash, then the state recomputed from the pack's own counts by
 * the method the pack names (@atalaya/metrics, the code the server evaluates with). What does not
 * match is named; nothing is trusted because the pack says so.
 *
 * Numbers recomputed here are compared with a relative tolerance of 1e-9: the server sums in SQL
 * and this in JavaScript, and sums of Σ hits²/samples in another order differ in the last bits.
 * Counts (samples, days) and the state must match exactly; one sample more or less in a window
 * of a million moves a share by 1e-6, far beyond the tolerance.
 */
import { rowHash } from "@atalaya/audit/chain";
import {
  type EligibilityState,
  evaluatePooled,
  isMethodVersion,
  poolWindow,
  sourceAgrees,
  validateParameters,
  windowEnding,
} from "@atalaya/metrics";
import { lacnicCountry } from "@atalaya/net";
import {
  type CountRow,
  type EconomyResult,
  type EvidencePack,
  largestEconomyFirst,
  type OtherSourceResult,
  PACK_FORMAT,
  type PackData,
  type PackResult,
  sealPackData,
} from "./pack";

export interface Verification {
  ok: boolean;
  /** The recomputed state (null when the pack could not be evaluated at all). */
  state: EligibilityState | null;
  problems: string[];
}

const TOLERANCE = 1e-9;

function near(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const daily = (rows: CountRow[]) => rows.map(([, , , date, samples, hits]) => ({ date, samples, hits }));

/** The result the pack's counts give by its method: what the server computed, from the pack alone. */
export function recompute(data: PackData): PackResult {
  const { parameters: params, methodVersion: method } = data;
  const window = windowEnding(params.evaluationDate, params.windowDays);
  const region = new Set(data.regionEconomies);
  // The award cycle's additional sources are pooled with the deciding one, day by day.
  const decision = new Set([data.decidingSource, ...(params.additionalSources ?? [])]);
  const deciding = data.counts.filter((r) => decision.has(r[0]));
  const evaluation = evaluatePooled(
    poolWindow(daily(deciding.filter((r) => region.has(r[2]))), window),
    params,
    window,
    method,
  );
  const byCc = new Map<string, CountRow[]>();
  for (const r of deciding) byCc.set(r[2], [...(byCc.get(r[2]) ?? []), r]);
  const economies: EconomyResult[] = [...byCc.entries()].map(([cc, rows]) => {
    const e = evaluatePooled(poolWindow(daily(rows), window), params, window, method);
    return {
      cc,
      inRegion: region.has(cc),
      share: e.share,
      lo: e.lo,
      hi: e.hi,
      samples: e.samples,
      days: e.days,
    };
  });
  economies.sort(largestEconomyFirst);
  const others = new Map<string, CountRow[]>();
  for (const r of data.counts)
    if (!decision.has(r[0]) && region.has(r[2])) others.set(r[0], [...(others.get(r[0]) ?? []), r]);
  const otherSources: OtherSourceResult[] = [...others.entries()].map(([source, rows]) => {
    const pooled = poolWindow(daily(rows), window);
    const other = { share: pooled.hits / pooled.samples, days: pooled.daysWithData };
    return { source, ...other, agrees: sourceAgrees(evaluation.state, other, params) };
  });
  otherSources.sort((a, b) => (a.source < b.source ? -1 : 1));
  const { window: _w, ...rest } = evaluation;
  return { ...rest, economies, otherSources, sourcesDisagree: otherSources.some((o) => o.agrees === false) };
}

/** Where a recorded result differs from the one its counts give (empty: they agree). */
export function resultProblems(recorded: PackResult, computed: PackResult): string[] {
  const problems: string[] = [];
  compareResults(recorded, computed, problems);
  return problems;
}

function compareResults(recorded: PackResult, computed: PackResult, problems: string[]): void {
  if (recorded.state !== computed.state)
    problems.push(`state: the pack says ${recorded.state}, its counts give ${computed.state}`);
  for (const field of ["samples", "days"] as const)
    if (recorded[field] !== computed[field])
      problems.push(`result.${field}: the pack says ${recorded[field]}, its counts give ${computed[field]}`);
  for (const field of ["share", "lo", "hi", "dispersion", "effectiveSamples"] as const)
    if (!near(recorded[field], computed[field]))
      problems.push(`result.${field}: the pack says ${recorded[field]}, its counts give ${computed[field]}`);
  const economies = new Map(computed.economies.map((e) => [e.cc, e]));
  if (recorded.economies.length !== computed.economies.length)
    problems.push(
      `result.economies: the pack lists ${recorded.economies.length}, its counts have ${computed.economies.length}`,
    );
  for (const e of recorded.economies) {
    const c = economies.get(e.cc);
    if (!c) problems.push(`result.economies: ${e.cc} has no counts in the pack`);
    else if (
      c.samples !== e.samples ||
      c.days !== e.days ||
      !near(c.share, e.share) ||
      c.inRegion !== e.inRegion
    )
      problems.push(`result.economies: ${e.cc} does not match its counts`);
  }
  const others = new Map(computed.otherSources.map((o) => [o.source, o]));
  for (const o of recorded.otherSources) {
    const c = others.get(o.source);
    if (!c) problems.push(`result.otherSources: ${o.source} has no counts in the pack`);
    else if (c.days !== o.days || !near(c.share, o.share) || c.agrees !== o.agrees)
      problems.push(`result.otherSources: ${o.source} does not match its counts`);
  }
  if (recorded.sourcesDisagree !== computed.sourcesDisagree)
    problems.push(
      `result.sourcesDisagree: the pack says ${recorded.sourcesDisagree}, its counts give ${computed.sourcesDisagree}`,
    );
}

function checkCounts(data: PackData, problems: string[]): void {
  const window = windowEnding(data.parameters.evaluationDate, data.parameters.windowDays);
  const seen = new Set<string>();
  data.counts.forEach((row, i) => {
    const [source, asn, cc, date, samples, hits] = row;
    const where = `counts[${i}] (${source} AS${asn} ${cc} ${date})`;
    if (date < window.start || date > window.end)
      problems.push(`${where}: outside the window ${window.start}–${window.end}`);
    if (!data.subject.asns.includes(asn))
      problems.push(`${where}: AS${asn} is not one of the subject's networks`);
    if (!(Number.isInteger(samples) && samples > 0 && Number.isInteger(hits) && hits >= 0 && hits <= samples))
      problems.push(`${where}: ${hits} of ${samples} is not a count`);
    const key = `${source}|${asn}|${cc}|${date}`;
    if (seen.has(key)) problems.push(`${where}: the same day twice`);
    seen.add(key);
  });
  // The pooled economies are the rule's (the LACNIC region), not whatever the pack lists.
  const region = [...new Set(data.counts.map((r) => r[2]))].filter((cc) => lacnicCountry(cc)).sort();
  if (region.join() !== [...data.regionEconomies].sort().join())
    problems.push(
      `regionEconomies: the pack pools ${data.regionEconomies.join(", ") || "none"}, the LACNIC region among its counts is ${region.join(", ") || "none"}`,
    );
}

/** Every check of a pack; `ok` only when there is no problem. */
export function verifyPack(pack: EvidencePack): Verification {
  const problems: string[] = [];
  if (pack?.format !== PACK_FORMAT)
    return { ok: false, state: null, problems: [`format: not ${PACK_FORMAT}`] };
  const { data, audit } = pack;
  const { sha256 } = sealPackData(data);
  if (sha256 !== pack.sha256)
    problems.push(`sha256: the pack's data hashes to ${sha256}, the pack says ${pack.sha256}`);
  if (audit.detail?.packSha256 !== pack.sha256)
    problems.push(
      `audit: row ${audit.id} records pack ${String(audit.detail?.packSha256)}, not ${pack.sha256}`,
    );
  const chained = rowHash(audit.prevHash, { ...audit, at: new Date(audit.at) });
  if (chained !== audit.hash)
    problems.push(`audit: row ${audit.id}'s content hashes to ${chained}, the row says ${audit.hash}`);
  for (const run of data.runs)
    if (run.sha256 !== null && !/^[0-9a-f]{64}$/.test(run.sha256))
      problems.push(`runs: ${run.source} run ${run.runId} has no SHA-256 but "${run.sha256}"`);
  if (!isMethodVersion(data.methodVersion)) {
    problems.push(`methodVersion: ${data.methodVersion} is not a method this Atalaya knows`);
    return { ok: false, state: null, problems };
  }
  const invalid = validateParameters(data.parameters);
  if (invalid.length > 0) {
    problems.push(...invalid.map((p) => `parameters: ${p}`));
    return { ok: false, state: null, problems };
  }
  checkCounts(data, problems);
  const computed = recompute(data);
  compareResults(data.result, computed, problems);
  return { ok: problems.length === 0, state: computed.state, problems };
}
