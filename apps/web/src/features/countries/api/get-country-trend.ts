import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type CountryTrend = InferResponseType<(typeof api.v1.countries)[":cc"]["trend"]["$get"], 200>;

export const getCountryTrend = (cc: string) =>
  unwrap(api.v1.countries[":cc"].trend.$get({ param: { cc }, query: {} }));

export const getCountryTrendQueryOptions = (cc: string) =>
  queryOptions({ queryKey: ["country", cc, "trend"], queryFn: () => getCountryTrend(cc) });

export const useCountryTrend = (cc: string) => useQuery(getCountryTrendQueryOptions(cc));
