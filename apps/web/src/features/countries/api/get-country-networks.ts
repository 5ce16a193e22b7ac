import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.countries)[":cc"]["networks"];
export type CountryNetworks = InferResponseType<Endpoint["$get"], 200>;
export type CountryNetwork = CountryNetworks["data"]["networks"][number];

const page = (cc: string, n: number) =>
  unwrap(api.v1.countries[":cc"].networks.$get({ param: { cc }, query: { page: String(n) } }));

/**
 * Every network of the economy: the table sorts and pages them itself, so the API's pages
 * (1,000 networks each) are fetched and joined; one request for all but the largest economies.
 */
export async function getCountryNetworks(cc: string): Promise<CountryNetworks> {
  const first = await page(cc, 1);
  const rest = await Promise.all(
    Array.from({ length: first.data.pagination.pages - 1 }, (_, i) => page(cc, i + 2)),
  );
  return {
    ...first,
    data: { ...first.data, networks: [first, ...rest].flatMap((p) => p.data.networks) },
  };
}

export const getCountryNetworksQueryOptions = (cc: string) =>
  queryOptions({ queryKey: ["country", cc, "networks"], queryFn: () => getCountryNetworks(cc) });

export const useCountryNetworks = (cc: string) => useQuery(getCountryNetworksQueryOptions(cc));
