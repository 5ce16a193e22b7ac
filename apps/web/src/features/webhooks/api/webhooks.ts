/**
 * Webhook endpoints of the signed-in ISP account or admin: the list, adding one (the answer holds
 * its secret, shown once), deleting, re-enabling, pinging, and each endpoint's delivery log.
 * Every mutation refreshes the lists and logs.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  type ApiErrorBody,
  ApiRequestError,
  api,
  type InferResponseType,
  unwrap,
} from "../../../lib/api-client";

const webhooks = api.v1.webhooks;
export type WebhookEndpoint = InferResponseType<(typeof webhooks)["$get"], 200>["data"][number];
export type WebhookDelivery = InferResponseType<
  (typeof webhooks)[":id"]["deliveries"]["$get"],
  200
>["data"][number];
export type NewWebhook = Parameters<(typeof webhooks)["$post"]>[0]["json"];
export type WebhookEventKind = WebhookEndpoint["events"][number];

export const getWebhooksQueryOptions = () =>
  queryOptions({ queryKey: ["webhooks"], queryFn: () => unwrap(webhooks.$get()) });
export const useWebhooks = () => useQuery(getWebhooksQueryOptions());

/** A delivery still waiting or being sent: its log is worth reading again in a moment. */
const pending = (d: WebhookDelivery) => d.status === "queued" || d.status === "sending";

export const getWebhookDeliveriesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ["webhooks", id, "deliveries"],
    queryFn: () => unwrap(webhooks[":id"].deliveries.$get({ param: { id: String(id) } })),
    // A ping is sent within seconds: poll while one is on its way.
    refetchInterval: (query) => (query.state.data?.data.some(pending) ? 3000 : false),
  });
export const useWebhookDeliveries = (id: number) => useQuery(getWebhookDeliveriesQueryOptions(id));

function useInvalidating<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ["webhooks"] }),
  });
}

export const useAddWebhook = () => useInvalidating((json: NewWebhook) => unwrap(webhooks.$post({ json })));

export const useEnableWebhook = () =>
  useInvalidating((id: number) => unwrap(webhooks[":id"].enable.$post({ param: { id: String(id) } })));

export const usePingWebhook = () =>
  useInvalidating((id: number) => unwrap(webhooks[":id"].ping.$post({ param: { id: String(id) } })));

export const useDeleteWebhook = () =>
  useInvalidating(async (id: number) => {
    // 204: no body to unwrap.
    const res = await webhooks[":id"].$delete({ param: { id: String(id) } });
    if (!res.ok)
      throw new ApiRequestError(res.status, (await res.json().catch(() => null)) as ApiErrorBody | null);
  });
