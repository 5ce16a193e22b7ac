import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type GoogleContext = InferResponseType<(typeof api.v1.context.google)["$get"], 200>;
export type ContextPoint = GoogleContext["data"]["series"][number];

export const getGoogleContext = (since: string) => unwrap(api.v1.context.google.$get({ query: { since } }));

export const getGoogleContextQueryOptions = (since: string) =>
  queryOptions({ queryKey: ["context", "google", since], queryFn: () => getGoogleContext(since) });

export const useGoogleContext = (since: string | undefined) =>
  useQuery({ ...getGoogleContextQueryOptions(since ?? ""), enabled: since !== undefined });
