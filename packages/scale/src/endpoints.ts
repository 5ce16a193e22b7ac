/**
 * Every public GET operation of the API's own OpenAPI document, with real parameter values from
 * a loaded dataset: the largest economy, the largest organisation, the busiest ASN, a prefix with
 * many covering VRPs, a common search word, released result ids. An operation this list cannot
 * fill throws, so a new endpoint cannot slip past the scale check and the CI slice unseen.
 */
import { lastReportMonth } from "@atalaya/metrics";
import type { ScaleManifest } from "./generate";

interface Operation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface EndpointCall {
  /** The OpenAPI path template: what a report groups by. */
  operation: string;
  /** What is requested (path and query). */
  url: string;
}

/** Values only a running instance knows (released results), fetched from its public API. */
export interface LiveValues {
  challengeResultId: number | null;
  jimBoundResultId: number | null;
  /** An award of that cycle: its nomination, whose decision's evidence pack is public. */
  jimBoundAwardId: number | null;
  /** The last month a monthly report covers (the measurements' last month, or the previous one). */
  reportMonth: string | null;
}

export function publicGetOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .filter(([, ops]) => ops.get && !(ops.get.security && ops.get.security.length > 0))
    .map(([template]) => template);
}

export function publicGetCalls(
  doc: OpenApiDocument,
  picks: ScaleManifest["picks"],
  live: LiveValues,
): {
  calls: EndpointCall[];
  /** Operations the dataset gives no value for (no released results yet, a beacon test's token). */
  uncalled: string[];
} {
  const cc = picks.economy;
  const enc = encodeURIComponent;
  // Each operation's calls; a template missing here is an error below.
  const table: Record<string, string[]> = {
    "/api/health": ["/api/health"],
    "/api/v1/countries": ["/api/v1/countries"],
    "/api/v1/countries/{cc}": [`/api/v1/countries/${cc}`],
    "/api/v1/countries/{cc}/trend": [
      `/api/v1/countries/${cc}/trend`,
      `/api/v1/countries/${cc}/trend?days=365`,
    ],
    "/api/v1/countries/{cc}/networks": [
      `/api/v1/countries/${cc}/networks`,
      `/api/v1/countries/${cc}/networks?page=3&limit=100`,
    ],
    "/api/v1/countries/{cc}/resources": [`/api/v1/countries/${cc}/resources`],
    "/api/v1/region": ["/api/v1/region"],
    "/api/v1/region/trend": ["/api/v1/region/trend", "/api/v1/region/trend?days=365"],
    "/api/v1/region/movers": ["/api/v1/region/movers"],
    "/api/v1/region/jim-bound": ["/api/v1/region/jim-bound"],
    "/api/v1/context/google": ["/api/v1/context/google"],
    "/api/v1/awards/cycles": ["/api/v1/awards/cycles"],
    "/api/v1/awards/jim-bound": [
      "/api/v1/awards/jim-bound",
      `/api/v1/awards/jim-bound?cc=${cc}&state=eligible`,
      "/api/v1/awards/jim-bound?page=5&limit=100&orgPage=3&orgLimit=50",
      "/api/v1/awards/jim-bound?format=csv",
    ],
    "/api/v1/asns/{asn}": [`/api/v1/asns/${picks.busiestAsn}`],
    "/api/v1/asns/{asn}/routes": [
      `/api/v1/asns/${picks.busiestAsn}/routes`,
      `/api/v1/asns/${picks.busiestAsn}/routes?state=valid&page=3&limit=100`,
      `/api/v1/asns/${picks.busiestAsn}/routes?format=csv`,
    ],
    "/api/v1/organisations/{id}": [`/api/v1/organisations/${enc(picks.organisation)}`],
    "/api/v1/asns/{asn}/activity": [
      `/api/v1/asns/${picks.busiestAsn}/activity`,
      `/api/v1/asns/${picks.busiestAsn}/activity?lang=es&limit=100`,
    ],
    "/api/v1/organisations/{id}/activity": [`/api/v1/organisations/${enc(picks.organisation)}/activity`],
    "/api/v1/countries/{cc}/activity": [`/api/v1/countries/${cc}/activity?lang=pt`],
    "/api/v1/subscriptions/choices": ["/api/v1/subscriptions/choices"],
    // A beacon test's outcome exists for two minutes after a browser starts one: no dataset value
    // (bench/beacon.ts measures the beacon).
    "/api/v1/beacon/tests/{token}": [],
    "/api/v1/organisations/{id}/reports/{month}":
      live.reportMonth === null
        ? []
        : [
            `/api/v1/organisations/${enc(picks.organisation)}/reports/${live.reportMonth}`,
            `/api/v1/organisations/${enc(picks.organisation)}/reports/${live.reportMonth}?lang=pt`,
          ],
    "/api/v1/organisations/{id}/reports/{month}.pdf":
      live.reportMonth === null
        ? []
        : [`/api/v1/organisations/${enc(picks.organisation)}/reports/${live.reportMonth}.pdf?lang=es`],
    "/api/v1/search": [`/api/v1/search?q=${enc(picks.searchWord)}`, `/api/v1/search?q=${picks.busiestAsn}`],
    "/api/v1/sources": ["/api/v1/sources"],
    // The prefix keeps its slash (Routinator's shape).
    "/api/v1/validity/{asn}/{prefix}": [
      `/api/v1/validity/AS${picks.busiestAsn}/${picks.coveredPrefix}`,
      `/api/v1/validity/AS${picks.busiestAsn}/${picks.crowdedPrefix}`,
    ],
    "/api/v1/auth/session": ["/api/v1/auth/session"],
    "/api/v1/challenge/cycles": ["/api/v1/challenge/cycles"],
    "/api/v1/results": ["/api/v1/results"],
    "/api/v1/results/challenge/{id}":
      live.challengeResultId === null ? [] : [`/api/v1/results/challenge/${live.challengeResultId}`],
    "/api/v1/results/jim-bound/{id}":
      live.jimBoundResultId === null ? [] : [`/api/v1/results/jim-bound/${live.jimBoundResultId}`],
    "/api/v1/results/jim-bound/{id}/evidence/{nomination}":
      live.jimBoundResultId === null || live.jimBoundAwardId === null
        ? []
        : [
            `/api/v1/results/jim-bound/${live.jimBoundResultId}/evidence/${live.jimBoundAwardId}`,
            `/api/v1/results/jim-bound/${live.jimBoundResultId}/evidence/${live.jimBoundAwardId}?format=json`,
          ],
    "/api/v1/results/jim-bound/{id}/disputes":
      live.jimBoundResultId === null ? [] : [`/api/v1/results/jim-bound/${live.jimBoundResultId}/disputes`],
  };
  const operations = publicGetOperations(doc);
  const unknown = operations.filter((op) => !(op in table));
  if (unknown.length > 0) {
    throw new Error(
      `no parameter values for public GET ${unknown.join(", ")}: add them to packages/scale/src/endpoints.ts`,
    );
  }
  return {
    calls: operations.flatMap((operation) => (table[operation] ?? []).map((url) => ({ operation, url }))),
    uncalled: operations.filter((op) => table[op]?.length === 0),
  };
}

/** The first released result of each kind, from the public results list. */
export async function liveValues(get: (url: string) => Promise<Response>): Promise<LiveValues> {
  const res = await get("/api/v1/results");
  if (!res.ok) throw new Error(`GET /api/v1/results: ${res.status}`);
  const body = (await res.json()) as {
    data: { challenge: Array<{ id: number }>; jimBound: Array<{ id: number }> };
  };
  const jimBoundResultId = body.data.jimBound[0]?.id ?? null;
  let jimBoundAwardId: number | null = null;
  if (jimBoundResultId !== null) {
    const awards = await get(`/api/v1/results/jim-bound/${jimBoundResultId}`);
    if (!awards.ok) throw new Error(`GET /api/v1/results/jim-bound/${jimBoundResultId}: ${awards.status}`);
    const awarded = ((await awards.json()) as { data: { awarded: Array<{ nominationId: number }> } }).data
      .awarded;
    jimBoundAwardId = awarded[0]?.nominationId ?? null;
  }
  const countries = await get("/api/v1/countries");
  if (!countries.ok) throw new Error(`GET /api/v1/countries: ${countries.status}`);
  const { measurement } = (await countries.json()) as { measurement: { evaluationDate: string | null } };
  const today = new Date().toISOString().slice(0, 10);
  return {
    challengeResultId: body.data.challenge[0]?.id ?? null,
    jimBoundResultId,
    jimBoundAwardId,
    reportMonth: measurement.evaluationDate ? lastReportMonth(measurement.evaluationDate, today) : null,
  };
}
