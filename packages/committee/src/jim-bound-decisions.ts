/**
 * Jim Bound decisions: the chair nominates from the eligibility board, the committee votes, the
 * chair decides. The evidence (values, sources, ingest runs, method version) is frozen at
 * nomination and again at decision, so a later re-ingest cannot change what was decided on.
 */
import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import {
  auditLog,
  awardCycles,
  awardReleases,
  type Database,
  jimBoundDisputes,
  jimBoundEvidencePacks,
  jimBoundNominations,
  jimBoundVotes,
  users,
} from "@atalaya/db";
import { and, asc, eq } from "drizzle-orm";
import { requireRole } from "./access";
import { CommitteeError } from "./errors";

export interface NominationEvidence {
  /** The organisation behind the subject (for conflicts of interest), when known. */
  organisationId: string | null;
  [key: string]: unknown;
}

/** An evidence pack's data as stored (canonical JSON) and its SHA-256 (packages/evidence). */
export interface SealedPack {
  body: string;
  sha256: string;
}

export interface Nomination {
  awardCycleId: number;
  subjectKind: "network" | "organisation";
  subjectId: string;
  name: string;
  evidence: NominationEvidence;
  /** The evidence pack frozen with the nomination: the audit row records its SHA-256. */
  pack: SealedPack;
}

type Tx = Parameters<Parameters<Database["db"]["transaction"]>[0]>[0];

async function storePack(
  tx: Tx,
  nominationId: number,
  stage: "nomination" | "decision",
  pack: SealedPack,
  auditId: number,
) {
  await tx.insert(jimBoundEvidencePacks).values({ nominationId, stage, ...pack, auditId });
}

async function awardCycle(database: Database, id: number) {
  const [cycle] = await database.db.select().from(awardCycles).where(eq(awardCycles.id, id));
  if (!cycle) throw new CommitteeError("NOT_FOUND", `no award cycle ${id}`);
  const [release] = await database.db.select().from(awardReleases).where(eq(awardReleases.awardCycleId, id));
  return { cycle, releasedAt: release?.releasedAt ?? null };
}

function conflicted(account: Account, evidence: NominationEvidence): boolean {
  return evidence.organisationId !== null && account.organisations.includes(evidence.organisationId);
}

export async function nominate(database: Database, account: Account, input: Nomination) {
  requireRole(account, "chair");
  const { cycle, releasedAt } = await awardCycle(database, input.awardCycleId);
  if (releasedAt) throw new CommitteeError("CONFLICT", `${cycle.name} is released; nominations are closed`);
  if (conflicted(account, input.evidence))
    throw new CommitteeError("FORBIDDEN", `you have a conflict with ${input.evidence.organisationId}`);
  return database.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: jimBoundNominations.id })
      .from(jimBoundNominations)
      .where(
        and(
          eq(jimBoundNominations.awardCycleId, cycle.id),
          eq(jimBoundNominations.subjectKind, input.subjectKind),
          eq(jimBoundNominations.subjectId, input.subjectId),
        ),
      );
    if (existing.length)
      throw new CommitteeError("CONFLICT", `${input.name} is already nominated (${existing[0]?.id})`);
    const { pack, ...nomination } = input;
    const [row] = await tx
      .insert(jimBoundNominations)
      .values({ ...nomination, nominatedBy: account.id, nominatedAt: new Date() })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const audited = await appendAudit(tx, {
      actorId: account.id,
      action: "jim-bound.nominate",
      subjectKind: "jim-bound-nomination",
      subjectId: row.id,
      detail: {
        awardCycleId: cycle.id,
        subjectKind: input.subjectKind,
        subjectId: input.subjectId,
        evidence: input.evidence,
        packSha256: pack.sha256,
      },
    });
    await storePack(tx, row.id, "nomination", pack, audited.id);
    return row;
  });
}

export async function getNomination(database: Database, id: number) {
  const [row] = await database.db.select().from(jimBoundNominations).where(eq(jimBoundNominations.id, id));
  if (!row) throw new CommitteeError("NOT_FOUND", `no nomination ${id}`);
  return row;
}

export async function castVote(
  database: Database,
  account: Account,
  nominationId: number,
  vote: "yes" | "no" | "abstain",
  comment: string,
) {
  requireRole(account, "committee");
  const nomination = await getNomination(database, nominationId);
  if (nomination.status !== "open")
    throw new CommitteeError("CONFLICT", `nomination ${nominationId} is already decided`);
  if (conflicted(account, nomination.evidence as NominationEvidence))
    throw new CommitteeError("FORBIDDEN", "you have a conflict with this nomination's organisation");
  const row = { nominationId, userId: account.id, vote, comment: comment.trim(), votedAt: new Date() };
  await database.db.transaction(async (tx) => {
    await tx
      .insert(jimBoundVotes)
      .values(row)
      .onConflictDoUpdate({ target: [jimBoundVotes.nominationId, jimBoundVotes.userId], set: row });
    await appendAudit(tx, {
      actorId: account.id,
      action: "jim-bound.vote",
      subjectKind: "jim-bound-nomination",
      subjectId: nominationId,
      detail: { vote, comment: row.comment },
    });
  });
}

function tally(votes: Array<{ vote: string }>) {
  return {
    yes: votes.filter((v) => v.vote === "yes").length,
    no: votes.filter((v) => v.vote === "no").length,
    abstain: votes.filter((v) => v.vote === "abstain").length,
  };
}

export async function decide(
  database: Database,
  account: Account,
  nominationId: number,
  outcome: "awarded" | "declined",
  note: string,
  decisionEvidence: Record<string, unknown>,
  pack: SealedPack,
) {
  requireRole(account, "chair");
  const nomination = await getNomination(database, nominationId);
  if (nomination.status !== "open")
    throw new CommitteeError("CONFLICT", `nomination ${nominationId} is already decided`);
  if (conflicted(account, nomination.evidence as NominationEvidence))
    throw new CommitteeError("FORBIDDEN", "you have a conflict with this nomination's organisation");
  return database.db.transaction(async (tx) => {
    const votes = await tx.select().from(jimBoundVotes).where(eq(jimBoundVotes.nominationId, nominationId));
    const counts = tally(votes);
    // Deciding against the committee's majority is allowed, and recorded as an override.
    const majority = counts.yes > counts.no ? "awarded" : counts.no > counts.yes ? "declined" : null;
    const override = majority !== null && majority !== outcome;
    const [row] = await tx
      .update(jimBoundNominations)
      .set({
        status: outcome,
        decisionEvidence,
        decidedBy: account.id,
        decidedAt: new Date(),
        decisionNote: note.trim(),
      })
      .where(and(eq(jimBoundNominations.id, nominationId), eq(jimBoundNominations.status, "open")))
      .returning();
    if (!row) throw new CommitteeError("CONFLICT", `nomination ${nominationId} is already decided`);
    const audited = await appendAudit(tx, {
      actorId: account.id,
      action: override ? "jim-bound.decide-override" : "jim-bound.decide",
      subjectKind: "jim-bound-nomination",
      subjectId: nominationId,
      detail: {
        outcome,
        note: note.trim(),
        votes: counts,
        override,
        evidence: decisionEvidence,
        packSha256: pack.sha256,
      },
    });
    await storePack(tx, nominationId, "decision", pack, audited.id);
    return row;
  });
}

/** Nominations of an award cycle with tallies, for the committee and admins. */
export async function listNominations(database: Database, account: Account, awardCycleId: number) {
  requireRole(account, "committee", "admin");
  const { releasedAt } = await awardCycle(database, awardCycleId);
  const rows = await database.db
    .select()
    .from(jimBoundNominations)
    .where(eq(jimBoundNominations.awardCycleId, awardCycleId))
    .orderBy(asc(jimBoundNominations.id));
  const out = [];
  for (const n of rows) {
    const votes = await database.db
      .select({
        userId: jimBoundVotes.userId,
        vote: jimBoundVotes.vote,
        comment: jimBoundVotes.comment,
        voter: users.displayName,
      })
      .from(jimBoundVotes)
      .innerJoin(users, eq(users.id, jimBoundVotes.userId))
      .where(eq(jimBoundVotes.nominationId, n.id))
      .orderBy(asc(jimBoundVotes.userId));
    out.push({
      id: n.id,
      subjectKind: n.subjectKind,
      subjectId: n.subjectId,
      name: n.name,
      evidence: n.evidence,
      status: n.status,
      nominatedAt: n.nominatedAt,
      decidedAt: n.decidedAt,
      decisionNote: n.decisionNote,
      decisionEvidence: n.decisionEvidence,
      votes: tally(votes),
      myVote: votes.find((v) => v.userId === account.id)?.vote ?? null,
      conflict: conflicted(account, n.evidence as NominationEvidence),
      voters: votes.map((v) => ({ voter: v.voter, vote: v.vote, comment: v.comment })),
    });
  }
  return { releasedAt, nominations: out };
}

export async function releaseAward(database: Database, account: Account, awardCycleId: number) {
  requireRole(account, "chair", "admin");
  const { cycle, releasedAt } = await awardCycle(database, awardCycleId);
  if (releasedAt)
    throw new CommitteeError("CONFLICT", `${cycle.name} was released on ${releasedAt.toISOString()}`);
  const open = await database.db
    .select({ id: jimBoundNominations.id })
    .from(jimBoundNominations)
    .where(and(eq(jimBoundNominations.awardCycleId, awardCycleId), eq(jimBoundNominations.status, "open")));
  if (open.length) throw new CommitteeError("CONFLICT", `${open.length} nomination(s) still undecided`);
  await database.db.transaction(async (tx) => {
    // Every dispute is answered before the results go out. The cycle's row is locked as a filing
    // locks it (disputes.ts), so none can slip in between this count and the release.
    await tx
      .select({ id: awardCycles.id })
      .from(awardCycles)
      .where(eq(awardCycles.id, awardCycleId))
      .for("update");
    const disputes = await tx
      .select({ id: jimBoundDisputes.id })
      .from(jimBoundDisputes)
      .where(and(eq(jimBoundDisputes.awardCycleId, awardCycleId), eq(jimBoundDisputes.status, "open")));
    if (disputes.length)
      throw new CommitteeError("CONFLICT", `${disputes.length} dispute(s) still unresolved`);
    await tx.insert(awardReleases).values({ awardCycleId, releasedBy: account.id, releasedAt: new Date() });
    await appendAudit(tx, {
      actorId: account.id,
      action: "jim-bound.release",
      subjectKind: "award-cycle",
      subjectId: awardCycleId,
    });
  });
}

/** Public: the awarded networks and organisations of a released cycle; unreleased cycles do not exist here. */
export async function publicJimBoundResults(database: Database, awardCycleId: number) {
  const { cycle, releasedAt } = await awardCycle(database, awardCycleId);
  if (!releasedAt)
    throw new CommitteeError("NOT_FOUND", `no published results for award cycle ${awardCycleId}`);
  const awarded = await database.db
    .select()
    .from(jimBoundNominations)
    .where(and(eq(jimBoundNominations.awardCycleId, awardCycleId), eq(jimBoundNominations.status, "awarded")))
    .orderBy(asc(jimBoundNominations.name));
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      evaluationDate: cycle.evaluationDate,
      threshold: cycle.threshold,
      metric: cycle.metric,
    },
    releasedAt,
    awarded: awarded.map((n) => ({
      nominationId: n.id,
      subjectKind: n.subjectKind,
      subjectId: n.subjectId,
      name: n.name,
      decidedAt: n.decidedAt,
      evidence: n.decisionEvidence,
    })),
  };
}

/**
 * A nomination's stored evidence pack with the audit row that froze it, or null. Access is the
 * caller's: the committee route checks role and conflicts, the public route the release.
 */
export async function evidencePack(
  database: Database,
  nominationId: number,
  stage: "nomination" | "decision",
) {
  const [pack] = await database.db
    .select()
    .from(jimBoundEvidencePacks)
    .where(and(eq(jimBoundEvidencePacks.nominationId, nominationId), eq(jimBoundEvidencePacks.stage, stage)));
  if (!pack) return null;
  const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.id, pack.auditId));
  if (!audit) throw new Error(`audit row ${pack.auditId} of nomination ${nominationId}'s pack is missing`);
  return { ...pack, audit };
}

/** Whether `account` may read a nomination's evidence: admins, and committee members without a conflict. */
export function mayReadNomination(account: Account, nomination: { evidence: unknown }): boolean {
  if (account.role === "admin") return true;
  return account.role === "committee" && !conflicted(account, nomination.evidence as NominationEvidence);
}
