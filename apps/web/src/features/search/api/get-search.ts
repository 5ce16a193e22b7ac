import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type SearchAnswer = InferResponseType<(typeof api.v1.search)["$get"], 200>;
export type SearchResult = SearchAnswer["data"]["results"][number];

export const SEARCH_LIMIT = 8;

export const getSearch = (q: string) =>
  unwrap(api.v1.search.$get({ query: { q, limit: String(SEARCH_LIMIT) } }));

export const getSearchQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ["search", q],
    queryFn: () => getSearch(q),
    enabled: q.length > 0,
    // Keep the last list on screen while the next keystroke's answer arrives.
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

export const useSearch = (q: string) => useQuery(getSearchQueryOptions(q));
