import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type RegionTrend = InferResponseType<(typeof api.v1.region.trend)["$get"], 200>;
export type DailyShare = RegionTrend["data"]["region"][number];

export const getRegionTrend = () => unwrap(api.v1.region.trend.$get({ query: {} }));

export const getRegionTrendQueryOptions = () =>
  queryOptions({ queryKey: ["region", "trend"], queryFn: getRegionTrend });

export const useRegionTrend = () => useQuery(getRegionTrendQueryOptions());
