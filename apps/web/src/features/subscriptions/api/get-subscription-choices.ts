import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type SubscriptionChoices = InferResponseType<
  (typeof api.v1.subscriptions.choices)["$get"],
  200
>["data"];
export type EventKind = SubscriptionChoices["events"]["network"][number];
export type Delivery = SubscriptionChoices["deliveries"][number];
export type AlertLanguage = SubscriptionChoices["languages"][number];
export type SubjectKind = keyof SubscriptionChoices["events"];

/** Which events apply to each kind of subject, and the deliveries and languages: the API's rules. */
export const getSubscriptionChoicesQueryOptions = () =>
  queryOptions({
    queryKey: ["subscriptions", "choices"],
    queryFn: () => unwrap(api.v1.subscriptions.choices.$get()),
    // Fixed for a given server version.
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useSubscriptionChoices = () => useQuery(getSubscriptionChoicesQueryOptions());
