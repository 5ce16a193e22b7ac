import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type JimBoundCounts = InferResponseType<(typeof api.v1.region)["jim-bound"]["$get"], 200>;

export const getJimBoundCounts = () => unwrap(api.v1.region["jim-bound"].$get());

export const getJimBoundCountsQueryOptions = () =>
  queryOptions({ queryKey: ["region", "jim-bound"], queryFn: getJimBoundCounts });

export const useJimBoundCounts = () => useQuery(getJimBoundCountsQueryOptions());
