import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getAwardCyclesQueryOptions = () =>
  queryOptions({ queryKey: ["awards", "cycles"], queryFn: () => unwrap(api.v1.awards.cycles.$get()) });

export const useAwardCycles = () => useQuery(getAwardCyclesQueryOptions());
