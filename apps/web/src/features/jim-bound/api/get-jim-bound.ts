import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.awards)["jim-bound"];
export type JimBoundBoard = InferResponseType<Endpoint["$get"], 200>;
export type BoardNetwork = JimBoundBoard["data"]["networks"][number];
export type EligibilityState = BoardNetwork["state"];
export type PageInfo = JimBoundBoard["data"]["pagination"]["networks"];
export interface BoardFilters {
  /** A stored award cycle (id): its parameters instead of the defaults on the latest data. */
  cycle?: string | undefined;
  cc?: string | undefined;
  state?: EligibilityState | undefined;
  /** Only rows where another source is on the other side of the threshold. */
  disagree?: boolean | undefined;
}
/** Which page of each list to show (1-based); the API pages networks and organisations apart. */
export interface BoardPages {
  networks: number;
  organisations: number;
}

/** Rows per page: the API's default for networks, fewer for the organisations table. */
const NETWORKS_PER_PAGE = 100;
const ORGANISATIONS_PER_PAGE = 50;

export const getJimBound = (filters: BoardFilters, pages: BoardPages) =>
  unwrap(
    api.v1.awards["jim-bound"].$get({
      query: {
        cycle: filters.cycle,
        cc: filters.cc,
        state: filters.state,
        disagree: filters.disagree ? "true" : undefined,
        page: String(pages.networks),
        limit: String(NETWORKS_PER_PAGE),
        orgPage: String(pages.organisations),
        orgLimit: String(ORGANISATIONS_PER_PAGE),
      },
    }),
  );

/** The CSV download of the same rows, built by the typed client rather than by hand. */
export const jimBoundCsvUrl = (filters: BoardFilters) =>
  api.v1.awards["jim-bound"]
    .$url({
      query: {
        cycle: filters.cycle,
        cc: filters.cc,
        state: filters.state,
        disagree: filters.disagree ? "true" : undefined,
        format: "csv",
      },
    })
    .toString();

export const getJimBoundQueryOptions = (filters: BoardFilters, pages: BoardPages) =>
  queryOptions({
    queryKey: ["jim-bound", filters, pages],
    queryFn: () => getJimBound(filters, pages),
    placeholderData: keepPreviousData,
  });

export const useJimBound = (filters: BoardFilters, pages: BoardPages) =>
  useQuery(getJimBoundQueryOptions(filters, pages));
