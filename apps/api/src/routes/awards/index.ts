import { awardQueries } from "@atalaya/db";
import { decidingSource, decisionSources, windowEnding } from "@atalaya/metrics";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { Board } from "../../lib/board";
import type { AppEnv } from "../../lib/context";
import { csvLine, streamText } from "../../lib/csv";
import { ErrorSchema, errorResponses } from "../../lib/errors";
import { paged } from "../../lib/paging";
import { AwardCycleSchema, awardCycleBody, JimBoundQuery, JimBoundResponse } from "./schemas";

const jimBound = createRoute({
  method: "get",
  path: "/jim-bound",
  tags: ["awards"],
  summary: "Jim Bound eligibility of every LACNIC-region network and multi-network organisation",
  description:
    "State per network and organisation for an evaluation date or a stored award cycle: pooled share over the window, " +
    "95% interval (the method's: `jim-bound/2` quasi-binomial by default, a cycle's own otherwise; see /method), " +
    "samples and days with data, the split by economy, the metric and window used, and other sources beside it " +
    "with whether they agree (`disagree=true`: only rows where another source is on the other side of the threshold). " +
    "`format=csv` downloads every matching row (not paged), streamed as text/csv, columns kind, asn, " +
    "organisation_id, name, cc, state, share, lo, hi, samples, days, metric, window_start, window_end, asns, " +
    "method, sources_disagree. " +
    "JSON pages networks (`page`, `limit`) and organisations (`orgPage`, `orgLimit`) separately, each in a " +
    "stable order with a unique key; `data.pagination` gives the totals.",
  request: { query: JimBoundQuery },
  responses: {
    200: {
      description: "The board (JSON, or CSV with format=csv)",
      // `format=csv` answers text/csv with the same rows; only the JSON form is declared here so
      // that the typed client keeps the JSON type (the CSV columns are in the description).
      content: { "application/json": { schema: JimBoundResponse } },
    },
    404: { description: "No such award cycle", content: { "application/json": { schema: ErrorSchema } } },
    ...errorResponses,
  },
});

const CSV_HEADER = [
  "kind",
  "asn",
  "organisation_id",
  "name",
  "cc",
  "state",
  "share",
  "lo",
  "hi",
  "samples",
  "days",
  "metric",
  "window_start",
  "window_end",
  "asns",
  "method",
  "sources_disagree",
  "deciding_sources",
  "beacon_share",
  "beacon_lo",
  "beacon_hi",
  "beacon_tests",
  "beacon_days",
];

/** The CSV lines, one at a time, so a download of 10,000 networks is never one big string. */
function* csvLines(
  board: Board,
  networks: Board["networks"],
  organisations: Board["providers"],
): Generator<string> {
  const { start, end } = windowEnding(board.params.evaluationDate, board.params.windowDays);
  const common = (r: Board["networks"][number] | Board["providers"][number]) => [
    r.state,
    r.share,
    r.lo,
    r.hi,
    r.samples,
    r.days,
    board.params.metric,
    start,
    end,
  ];
  yield csvLine(CSV_HEADER);
  const deciding = decisionSources(board.params).join("+");
  const last = (r: Board["networks"][number] | Board["providers"][number]) => {
    // Atalaya's own beacon beside the deciding figures (empty when it decides or has no data).
    const beacon = r.otherSources.find((o) => o.source === "atalaya-beacon");
    return [
      board.method,
      r.sourcesDisagree ? "true" : "false",
      deciding,
      beacon?.share,
      beacon?.lo,
      beacon?.hi,
      beacon?.samples,
      beacon?.days,
    ];
  };
  for (const n of networks)
    yield csvLine(["network", n.asn, n.organisationId, n.name, n.cc, ...common(n), n.asn, ...last(n)]);
  for (const o of organisations)
    yield csvLine(["organisation", null, o.id, o.name, o.cc, ...common(o), o.asns.join(" "), ...last(o)]);
}

const cyclesRoute = createRoute({
  method: "get",
  path: "/cycles",
  tags: ["awards"],
  summary: "Stored award cycles with their parameters, newest evaluation first",
  responses: {
    200: {
      description: "Cycles",
      content: { "application/json": { schema: z.object({ data: z.array(AwardCycleSchema) }) } },
    },
    ...errorResponses,
  },
});

export const awardRoutes = new OpenAPIHono<AppEnv>()
  .openapi(cyclesRoute, async (c) => {
    const rows = await awardQueries.awardCyclesWithRelease(c.var.services.database);
    return c.json(
      {
        data: rows.map(({ cycle, releasedAt }) => awardCycleBody(cycle, releasedAt)),
      },
      200,
    );
  })
  .openapi(jimBound, async (c) => {
    const { database, dataset, boards } = c.var.services;
    const query = c.req.valid("query");
    const { meta, version } = await dataset.state();
    const resolved = await resolveParameters(database, query, version);
    const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
    const cc = query.cc?.toUpperCase();
    const disagree = query.disagree === undefined ? undefined : query.disagree === "true";
    const keep = (r: { cc: string | null; state: string; sourcesDisagree: boolean }) =>
      (cc === undefined || r.cc === cc) &&
      (query.state === undefined || r.state === query.state) &&
      (disagree === undefined || r.sourcesDisagree === disagree);
    // The board keeps networks in AS-number order and organisations in the order of their lowest
    // AS number (computeBoard): both keys are unique, so pages are stable within a data version.
    const networks = board.networks.filter(keep);
    const organisations = board.providers.filter((o) => o.asns.length >= 2 && keep(o));
    if (query.format === "csv") {
      const name = `jim-bound-${resolved.params.evaluationDate}${cc ? `-${cc}` : ""}.csv`;
      return c.body(streamText(csvLines(board, networks, organisations)), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
      }) as never;
    }
    const networkPage = paged(networks, query.page, query.limit);
    const organisationPage = paged(organisations, query.orgPage, query.orgLimit);
    // Counts per state ignore the state filter, so a filtered board still shows the whole picture.
    const counts = { eligible: 0, borderline: 0, below: 0, "insufficient-data": 0 };
    for (const n of board.networks) if (cc === undefined || n.cc === cc) counts[n.state]++;
    const window = windowEnding(resolved.params.evaluationDate, resolved.params.windowDays);
    return c.json(
      {
        data: {
          parameters: {
            award: "jim-bound" as const,
            cycle: resolved.cycle,
            ...resolved.params,
            source: decidingSource(resolved.params),
            additionalSources: resolved.params.additionalSources ?? [],
            window: { start: window.start, end: window.end },
            methodVersion: resolved.methodVersion,
          },
          counts,
          economies: [...new Set(board.networks.map((n) => n.cc))].sort(),
          networks: networkPage.rows.map(({ window: _w, ...n }) => n),
          organisations: organisationPage.rows.map(({ window: _w, ...o }) => o),
          pagination: { networks: networkPage.page, organisations: organisationPage.page },
        },
        meta,
      },
      200,
    );
  });
