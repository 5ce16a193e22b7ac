import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type Cycle = InferResponseType<(typeof api.v1.challenge.cycles)["$get"], 200>["data"][number];

export const getCyclesQueryOptions = () =>
  queryOptions({ queryKey: ["challenge", "cycles"], queryFn: () => unwrap(api.v1.challenge.cycles.$get()) });

export const useCycles = () => useQuery(getCyclesQueryOptions());
