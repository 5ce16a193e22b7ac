import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getCycleEntriesQueryOptions = (cycleId: number) =>
  queryOptions({
    queryKey: ["challenge", "cycles", cycleId, "entries"],
    queryFn: () => unwrap(api.v1.challenge.cycles[":id"].entries.$get({ param: { id: String(cycleId) } })),
  });

export const useCycleEntries = (cycleId: number | null) =>
  useQuery({ ...getCycleEntriesQueryOptions(cycleId ?? 0), enabled: cycleId !== null });
