/**
 * The manage page's calls: the subscription a message's token names, changing it, stopping it.
 * The token goes in the JSON body. Each answer replaces the cached subscription.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

const manage = api.v1.subscriptions.manage;
export type ManagedSubscription = InferResponseType<(typeof manage)["$post"], 200>["data"];
export type SubscriptionChanges = Omit<Parameters<(typeof manage.update)["$post"]>[0]["json"], "token">;

const key = (token: string) => ["subscriptions", "manage", token] as const;

export const getManagedSubscriptionQueryOptions = (token: string) =>
  queryOptions({ queryKey: key(token), queryFn: () => unwrap(manage.$post({ json: { token } })) });

/** Nothing is asked without a token (an incomplete link). */
export const useManagedSubscription = (token: string) =>
  useQuery({ ...getManagedSubscriptionQueryOptions(token), enabled: token !== "" });

function useReplacing<T>(token: string, send: (input: T) => Promise<{ data: ManagedSubscription }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (body) => client.setQueryData(key(token), body),
  });
}

export const useChangeManagedSubscription = (token: string) =>
  useReplacing(token, (changes: SubscriptionChanges) =>
    unwrap(manage.update.$post({ json: { token, ...changes } })),
  );

export const useUnsubscribeManaged = (token: string) =>
  useReplacing(token, () => unwrap(manage.unsubscribe.$post({ json: { token } })));
