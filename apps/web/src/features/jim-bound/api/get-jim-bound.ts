import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.awards)["jim-bound"];
export type JimBoundBoard = InferResponseType<Endpoint["$get"], 200>;
export type BoardNetwork = JimBoundBoard["data"]["networks"][number];
export type EligibilityState = BoardNetwork["state"];
export interface BoardFilters {
  cc?: string | undefined;
  state?: EligibilityState | undefined;
}

export const getJimBound = (filters: BoardFilters) =>
  unwrap(api.v1.awards["jim-bound"].$get({ query: { cc: filters.cc, state: filters.state } }));

/** The CSV download of the same rows, built by the typed client rather than by hand. */
export const jimBoundCsvUrl = (filters: BoardFilters) =>
  api.v1.awards["jim-bound"]
    .$url({ query: { cc: filters.cc, state: filters.state, format: "csv" } })
    .toString();

export const getJimBoundQueryOptions = (filters: BoardFilters) =>
  queryOptions({
    queryKey: ["jim-bound", filters],
    queryFn: () => getJimBound(filters),
    placeholderData: keepPreviousData,
  });

export const useJimBound = (filters: BoardFilters) => useQuery(getJimBoundQueryOptions(filters));
