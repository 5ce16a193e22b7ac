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

export async function appendAudit(tx: Tx, event: AuditEvent): Promise<{ id: number; hash: string }> {
  // One writer at a time extends the chain; the lock is released when the caller's transaction ends.
  await tx.execute(sql`lock table audit_log in share row exclusive mode`);
  const [last] = await tx
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  const content: AuditContent = {
    id: (last?.id ?? 0) + 1,
    // Millisecond precision survives the round trip through timestamptz on both engines.
    at: new Date(),
    actorId: event.actorId,
    action: event.action,
    subjectKind: event.subjectKind,
    subjectId: String(event.subjectId),
    // Through JSON once, so what is hashed is exactly what jsonb will give back.
    detail: JSON.parse(JSON.stringify(event.detail ?? {})),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = rowHash(prevHash, content);
  await tx.insert(auditLog).values({ ...content, detail: content.detail as object, prevHash, hash });
  return { id: content.id, hash };
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
