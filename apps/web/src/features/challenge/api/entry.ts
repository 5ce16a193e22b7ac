import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type Entry = InferResponseType<(typeof api.v1.challenge.entries)[":id"]["$get"], 200>["data"];
type NewEntry = Parameters<(typeof api.v1.challenge.entries)["$post"]>[0]["json"];
type NewService = Parameters<(typeof api.v1.challenge.entries)[":id"]["services"]["$post"]>[0]["json"];

export const getEntryQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ["challenge", "entries", id],
    queryFn: () => unwrap(api.v1.challenge.entries[":id"].$get({ param: { id: String(id) } })),
  });

export const useEntry = (id: number) => useQuery(getEntryQueryOptions(id));

export function useRegisterEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entry: NewEntry) => unwrap(api.v1.challenge.entries.$post({ json: entry })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["challenge"] }),
  });
}

export function useAddService(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (service: NewService) =>
      unwrap(
        api.v1.challenge.entries[":id"].services.$post({ param: { id: String(entryId) }, json: service }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["challenge", "entries", entryId] }),
  });
}

/** The report's download address, built by the typed client. */
export const reportUrl = (entryId: number) =>
  api.v1.challenge.entries[":id"].report.$url({ param: { id: String(entryId) } }).toString();

export function useUploadReport(entryId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(api.v1.challenge.entries[":id"].report.$put({ param: { id: String(entryId) }, form: { file } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["challenge", "entries", entryId] }),
  });
}
