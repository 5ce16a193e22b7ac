/** Public results of a released Challenge cycle. Before release they do not exist for anyone outside the committee. */
import { challengeEntries, type Database, reviewScores, serviceChecks } from "@atalaya/db";
import { asc, eq, inArray } from "drizzle-orm";
import { getCycle } from "./cycles";
import { CommitteeError } from "./errors";
import { CRITERIA, entryOutcomeMap } from "./review";

export async function publicChallengeResults(database: Database, cycleId: number) {
  const cycle = await getCycle(database, cycleId).catch(() => null);
  if (!cycle?.releasedAt)
    throw new CommitteeError("NOT_FOUND", `no published results for challenge cycle ${cycleId}`);
  const entries = await database.db
    .select()
    .from(challengeEntries)
    .where(eq(challengeEntries.cycleId, cycleId))
    .orderBy(asc(challengeEntries.name));
  const ids = entries.map((e) => e.id);
  const outcomes = await entryOutcomeMap(database, ids);
  const scores = ids.length
    ? await database.db.select().from(reviewScores).where(inArray(reviewScores.entryId, ids))
    : [];
  const checks = ids.length
    ? await database.db
        .select({ entryId: serviceChecks.entryId, outcome: serviceChecks.outcome })
        .from(serviceChecks)
        .where(inArray(serviceChecks.entryId, ids))
    : [];
  const rank = { winner: 0, finalist: 1 } as const;
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      windowStartsAt: cycle.windowStartsAt,
      windowDays: cycle.windowDays,
      releasedAt: cycle.releasedAt,
    },
    entries: entries
      .map((e) => {
        const mine = scores.filter((s) => s.entryId === e.id);
        const mean = (pick: (s: (typeof mine)[number]) => number) =>
          mine.length
            ? Math.round((mine.reduce((sum, s) => sum + pick(s), 0) / mine.length) * 100) / 100
            : null;
        const mineChecks = checks.filter((c) => c.entryId === e.id);
        return {
          name: e.name,
          organisationId: e.organisationId,
          cc: e.cc,
          outcome: outcomes.get(e.id) ?? null,
          reviews: mine.length,
          means: Object.fromEntries(CRITERIA.map((c) => [c, mean((s) => s[c])])) as Record<
            (typeof CRITERIA)[number],
            number | null
          >,
          total: mean((s) => CRITERIA.reduce((sum, c) => sum + s[c], 0)),
          checks: { passed: mineChecks.filter((c) => c.outcome === "pass").length, total: mineChecks.length },
        };
      })
      .sort(
        (a, b) =>
          (a.outcome ? rank[a.outcome] : 2) - (b.outcome ? rank[b.outcome] : 2) ||
          (b.total ?? 0) - (a.total ?? 0),
      ),
  };
}
