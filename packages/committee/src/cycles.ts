/** Challenge cycles: their calendar, the phase a moment falls in, and release. */

import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import { challengeCycles, type Database } from "@atalaya/db";
import { asc, eq } from "drizzle-orm";
import { CommitteeError } from "./errors";

export type Cycle = typeof challengeCycles.$inferSelect;
export type Phase = "upcoming" | "registration" | "deployment" | "review" | "awaiting-release" | "released";

export const DEFAULT_WINDOW_DAYS = 30;
const DAY = 86_400_000;

export function windowEndsAt(cycle: Pick<Cycle, "windowStartsAt" | "windowDays">): Date {
  return new Date(cycle.windowStartsAt.getTime() + cycle.windowDays * DAY);
}

/** The phase a cycle is in at `now` (registration may overlap the window's start). */
export function phaseAt(cycle: Cycle, now: Date): Phase {
  if (cycle.releasedAt) return "released";
  const t = now.getTime();
  if (t < cycle.registrationOpensAt.getTime()) return "upcoming";
  if (t <= cycle.registrationClosesAt.getTime() && t < cycle.windowStartsAt.getTime()) return "registration";
  if (t < windowEndsAt(cycle).getTime()) return "deployment";
  if (t < cycle.reviewEndsAt.getTime()) return "review";
  return "awaiting-release";
}

export interface NewCycle {
  name: string;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  windowStartsAt: Date;
  windowDays?: number | undefined;
  reportDeadlineAt: Date;
  reviewEndsAt: Date;
  releaseAt: Date;
  countryConflicts?: boolean | undefined;
}

/** Refuses a calendar whose dates are out of order, naming the pair. */
export function calendarProblem(c: NewCycle): string | null {
  const windowDays = c.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366)
    return "windowDays: must be a whole number of days between 1 and 366";
  const order: Array<[string, Date, string, Date]> = [
    ["registrationOpensAt", c.registrationOpensAt, "registrationClosesAt", c.registrationClosesAt],
    ["registrationOpensAt", c.registrationOpensAt, "windowStartsAt", c.windowStartsAt],
    ["windowStartsAt", c.windowStartsAt, "reportDeadlineAt", c.reportDeadlineAt],
    ["reportDeadlineAt", c.reportDeadlineAt, "reviewEndsAt", c.reviewEndsAt],
    ["reviewEndsAt", c.reviewEndsAt, "releaseAt", c.releaseAt],
  ];
  for (const [a, first, b, second] of order)
    if (first.getTime() > second.getTime()) return `${b} must not be before ${a}`;
  if (c.reportDeadlineAt.getTime() > c.windowStartsAt.getTime() + windowDays * DAY)
    return "reportDeadlineAt: the report is due before the deployment window closes";
  return null;
}

export async function createCycle(database: Database, input: NewCycle, actor: Account): Promise<Cycle> {
  const name = input.name.trim();
  if (!name) throw new CommitteeError("BAD_REQUEST", "name: must not be empty");
  const problem = calendarProblem(input);
  if (problem) throw new CommitteeError("BAD_REQUEST", problem);
  return database.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: challengeCycles.id })
      .from(challengeCycles)
      .where(eq(challengeCycles.name, name));
    if (existing.length) throw new CommitteeError("CONFLICT", `a cycle named ${name} already exists`);
    const [cycle] = await tx
      .insert(challengeCycles)
      .values({ ...input, name, windowDays: input.windowDays ?? DEFAULT_WINDOW_DAYS, createdBy: actor.id })
      .returning();
    if (!cycle) throw new Error("insert returned no row");
    await appendAudit(tx, {
      actorId: actor.id,
      action: "cycle.create",
      subjectKind: "challenge-cycle",
      subjectId: cycle.id,
      detail: { ...input, name },
    });
    return cycle;
  });
}

export async function listCycles(database: Database): Promise<Cycle[]> {
  return database.db
    .select()
    .from(challengeCycles)
    .orderBy(asc(challengeCycles.registrationOpensAt), asc(challengeCycles.id));
}

export async function getCycle(database: Database, id: number): Promise<Cycle> {
  const [cycle] = await database.db.select().from(challengeCycles).where(eq(challengeCycles.id, id));
  if (!cycle) throw new CommitteeError("NOT_FOUND", `no challenge cycle ${id}`);
  return cycle;
}

/** Makes scores, finalists and winners public. Only on or after the cycle's release date. */
export async function releaseCycle(
  database: Database,
  id: number,
  actor: Account,
  now = new Date(),
): Promise<Cycle> {
  return database.db.transaction(async (tx) => {
    const [cycle] = await tx.select().from(challengeCycles).where(eq(challengeCycles.id, id)).for("update");
    if (!cycle) throw new CommitteeError("NOT_FOUND", `no challenge cycle ${id}`);
    if (cycle.releasedAt)
      throw new CommitteeError("CONFLICT", `${cycle.name} was released on ${cycle.releasedAt.toISOString()}`);
    if (now.getTime() < cycle.releaseAt.getTime())
      throw new CommitteeError(
        "CONFLICT",
        `${cycle.name} cannot be released before its release date ${cycle.releaseAt.toISOString()}`,
      );
    const [released] = await tx
      .update(challengeCycles)
      .set({ releasedAt: now })
      .where(eq(challengeCycles.id, id))
      .returning();
    await appendAudit(tx, {
      actorId: actor.id,
      action: "cycle.release",
      subjectKind: "challenge-cycle",
      subjectId: id,
    });
    return released as Cycle;
  });
}
