import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type Endpoint = (typeof api.v1.organisations)[":id"];
export type OrganisationStanding = InferResponseType<Endpoint["$get"], 200>;
export type OrganisationMember = OrganisationStanding["data"]["asns"][number];

/** `id` as the API writes it: `registry:holder`, e.g. `lacnic:900001`. */
export const getOrganisationStanding = (id: string) =>
  unwrap(api.v1.organisations[":id"].$get({ param: { id }, query: {} }));

export const getOrganisationStandingQueryOptions = (id: string) =>
  queryOptions({ queryKey: ["organisation", id], queryFn: () => getOrganisationStanding(id) });

export const useOrganisationStanding = (id: string) => useQuery(getOrganisationStandingQueryOptions(id));
