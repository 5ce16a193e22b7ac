import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.asns)[":asn"];
export type AsnStanding = InferResponseType<Endpoint["$get"], 200>;

export const getAsnStanding = (asn: number) =>
  unwrap(api.v1.asns[":asn"].$get({ param: { asn: `AS${asn}` }, query: {} }));

export const getAsnStandingQueryOptions = (asn: number) =>
  queryOptions({ queryKey: ["asn", asn], queryFn: () => getAsnStanding(asn) });

export const useAsnStanding = (asn: number) => useQuery(getAsnStandingQueryOptions(asn));
