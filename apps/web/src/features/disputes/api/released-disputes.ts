import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

/** A released award cycle's disputed standings and their outcomes (public). */
export const getReleasedDisputesQueryOptions = (awardCycleId: number) =>
  queryOptions({
    queryKey: ["results", "jim-bound", awardCycleId, "disputes"],
    queryFn: () =>
      unwrap(api.v1.results["jim-bound"][":id"].disputes.$get({ param: { id: String(awardCycleId) } })),
  });
export const useReleasedDisputes = (awardCycleId: number) =>
  useQuery(getReleasedDisputesQueryOptions(awardCycleId));
