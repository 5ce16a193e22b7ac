/**
 * Committee review: declared conflicts, scores on the five FLIP6 criteria, the discussion thread,
 * and the chair's table and finalist/winner marks. Another reviewer's scores stay hidden from a
 * member until that member has submitted their own for the entry.
 */
import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import {
  challengeEntries,
  type Database,
  declaredConflicts,
  entryComments,
  entryOutcomes,
  reviewScores,
  users,
} from "@atalaya/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { accessEntry, conflictsOf, requireRole } from "./access";
import { getCycle } from "./cycles";
import { CommitteeError } from "./errors";

export const CRITERIA = [
  "originality",
  "experience",
  "applicability",
  "replicability",
  "development",
] as const;
export type Criterion = (typeof CRITERIA)[number];
export const CRITERION_NAMES: Record<Criterion, string> = {
  originality: "Originality",
  experience: "Value of the experience",
  applicability: "General applicability",
  replicability: "Replicability",
  development: "Importance for development",
};

export type ScoreInput = Record<Criterion, number> & {
  comments: Partial<Record<Criterion | "overall", string>>;
};

async function reviewerAccess(database: Database, account: Account, entryId: number) {
  requireRole(account, "committee");
  const access = await accessEntry(database, account, entryId);
  if (access.cycle.releasedAt)
    throw new CommitteeError("CONFLICT", `${access.cycle.name} is released; reviews are closed`);
  return access;
}

export async function declareConflict(database: Database, account: Account, entryId: number, note: string) {
  requireRole(account, "committee");
  // Declaring is possible for any entry the member could otherwise see.
  const { entry } = await accessEntry(database, account, entryId);
  const text = note.trim();
  if (!text) throw new CommitteeError("BAD_REQUEST", "note: say briefly why (it is kept in the audit log)");
  await database.db.transaction(async (tx) => {
    await tx
      .insert(declaredConflicts)
      .values({ entryId: entry.id, userId: account.id, note: text, declaredAt: new Date() })
      .onConflictDoNothing();
    // Scores given before the conflict was declared no longer count.
    const removed = await tx
      .delete(reviewScores)
      .where(and(eq(reviewScores.entryId, entry.id), eq(reviewScores.reviewerId, account.id)))
      .returning();
    await appendAudit(tx, {
      actorId: account.id,
      action: "conflict.declare",
      subjectKind: "challenge-entry",
      subjectId: entry.id,
      detail: { note: text, withdrewScore: removed.length > 0 },
    });
  });
}

export async function submitScore(database: Database, account: Account, entryId: number, input: ScoreInput) {
  const { entry } = await reviewerAccess(database, account, entryId);
  for (const c of CRITERIA) {
    const v = input[c];
    if (!Number.isInteger(v) || v < 1 || v > 5)
      throw new CommitteeError("BAD_REQUEST", `${c}: must be a whole number from 1 to 5`);
  }
  const comments = Object.fromEntries(
    Object.entries(input.comments ?? {}).filter(([, v]) => typeof v === "string" && v.trim() !== ""),
  ) as Record<string, string>;
  const row = {
    entryId: entry.id,
    reviewerId: account.id,
    ...(Object.fromEntries(CRITERIA.map((c) => [c, input[c]])) as Record<Criterion, number>),
    comments,
    submittedAt: new Date(),
  };
  await database.db.transaction(async (tx) => {
    const previous = await tx
      .select()
      .from(reviewScores)
      .where(and(eq(reviewScores.entryId, entry.id), eq(reviewScores.reviewerId, account.id)));
    await tx
      .insert(reviewScores)
      .values(row)
      .onConflictDoUpdate({ target: [reviewScores.entryId, reviewScores.reviewerId], set: row });
    await appendAudit(tx, {
      actorId: account.id,
      action: previous.length ? "score.update" : "score.submit",
      subjectKind: "challenge-entry",
      subjectId: entry.id,
      detail: { scores: Object.fromEntries(CRITERIA.map((c) => [c, input[c]])), comments },
    });
  });
}

export interface ScoreView {
  reviewerId: number;
  reviewer: string;
  scores: Record<Criterion, number>;
  total: number;
  comments: Record<string, string>;
  submittedAt: Date;
}

type ScoreRow = typeof reviewScores.$inferSelect & { reviewer: string };

function toView(r: ScoreRow): ScoreView {
  const scores = Object.fromEntries(CRITERIA.map((c) => [c, r[c]])) as Record<Criterion, number>;
  return {
    reviewerId: r.reviewerId,
    reviewer: r.reviewer,
    scores,
    total: CRITERIA.reduce((sum, c) => sum + r[c], 0),
    comments: r.comments,
    submittedAt: r.submittedAt,
  };
}

async function scoreRows(database: Database, entryIds: number[]): Promise<ScoreRow[]> {
  if (entryIds.length === 0) return [];
  const rows = await database.db
    .select({ score: reviewScores, reviewer: users.displayName })
    .from(reviewScores)
    .innerJoin(users, eq(users.id, reviewScores.reviewerId))
    .where(inArray(reviewScores.entryId, entryIds))
    .orderBy(asc(reviewScores.reviewerId));
  return rows.map((r) => ({ ...r.score, reviewer: r.reviewer }));
}

/**
 * What a committee member sees of an entry's scores: their own, and the others' only once their
 * own is in (the chair sees all). Conflicted members never get here (accessEntry says not found).
 */
export async function scoresForReviewer(database: Database, account: Account, entryId: number) {
  requireRole(account, "committee");
  await accessEntry(database, account, entryId);
  const rows = await scoreRows(database, [entryId]);
  const own = rows.find((r) => r.reviewerId === account.id);
  const othersVisible = account.isChair || own !== undefined;
  return {
    own: own ? toView(own) : null,
    othersHidden: !othersVisible,
    others: othersVisible ? rows.filter((r) => r.reviewerId !== account.id).map(toView) : [],
    count: rows.length,
  };
}

/** The chair's table: every entry with its scores (entries the chair is conflicted on are marked). */
export async function scoreTable(database: Database, account: Account, cycleId: number) {
  requireRole(account, "chair");
  const cycle = await getCycle(database, cycleId);
  const entries = await database.db
    .select()
    .from(challengeEntries)
    .where(eq(challengeEntries.cycleId, cycleId))
    .orderBy(asc(challengeEntries.id));
  const rows = await scoreRows(
    database,
    entries.map((e) => e.id),
  );
  const outcomes = await entryOutcomeMap(
    database,
    entries.map((e) => e.id),
  );
  const table = [];
  for (const entry of entries) {
    const conflicts = await conflictsOf(database, cycle, entry, account);
    const mine = rows.filter((r) => r.entryId === entry.id).map(toView);
    const mean = (pick: (s: ScoreView) => number) =>
      mine.length ? Math.round((mine.reduce((sum, s) => sum + pick(s), 0) / mine.length) * 100) / 100 : null;
    table.push({
      entryId: entry.id,
      name: entry.name,
      organisationId: entry.organisationId,
      cc: entry.cc,
      conflicts,
      reviews: conflicts.length ? null : mine.length,
      means: conflicts.length
        ? null
        : (Object.fromEntries(CRITERIA.map((c) => [c, mean((s) => s.scores[c])])) as Record<
            Criterion,
            number | null
          >),
      total: conflicts.length ? null : mean((s) => s.total),
      outcome: outcomes.get(entry.id) ?? null,
    });
  }
  return table;
}

export async function entryOutcomeMap(database: Database, entryIds: number[]) {
  if (entryIds.length === 0) return new Map<number, "finalist" | "winner">();
  const rows = await database.db.select().from(entryOutcomes).where(inArray(entryOutcomes.entryId, entryIds));
  return new Map(rows.map((r) => [r.entryId, r.outcome]));
}

export async function setOutcome(
  database: Database,
  account: Account,
  entryId: number,
  outcome: "finalist" | "winner" | null,
) {
  requireRole(account, "chair");
  const { entry } = await reviewerAccess(database, account, entryId);
  await database.db.transaction(async (tx) => {
    const [previous] = await tx.select().from(entryOutcomes).where(eq(entryOutcomes.entryId, entry.id));
    if (outcome === null) await tx.delete(entryOutcomes).where(eq(entryOutcomes.entryId, entry.id));
    else {
      const row = { entryId: entry.id, outcome, decidedBy: account.id, decidedAt: new Date() };
      await tx
        .insert(entryOutcomes)
        .values(row)
        .onConflictDoUpdate({ target: entryOutcomes.entryId, set: row });
    }
    await appendAudit(tx, {
      actorId: account.id,
      action: "outcome.set",
      subjectKind: "challenge-entry",
      subjectId: entry.id,
      detail: { from: previous?.outcome ?? null, to: outcome },
    });
  });
}

export async function addComment(database: Database, account: Account, entryId: number, body: string) {
  requireRole(account, "committee");
  const { entry } = await accessEntry(database, account, entryId);
  const text = body.trim();
  if (!text) throw new CommitteeError("BAD_REQUEST", "body: must not be empty");
  if (text.length > 10_000) throw new CommitteeError("BAD_REQUEST", "body: at most 10,000 characters");
  const [row] = await database.db
    .insert(entryComments)
    .values({ entryId: entry.id, authorId: account.id, body: text, createdAt: new Date() })
    .returning();
  return row;
}

export async function listComments(database: Database, account: Account, entryId: number) {
  requireRole(account, "committee");
  await accessEntry(database, account, entryId);
  return database.db
    .select({
      id: entryComments.id,
      author: users.displayName,
      body: entryComments.body,
      createdAt: entryComments.createdAt,
    })
    .from(entryComments)
    .innerJoin(users, eq(users.id, entryComments.authorId))
    .where(eq(entryComments.entryId, entryId))
    .orderBy(asc(entryComments.id));
}
