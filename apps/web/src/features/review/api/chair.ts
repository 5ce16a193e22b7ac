import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type TableRow = InferResponseType<
  (typeof api.v1.review.cycles)[":id"]["table"]["$get"],
  200
>["data"][number];
export type Outcome = TableRow["outcome"];

export const getTableQueryOptions = (cycleId: number) =>
  queryOptions({
    queryKey: ["review", "cycles", cycleId, "table"],
    queryFn: () => unwrap(api.v1.review.cycles[":id"].table.$get({ param: { id: String(cycleId) } })),
  });

export const useScoreTable = (cycleId: number, enabled: boolean) =>
  useQuery({ ...getTableQueryOptions(cycleId), enabled });

export function useSetOutcome() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entryId, outcome }: { entryId: number; outcome: Outcome }) =>
      unwrap(
        api.v1.review.entries[":id"].outcome.$put({ param: { id: String(entryId) }, json: { outcome } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["review"] }),
  });
}

export function useReleaseCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycleId: number) =>
      unwrap(api.v1.challenge.cycles[":id"].release.$post({ param: { id: String(cycleId) } })),
    onSuccess: () => client.invalidateQueries(),
  });
}
