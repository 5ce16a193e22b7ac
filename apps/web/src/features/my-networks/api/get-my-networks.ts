import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type MyNetworks = InferResponseType<(typeof api.v1.my.networks)["$get"], 200>["data"];

/** The organisations and networks the signed-in ISP account acts for, with their Jim Bound state. */
export const getMyNetworksQueryOptions = () =>
  queryOptions({ queryKey: ["my", "networks"], queryFn: () => unwrap(api.v1.my.networks.$get()) });

export const useMyNetworks = () => useQuery(getMyNetworksQueryOptions());
