import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type RegionSummary = InferResponseType<(typeof api.v1.region)["$get"], 200>;

export const getRegion = () => unwrap(api.v1.region.$get());

export const getRegionQueryOptions = () => queryOptions({ queryKey: ["region"], queryFn: getRegion });

export const useRegion = () => useQuery(getRegionQueryOptions());
