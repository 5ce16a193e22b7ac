/** Public results of a released Challenge cycle. Before release they do not exist for anyone outside the committee. */
import { challengeEntries, type Database, reviewScores, serviceChecks } from "@atalaya/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getCycle, listCycles, phaseAt } from "./cycles";
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

/**
 * What anyone may learn about one organisation in the Challenge as of `at`: its entries in cycles
 * released by then, as their public results show them (outcome, place, mean scores, checks), and
 * the cycles whose registration is open. Entries of unreleased cycles are not public: not even
 * whether there is one.
 */
export async function organisationChallengeStatus(database: Database, organisationId: string, at: Date) {
  const cycles = await listCycles(database);
  const released = cycles.filter((c) => c.releasedAt && c.releasedAt.getTime() <= at.getTime());
  const entered = released.length
    ? await database.db
        .select({ cycleId: challengeEntries.cycleId })
        .from(challengeEntries)
        .where(
          and(
            eq(challengeEntries.organisationId, organisationId),
            inArray(
              challengeEntries.cycleId,
              released.map((c) => c.id),
            ),
          ),
        )
    : [];
  const results = [];
  for (const { cycleId } of entered) {
    const published = await publicChallengeResults(database, cycleId);
    const place = published.entries.findIndex((e) => e.organisationId === organisationId);
    const entry = published.entries[place];
    if (!entry) continue;
    results.push({
      cycle: { id: published.cycle.id, name: published.cycle.name, releasedAt: published.cycle.releasedAt },
      place: place + 1,
      entries: published.entries.length,
      outcome: entry.outcome,
      reviews: entry.reviews,
      total: entry.total,
      checks: entry.checks,
    });
  }
  results.sort((a, b) => b.cycle.releasedAt.getTime() - a.cycle.releasedAt.getTime());
  const open = cycles
    .filter((c) => phaseAt(c, at) === "registration")
    .map((c) => ({ id: c.id, name: c.name, registrationClosesAt: c.registrationClosesAt }));
  return { results, open };
}
