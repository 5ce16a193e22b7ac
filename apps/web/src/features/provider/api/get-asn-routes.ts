import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.asns)[":asn"]["routes"];
export type AsnRoutes = InferResponseType<Endpoint["$get"], 200>;
export type RouteStateFilter = "invalid" | "not-found" | "valid" | undefined;

export const ROUTES_PER_PAGE = 100;

export const getAsnRoutes = (asn: number, page: number, state: RouteStateFilter) =>
  unwrap(
    api.v1.asns[":asn"].routes.$get({
      param: { asn: `AS${asn}` },
      query: { page: String(page), limit: String(ROUTES_PER_PAGE), ...(state ? { state } : {}) },
    }),
  );

export const getAsnRoutesQueryOptions = (asn: number, page: number, state: RouteStateFilter) =>
  queryOptions({
    queryKey: ["asn-routes", asn, page, state ?? "all"],
    queryFn: () => getAsnRoutes(asn, page, state),
    // The page on screen stays while the next one loads: the table does not collapse and jump.
    placeholderData: keepPreviousData,
  });

/** Not asked for the first unfiltered page: the standing carries it. */
export const useAsnRoutes = (asn: number, page: number, state: RouteStateFilter) =>
  useQuery({ ...getAsnRoutesQueryOptions(asn, page, state), enabled: page !== 1 || state !== undefined });

/** The CSV download of every route (of one state), as the API writes it. */
export const asnRoutesCsvUrl = (asn: number, state: RouteStateFilter) =>
  `/api/v1/asns/AS${asn}/routes?format=csv${state ? `&state=${state}` : ""}`;
