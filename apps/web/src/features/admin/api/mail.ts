import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

export const getMailStatusQueryOptions = () =>
  queryOptions({
    queryKey: ["admin", "mail"],
    queryFn: () => unwrap(api.v1.admin.mail.$get()),
  });

export const useMailStatus = () => useQuery(getMailStatusQueryOptions());
