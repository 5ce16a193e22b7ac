/**
 * The alert subscriptions on an ISP account's organisations and networks: list, add, change,
 * remove. Every change refreshes the list.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

const mine = api.v1.my.subscriptions;
export type MySubscription = InferResponseType<(typeof mine)["$get"], 200>["data"][number];
export type NewMySubscription = Parameters<(typeof mine)["$post"]>[0]["json"];
export type MySubscriptionChanges = Parameters<(typeof mine)[":id"]["$patch"]>[0]["json"];

export const getMySubscriptionsQueryOptions = () =>
  queryOptions({ queryKey: ["my", "subscriptions"], queryFn: () => unwrap(mine.$get()) });

export const useMySubscriptions = () => useQuery(getMySubscriptionsQueryOptions());

function useRefreshing<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ["my", "subscriptions"] }),
  });
}

export const useAddMySubscription = () =>
  useRefreshing((json: NewMySubscription) => unwrap(mine.$post({ json })));

export const useChangeMySubscription = () =>
  useRefreshing(({ id, changes }: { id: number; changes: MySubscriptionChanges }) =>
    unwrap(mine[":id"].$patch({ param: { id: String(id) }, json: changes })),
  );

export const useRemoveMySubscription = () =>
  useRefreshing((id: number) => unwrap(mine[":id"].$delete({ param: { id: String(id) } })));
