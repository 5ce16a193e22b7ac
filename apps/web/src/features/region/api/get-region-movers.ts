import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type RegionMovers = InferResponseType<(typeof api.v1.region.movers)["$get"], 200>;
export type MoverPeriod = RegionMovers["data"]["periods"][number];
export type Mover = MoverPeriod["movers"][number];

export const getRegionMovers = () => unwrap(api.v1.region.movers.$get());

export const getRegionMoversQueryOptions = () =>
  queryOptions({ queryKey: ["region", "movers"], queryFn: getRegionMovers });

export const useRegionMovers = () => useQuery(getRegionMoversQueryOptions());
