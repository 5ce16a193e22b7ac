/**
 * Writing to and reading the audit log. `appendAudit` takes the transaction of the change it
 * records, so the change and its audit row commit together or not at all.
 */
import { auditLog, type Database, type Db } from "@atalaya/db";
import { asc, desc, sql } from "drizzle-orm";
import { type AuditContent, GENESIS_HASH, rowHash, verifyChain } from "./chain";

/** A drizzle transaction or database handle: anything with the query builder. */
export type Tx = Pick<Db, "select" | "insert" | "update" | "delete" | "execute">;

export interface AuditEvent {
  actorId: number | null;
  action: string;
  subjectKind: string;
  subjectId: string | number;
  detail?: Record<string, unknown>;
}

/** The chain's last row, with the chain locked to this transaction until it ends. */
async function chainHead(tx: Tx): Promise<{ id: number; hash: string }> {
  // One writer at a time extends the chain; the lock is released when the caller's transaction ends.
  await tx.execute(sql`lock table audit_log in share row exclusive mode`);
  const [last] = await tx
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  return { id: last?.id ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

/** The row that follows `previous` in the chain for `event`. */
function chainedRow(previous: { id: number; hash: string }, event: AuditEvent) {
  const content: AuditContent = {
    id: previous.id + 1,
    // Millisecond precision survives the round trip through timestamptz on both engines.
    at: new Date(),
    actorId: event.actorId,
    action: event.action,
    subjectKind: event.subjectKind,
    subjectId: String(event.subjectId),
    // Through JSON once, so what is hashed is exactly what jsonb will give back.
    detail: JSON.parse(JSON.stringify(event.detail ?? {})),
  };
  const hash = rowHash(previous.hash, content);
  return { ...content, detail: content.detail as object, prevHash: previous.hash, hash };
}

export async function appendAudit(tx: Tx, event: AuditEvent): Promise<{ id: number; hash: string }> {
  const row = chainedRow(await chainHead(tx), event);
  await tx.insert(auditLog).values(row);
  return { id: row.id, hash: row.hash };
}

/** Rows per INSERT: 8 parameters each, far below the 65,535 a statement may carry. */
const BATCH_ROWS = 1_000;

/**
 * Appends many events in order, as `appendAudit` one after another would, in a few multi-row
 * INSERTs: the chain is locked and read once, then extended in memory. For bulk recording (the
 * scale loader); the changes the events describe belong in the same transaction.
 */
export async function appendAuditBatch(
  tx: Tx,
  events: readonly AuditEvent[],
): Promise<{ id: number; hash: string }> {
  let head = await chainHead(tx);
  for (let start = 0; start < events.length; start += BATCH_ROWS) {
    const rows = events.slice(start, start + BATCH_ROWS).map((event) => {
      const row = chainedRow(head, event);
      head = { id: row.id, hash: row.hash };
      return row;
    });
    await tx.insert(auditLog).values(rows);
  }
  return head;
}

export async function verifyAuditLog(database: Database) {
  const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.id));
  return verifyChain(rows.map((r) => ({ ...r, detail: r.detail })));
}

export async function auditEntries(
  database: Database,
  filter: { subjectKind?: string; subjectId?: string; limit?: number } = {},
) {
  const conditions = [];
  if (filter.subjectKind) conditions.push(sql`${auditLog.subjectKind} = ${filter.subjectKind}`);
  if (filter.subjectId) conditions.push(sql`${auditLog.subjectId} = ${filter.subjectId}`);
  const query = database.db.select().from(auditLog);
  const filtered = conditions.length ? query.where(sql.join(conditions, sql` and `)) : query;
  return filtered.orderBy(desc(auditLog.id)).limit(filter.limit ?? 200);
}
