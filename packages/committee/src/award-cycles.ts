/**
 * Jim Bound award cycles: the parameters a year's evaluation uses, stored so that the board,
 * nominations, decisions and evidence packs of that cycle all cite the same ones. A cycle may
 * name the source whose counts decide (APNIC, or Atalaya's own beacon) and sources pooled with
 * it (ADR 0016); it keeps the method version it was created with.
 */
import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import { awardCycles, type Database } from "@atalaya/db";
import {
  type AwardParameters,
  DEFAULT_PARAMETERS,
  DEFAULT_SOURCE,
  isIsoDate,
  METHOD_VERSION,
  type Metric,
  sourceChoiceProblem,
} from "@atalaya/metrics";
import { eq } from "drizzle-orm";
import { CommitteeError } from "./errors";

export type AwardCycle = typeof awardCycles.$inferSelect;

export interface NewAwardCycle {
  name: string;
  evaluationDate: string;
  metric?: Metric | undefined;
  /** 0…1 (0.2 = 20%). */
  threshold?: number | undefined;
  windowDays?: number | undefined;
  minDays?: number | undefined;
  minSamples?: number | undefined;
  /** The deciding source; absent: the metric's usual one. */
  source?: string | undefined;
  additionalSources?: string[] | undefined;
}

/** The cycle's parameters with the defaults of DESIGN.md §4 filled in, or why they cannot be used. */
export function awardCycleParameters(input: NewAwardCycle): AwardParameters {
  const params: AwardParameters = {
    threshold: input.threshold ?? DEFAULT_PARAMETERS.threshold,
    metric: input.metric ?? DEFAULT_PARAMETERS.metric,
    windowDays: input.windowDays ?? DEFAULT_PARAMETERS.windowDays,
    minDays: input.minDays ?? DEFAULT_PARAMETERS.minDays,
    minSamples: input.minSamples ?? DEFAULT_PARAMETERS.minSamples,
    evaluationDate: input.evaluationDate,
  };
  const refuse = (message: string): never => {
    throw new CommitteeError("BAD_REQUEST", message);
  };
  if (!isIsoDate(params.evaluationDate)) refuse("evaluationDate: must be a date (YYYY-MM-DD)");
  if (!(params.threshold > 0 && params.threshold < 1)) refuse("threshold: must be a share between 0 and 1");
  if (!Number.isInteger(params.windowDays) || params.windowDays < 1 || params.windowDays > 366)
    refuse("windowDays: must be a whole number of days between 1 and 366");
  if (!Number.isInteger(params.minDays) || params.minDays < 1 || params.minDays > params.windowDays)
    refuse("minDays: must be a whole number of days between 1 and windowDays");
  if (!Number.isInteger(params.minSamples) || params.minSamples < 0)
    refuse("minSamples: must be a whole number, 0 or more");
  // The metric's usual source is not named: such a cycle keeps the parameters cycles always had.
  const source = input.source === DEFAULT_SOURCE[params.metric] ? undefined : input.source;
  const additional = input.additionalSources ?? [];
  const named = {
    ...params,
    ...(source === undefined ? {} : { source }),
    ...(additional.length === 0 ? {} : { additionalSources: additional }),
  };
  const problem = sourceChoiceProblem(named);
  if (problem) refuse(`source: ${problem}`);
  return named;
}

export async function createAwardCycle(
  database: Database,
  input: NewAwardCycle,
  actor: Pick<Account, "id"> | null,
): Promise<AwardCycle> {
  const name = input.name.trim();
  if (!name) throw new CommitteeError("BAD_REQUEST", "name: must not be empty");
  const params = awardCycleParameters(input);
  return database.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: awardCycles.id })
      .from(awardCycles)
      .where(eq(awardCycles.name, name));
    if (existing.length) throw new CommitteeError("CONFLICT", `an award cycle named ${name} already exists`);
    const [cycle] = await tx
      .insert(awardCycles)
      .values({
        name,
        award: "jim-bound",
        threshold: params.threshold,
        metric: params.metric,
        windowDays: params.windowDays,
        minDays: params.minDays,
        minSamples: params.minSamples,
        evaluationDate: params.evaluationDate,
        methodVersion: METHOD_VERSION,
        source: params.source ?? null,
        additionalSources: params.additionalSources ?? [],
      })
      .returning();
    if (!cycle) throw new Error("insert returned no row");
    await appendAudit(tx, {
      actorId: actor?.id ?? null,
      action: "award-cycle.create",
      subjectKind: "award-cycle",
      subjectId: cycle.id,
      detail: { name, ...params, methodVersion: METHOD_VERSION },
    });
    return cycle;
  });
}
