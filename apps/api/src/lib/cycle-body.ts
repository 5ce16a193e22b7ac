import { type Cycle, phaseAt, windowEndsAt } from "@atalaya/committee";
import { iso, isoOrNull } from "./committee-schemas";

export function cycleBody(cycle: Cycle, now = new Date()) {
  return {
    id: cycle.id,
    name: cycle.name,
    registrationOpensAt: iso(cycle.registrationOpensAt),
    registrationClosesAt: iso(cycle.registrationClosesAt),
    windowStartsAt: iso(cycle.windowStartsAt),
    windowDays: cycle.windowDays,
    windowEndsAt: iso(windowEndsAt(cycle)),
    reportDeadlineAt: iso(cycle.reportDeadlineAt),
    reviewEndsAt: iso(cycle.reviewEndsAt),
    releaseAt: iso(cycle.releaseAt),
    countryConflicts: cycle.countryConflicts,
    releasedAt: isoOrNull(cycle.releasedAt),
    phase: phaseAt(cycle, now),
  };
}
