/**
 * The evidence a Jim Bound nomination or decision freezes: the subject's row of the eligibility
 * board for the award cycle (state, pooled share, interval, samples, days, other sources), the
 * cycle's parameters and method version, and the ingest runs the figures came from.
 */
import { type Database, ingestQueries } from "@atalaya/db";
import { windowEnding } from "@atalaya/metrics";
import { resolveParameters } from "./award-params";
import { BoardCache } from "./board";
import type { Services } from "./context";
import { DatasetInfo } from "./dataset";
import { ApiError } from "./errors";
import { publicLocation } from "./public-location";

async function latestRuns(database: Database) {
  // The latest good run of each source.
  return (await ingestQueries.latestSucceededRuns(database)).map((r) => ({
    ...r,
    // Frozen evidence is published on release: a local file is named by base name and checksum.
    location: publicLocation(r.location).location,
    fetchedAt: r.fetchedAt?.toISOString() ?? null,
  }));
}

type EvidenceServices = Pick<Services, "database" | "dataset" | "boards">;

export async function jimBoundEvidence(
  services: EvidenceServices,
  awardCycleId: number,
  subject: { kind: "network" | "organisation"; id: string },
) {
  const { database, dataset, boards } = services;
  const resolved = await resolveParameters(database, { cycle: String(awardCycleId) });
  const { meta, version } = await dataset.state();
  const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
  const row =
    subject.kind === "network"
      ? board.networks.find((n) => String(n.asn) === subject.id.replace(/^as/i, ""))
      : board.providers.find((o) => o.id === subject.id);
  if (!row)
    throw new ApiError(
      "NOT_FOUND",
      `${subject.kind} ${subject.id} is not on the board of award cycle ${awardCycleId}`,
    );
  const { window: _window, ...values } = row as typeof row & { window?: unknown };
  const name = (row.name ?? (subject.kind === "network" ? `AS${subject.id}` : subject.id)) as string;
  return {
    name,
    organisationId: "organisationId" in row ? row.organisationId : (row as { id: string }).id,
    evidence: {
      organisationId: "organisationId" in row ? row.organisationId : (row as { id: string }).id,
      subject: { kind: subject.kind, id: subject.id },
      values,
      parameters: resolved.params,
      window: windowEnding(resolved.params.evaluationDate, resolved.params.windowDays),
      methodVersion: resolved.methodVersion,
      cycle: resolved.cycle,
      demo: meta.demo,
      ingestRuns: await latestRuns(database),
      frozenAt: new Date().toISOString(),
    },
  };
}

/**
 * The board and the evidence the nomination and decision routes freeze, for a caller outside a
 * request (the scale loader records a committee history through the library): one data-version
 * lookup and one board cache for the handle, as the app keeps them.
 */
export function jimBoundBoard(database: Database) {
  const services: EvidenceServices = {
    database,
    dataset: new DatasetInfo(database),
    boards: new BoardCache(),
  };
  return {
    /** The award cycle's board, evaluated as the nomination route evaluates it. */
    async board(awardCycleId: number) {
      const resolved = await resolveParameters(database, { cycle: String(awardCycleId) });
      const { version } = await services.dataset.state();
      return services.boards.board(database, version, resolved.params, resolved.methodVersion);
    },
    evidence: (awardCycleId: number, subject: { kind: "network" | "organisation"; id: string }) =>
      jimBoundEvidence(services, awardCycleId, subject),
  };
}
