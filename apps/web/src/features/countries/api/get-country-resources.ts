import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type CountryResources = InferResponseType<(typeof api.v1.countries)[":cc"]["resources"]["$get"], 200>;

export const getCountryResources = (cc: string) =>
  unwrap(api.v1.countries[":cc"].resources.$get({ param: { cc } }));

export const getCountryResourcesQueryOptions = (cc: string) =>
  queryOptions({ queryKey: ["country", cc, "resources"], queryFn: () => getCountryResources(cc) });

export const useCountryResources = (cc: string) => useQuery(getCountryResourcesQueryOptions(cc));
