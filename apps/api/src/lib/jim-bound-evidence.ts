/**
 * The evidence a Jim Bound nomination or decision freezes: the subject's row of the eligibility
 * board for the award cycle (state, pooled share, interval, samples, days, split by economy,
 * other sources), the cycle's parameters and method version, and the ingest runs the figures
 * came from; and the evidence pack (packages/evidence) with the raw daily counts behind the row,
 * checked against the row before it is sealed.
 */
import { type Database, ingestQueries, measurementQueries } from "@atalaya/db";
import { type PackData, type PackResult, recompute, resultProblems, sealPackData } from "@atalaya/evidence";
import { decidingSource as decidingSourceOf, decisionSources, windowEnding } from "@atalaya/metrics";
import { lacnicCountry } from "@atalaya/net";
import { type ResolvedParameters, resolveParameters } from "./award-params";
import { BoardCache, COLUMN, type NetworkRow, type OrganisationRow, TRAFFIC_SOURCES } from "./board";
import type { Services } from "./context";
import { DatasetInfo } from "./dataset";
import { ApiError } from "./errors";
import { publicLocation } from "./public-location";
import { MEASURED_SOURCES } from "./standing";

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

type Subject = { kind: "network" | "organisation"; id: string };
type Runs = Awaited<ReturnType<typeof latestRuns>>;

/** The pack of a board row: the row's daily counts, with the row as the result they must give. */
async function packOf(
  database: Database,
  resolved: ResolvedParameters,
  subject: Subject & { name: string },
  row: NetworkRow | OrganisationRow,
  stage: "nomination" | "decision",
  runs: Runs,
  demo: boolean,
  frozenAt: string,
): Promise<PackData> {
  const { params, methodVersion } = resolved;
  const window = windowEnding(params.evaluationDate, params.windowDays);
  const asns = "asns" in row ? row.asns : [row.asn];
  const decidingSource = decidingSourceOf(params);
  const decision = decisionSources(params);
  const counts = await measurementQueries.windowCounts(database, {
    asns,
    // Every source the row pools or compares: the pack must give its otherSources too.
    sources: [...decision, ...MEASURED_SOURCES.filter((s) => !decision.includes(s))],
    window,
    metric: COLUMN[params.metric],
    trafficSources: TRAFFIC_SOURCES,
  });
  const result: PackResult = {
    state: row.state,
    share: row.share,
    lo: row.lo,
    hi: row.hi,
    samples: row.samples,
    days: row.days,
    reason: row.reason,
    ...(row.dispersion === undefined
      ? {}
      : { dispersion: row.dispersion, effectiveSamples: row.effectiveSamples }),
    economies: row.economies,
    otherSources: row.otherSources
      .map((o) => ({ source: o.source, share: o.share, days: o.days, agrees: o.agrees }))
      .sort((a, b) => (a.source < b.source ? -1 : 1)),
    sourcesDisagree: row.sourcesDisagree,
  };
  const data: PackData = {
    stage,
    frozenAt,
    cycle: resolved.cycle,
    subject: { ...subject, asns },
    methodVersion,
    parameters: params,
    window: { start: window.start, end: window.end },
    decidingSource,
    trafficSources: [...TRAFFIC_SOURCES],
    regionEconomies: [...new Set(counts.map((c) => c.cc))].filter((cc) => lacnicCountry(cc)).sort(),
    countColumns: ["source", "asn", "cc", "date", "samples", "hits"],
    counts: counts.map((c) => [c.source, Number(c.asn), c.cc, c.date, Number(c.samples), Number(c.hits)]),
    runs: runs.map((r) => ({
      source: r.source,
      runId: r.id,
      location: r.location,
      dataDate: r.dataDate,
      sha256: r.sha256,
    })),
    result,
    demo,
  };
  // The counts must give the row the committee sees; a publish between reading the board and
  // reading the counts could make them differ, and a pack that does not verify is worse than none.
  const problems = resultProblems(result, recompute(data));
  if (problems.length > 0)
    throw new ApiError(
      "CONFLICT",
      `the data changed while the evidence was being frozen (${problems[0]}); try again`,
    );
  return data;
}

export async function jimBoundEvidence(
  services: EvidenceServices,
  awardCycleId: number,
  subject: Subject,
  stage: "nomination" | "decision" = "nomination",
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
  const runs = await latestRuns(database);
  const frozenAt = new Date().toISOString();
  const pack = await packOf(database, resolved, { ...subject, name }, row, stage, runs, meta.demo, frozenAt);
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
      ingestRuns: runs,
      frozenAt,
    },
    pack: sealPackData(pack),
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
    evidence: (awardCycleId: number, subject: Subject, stage: "nomination" | "decision" = "nomination") =>
      jimBoundEvidence(services, awardCycleId, subject, stage),
  };
}
