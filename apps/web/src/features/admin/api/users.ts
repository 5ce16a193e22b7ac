import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

type NewUser = Parameters<(typeof api.v1.admin.users)["$post"]>[0]["json"];

export const getUsersQueryOptions = () =>
  queryOptions({ queryKey: ["admin", "users"], queryFn: () => unwrap(api.v1.admin.users.$get()) });

export const useUsers = () => useQuery(getUsersQueryOptions());

export function useAddUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (user: NewUser) => unwrap(api.v1.admin.users.$post({ json: user })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["admin"] }),
  });
}

export function useReinvite() {
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.v1.admin.users[":id"].invitation.$post({ param: { id: String(id) } })),
  });
}
