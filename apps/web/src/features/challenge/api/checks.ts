import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type CheckRow = InferResponseType<
  (typeof api.v1.challenge.entries)[":id"]["checks"]["$get"],
  200
>["data"][number];

export const getChecksQueryOptions = (entryId: number) =>
  queryOptions({
    queryKey: ["challenge", "entries", entryId, "checks"],
    queryFn: () => unwrap(api.v1.challenge.entries[":id"].checks.$get({ param: { id: String(entryId) } })),
  });

export const useChecks = (entryId: number) => useQuery(getChecksQueryOptions(entryId));

export function useRunChecks(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.v1.challenge.entries[":id"].checks.$post({ param: { id: String(entryId) } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["challenge", "entries", entryId, "checks"] }),
  });
}
