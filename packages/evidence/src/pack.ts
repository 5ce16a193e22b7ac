/**
 * An evidence pack: everything a Jim Bound nomination or decision rested on, in one document that
 * anyone can check offline (verify.ts) — the raw daily counts of every network and economy
 * involved, the parameters and method, each source run's location, data date and SHA-256, the
 * result the committee saw, and the audit row that froze it.
 *
 * The pack's `data` is hashed as canonical JSON (keys sorted, @atalaya/audit's encoding); the
 * freezing audit row records that hash in its detail (`packSha256`), and its own hash chains it
 * to every earlier row. Changing a count, a parameter or the result breaks the pack's hash;
 * recomputing that hash breaks the audit row's; and the audit row's hash can be checked against
 * the published chain (`atalaya audit verify` on the server).
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "@atalaya/audit/chain";
import type { AwardParameters, Evaluation, MethodVersion } from "@atalaya/metrics";

export const PACK_FORMAT = "atalaya-evidence-pack/1";

/** One day of one source for one network in one economy: `hits` is the numerator the rule reads. */
export type CountRow = [source: string, asn: number, cc: string, date: string, samples: number, hits: number];
export const COUNT_COLUMNS = ["source", "asn", "cc", "date", "samples", "hits"] as const;

export interface SourceRun {
  source: string;
  runId: number;
  location: string | null;
  dataDate: string | null;
  sha256: string | null;
}

export interface EconomyResult {
  cc: string;
  inRegion: boolean;
  share: number | null;
  lo: number | null;
  hi: number | null;
  samples: number;
  days: number;
}

/** The order economies are listed in, on the board and in a pack: most samples first, then by code. */
export const largestEconomyFirst = (a: EconomyResult, b: EconomyResult) =>
  b.samples - a.samples || (a.cc < b.cc ? -1 : a.cc > b.cc ? 1 : 0);

export interface OtherSourceResult {
  source: string;
  share: number;
  days: number;
  agrees: boolean | null;
}

/** The board row the committee saw: the evaluation without its window (the pack has it once). */
export interface PackResult extends Omit<Evaluation, "window"> {
  economies: EconomyResult[];
  otherSources: OtherSourceResult[];
  sourcesDisagree: boolean;
}

export interface PackData {
  stage: "nomination" | "decision";
  frozenAt: string;
  cycle: { id: number; name: string } | null;
  subject: { kind: "network" | "organisation"; id: string; name: string; asns: number[] };
  methodVersion: MethodVersion;
  parameters: AwardParameters;
  window: { start: string; end: string };
  /** The source whose counts decide; the others are set beside it. */
  decidingSource: string;
  /** Sources whose rows count bytes or requests: shares without an interval. */
  trafficSources: string[];
  /** Economies of the LACNIC region among the rows: only these are pooled. */
  regionEconomies: string[];
  countColumns: typeof COUNT_COLUMNS;
  counts: CountRow[];
  runs: SourceRun[];
  result: PackResult;
  demo: boolean;
}

/** The audit row that froze the pack, as the chain holds it. */
export interface PackAuditRow {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  subjectKind: string;
  subjectId: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface EvidencePack {
  format: typeof PACK_FORMAT;
  data: PackData;
  sha256: string;
  audit: PackAuditRow;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** The stored text of a pack's data and its hash: what a freeze writes and the audit row records. */
export function sealPackData(data: PackData): { body: string; sha256: string } {
  const body = canonicalJson(data);
  return { body, sha256: sha256Hex(body) };
}
