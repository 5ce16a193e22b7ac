import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getCommentsQueryOptions = (entryId: number) =>
  queryOptions({
    queryKey: ["review", "entries", entryId, "comments"],
    queryFn: () => unwrap(api.v1.review.entries[":id"].comments.$get({ param: { id: String(entryId) } })),
  });

export const useComments = (entryId: number) => useQuery(getCommentsQueryOptions(entryId));

export function useAddComment(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.v1.review.entries[":id"].comments.$post({ param: { id: String(entryId) }, json: { body } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["review", "entries", entryId, "comments"] }),
  });
}
