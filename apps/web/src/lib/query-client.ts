import { QueryClient } from "@tanstack/react-query";
import { ApiRequestError } from "./api-client";

/** Query defaults in one place: registry data changes daily, so a minute of freshness is plenty. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // A 4xx will not improve by asking again; network and 5xx failures get two more tries.
      retry: (failures, error) => !(error instanceof ApiRequestError && error.status < 500) && failures < 2,
    },
  },
});
