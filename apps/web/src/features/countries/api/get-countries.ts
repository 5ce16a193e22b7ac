import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

export type CountryList = InferResponseType<(typeof api.v1.countries)["$get"], 200>;
export type CountrySummary = CountryList["data"][number];

export const getCountries = () => unwrap(api.v1.countries.$get());

export const getCountriesQueryOptions = () =>
  queryOptions({ queryKey: ["countries"], queryFn: getCountries });

export const useCountries = () => useQuery(getCountriesQueryOptions());
