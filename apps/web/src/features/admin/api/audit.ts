import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getAuditQueryOptions = () =>
  queryOptions({
    queryKey: ["admin", "audit"],
    queryFn: () => unwrap(api.v1.admin.audit.$get({ query: { limit: "100" } })),
  });

export const useAudit = () => useQuery(getAuditQueryOptions());
