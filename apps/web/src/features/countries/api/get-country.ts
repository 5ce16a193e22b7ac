import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type CountryDetail = InferResponseType<(typeof api.v1.countries)[":cc"]["$get"], 200>;

export const getCountry = (cc: string) => unwrap(api.v1.countries[":cc"].$get({ param: { cc } }));

export const getCountryQueryOptions = (cc: string) =>
  queryOptions({ queryKey: ["country", cc], queryFn: () => getCountry(cc) });

export const useCountry = (cc: string) => useQuery(getCountryQueryOptions(cc));
