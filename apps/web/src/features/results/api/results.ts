import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getResultsIndexQueryOptions = () =>
  queryOptions({ queryKey: ["results"], queryFn: () => unwrap(api.v1.results.$get()) });
export const useResultsIndex = () => useQuery(getResultsIndexQueryOptions());

export const getChallengeResultsQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ["results", "challenge", id],
    queryFn: () => unwrap(api.v1.results.challenge[":id"].$get({ param: { id: String(id) } })),
  });
export const useChallengeResults = (id: number) => useQuery(getChallengeResultsQueryOptions(id));

export const getJimBoundResultsQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ["results", "jim-bound", id],
    queryFn: () => unwrap(api.v1.results["jim-bound"][":id"].$get({ param: { id: String(id) } })),
  });
export const useJimBoundResults = (id: number) => useQuery(getJimBoundResultsQueryOptions(id));
