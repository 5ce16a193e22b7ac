/**
 * The audit chain. A row's hash is SHA-256 over the previous row's hash and a canonical encoding
 * of the row (keys sorted at every level, so jsonb's own key order does not matter), which makes
 * any change, insertion or removal visible to `verifyChain`.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  subjectKind: string;
  subjectId: string;
  detail: unknown;
}

/** JSON with object keys sorted recursively: one text per value, whatever produced it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function rowHash(prevHash: string, row: AuditContent): string {
  const body = canonicalJson({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    detail: row.detail,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

export interface ChainProblem {
  id: number;
  problem: string;
}

/** Checks rows given in id order; returns every broken link (empty when the chain holds). */
export function verifyChain(rows: Iterable<AuditContent & { prevHash: string; hash: string }>): {
  rows: number;
  problems: ChainProblem[];
  lastHash: string;
} {
  let previous = GENESIS_HASH;
  let count = 0;
  let lastId = 0;
  const problems: ChainProblem[] = [];
  for (const row of rows) {
    count++;
    if (row.id !== lastId + 1)
      problems.push({
        id: row.id,
        problem: `row ${lastId + 1}${row.id > lastId + 2 ? `–${row.id - 1}` : ""} missing`,
      });
    if (row.prevHash !== previous)
      problems.push({ id: row.id, problem: "prev_hash does not match the previous row's hash" });
    const expected = rowHash(row.prevHash, row);
    if (expected !== row.hash) problems.push({ id: row.id, problem: "content does not match its hash" });
    previous = row.hash;
    lastId = row.id;
  }
  return { rows: count, problems, lastHash: previous };
}
