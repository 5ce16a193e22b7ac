/** Running the service checks for entries and keeping their history. */
import { challengeCycles, challengeEntries, type Database, entryServices, serviceChecks } from "@atalaya/db";
import { type CheckSettings, checkService } from "@atalaya/service-checks";
import { and, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { getCycle, windowEndsAt } from "./cycles";
import { CommitteeError } from "./errors";

/** Checks every declared service of one entry now and stores each result. */
export async function runEntryChecks(
  database: Database,
  entryId: number,
  settings: CheckSettings,
  now = new Date(),
) {
  const [entry] = await database.db.select().from(challengeEntries).where(eq(challengeEntries.id, entryId));
  if (!entry) throw new CommitteeError("NOT_FOUND", `no entry ${entryId}`);
  const services = await database.db.select().from(entryServices).where(eq(entryServices.entryId, entryId));
  const rows: Array<typeof serviceChecks.$inferInsert> = [];
  // Services are checked one after another: a few per entry, and polite to the networks checked.
  for (const service of services) {
    for (const result of await checkService({ kind: service.kind, host: service.host }, settings))
      rows.push({ entryId, serviceId: service.id, checkedAt: now, ...result });
  }
  if (rows.length) await database.db.insert(serviceChecks).values(rows);
  return rows.length;
}

/** On-demand checks are allowed from registration until the window closes. */
export async function runChecksOnDemand(
  database: Database,
  entryId: number,
  settings: CheckSettings,
  now = new Date(),
) {
  const [entry] = await database.db.select().from(challengeEntries).where(eq(challengeEntries.id, entryId));
  if (!entry) throw new CommitteeError("NOT_FOUND", `no entry ${entryId}`);
  const cycle = await getCycle(database, entry.cycleId);
  if (now.getTime() >= windowEndsAt(cycle).getTime())
    throw new CommitteeError(
      "CONFLICT",
      `the deployment window of ${cycle.name} closed on ${windowEndsAt(cycle).toISOString()}`,
    );
  return runEntryChecks(database, entryId, settings, now);
}

/** The scheduled run: every entry of every cycle whose deployment window is open at `now`. */
export async function runDueChecks(database: Database, settings: CheckSettings, now = new Date()) {
  const open = await database.db
    .select({ entryId: challengeEntries.id })
    .from(challengeEntries)
    .innerJoin(challengeCycles, eq(challengeCycles.id, challengeEntries.cycleId))
    .where(
      and(
        isNull(challengeCycles.releasedAt),
        lte(challengeCycles.windowStartsAt, now),
        // A raw SQL fragment has no column type to map a Date with: pass the instant as text.
        sql`${challengeCycles.windowStartsAt} + make_interval(days => ${challengeCycles.windowDays}) > ${now.toISOString()}::timestamptz`,
      ),
    );
  let results = 0;
  for (const { entryId } of open) results += await runEntryChecks(database, entryId, settings, now);
  return { entries: open.length, results };
}

export async function checkTimeline(database: Database, entryId: number, limit = 500) {
  return database.db
    .select({
      id: serviceChecks.id,
      serviceId: serviceChecks.serviceId,
      kind: entryServices.kind,
      host: entryServices.host,
      checkedAt: serviceChecks.checkedAt,
      check: serviceChecks.check,
      target: serviceChecks.target,
      outcome: serviceChecks.outcome,
      detail: serviceChecks.detail,
    })
    .from(serviceChecks)
    .innerJoin(entryServices, eq(entryServices.id, serviceChecks.serviceId))
    .where(eq(serviceChecks.entryId, entryId))
    .orderBy(desc(serviceChecks.checkedAt), serviceChecks.id)
    .limit(limit);
}
