import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type ScoresView = InferResponseType<
  (typeof api.v1.review.entries)[":id"]["scores"]["$get"],
  200
>["data"];
export type ScoreInput = Parameters<(typeof api.v1.review.entries)[":id"]["score"]["$put"]>[0]["json"];

export const getScoresQueryOptions = (entryId: number) =>
  queryOptions({
    queryKey: ["review", "entries", entryId, "scores"],
    queryFn: () => unwrap(api.v1.review.entries[":id"].scores.$get({ param: { id: String(entryId) } })),
  });

export const useScores = (entryId: number) => useQuery(getScoresQueryOptions(entryId));

export function useSubmitScore(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ScoreInput) =>
      unwrap(api.v1.review.entries[":id"].score.$put({ param: { id: String(entryId) }, json: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["review"] }),
  });
}

export function useDeclareConflict(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) =>
      unwrap(api.v1.review.entries[":id"].conflict.$post({ param: { id: String(entryId) }, json: { note } })),
    onSuccess: () => client.invalidateQueries(),
  });
}
