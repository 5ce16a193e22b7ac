import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

/** The RFC 8058 one-click request, as mail clients send it, from the unsubscribe page. */
export const unsubscribe = (token: string) =>
  unwrap(
    api.v1.subscriptions.unsubscribe.$post({ query: { token }, form: { "List-Unsubscribe": "One-Click" } }),
  );

export const useUnsubscribe = () => useMutation({ mutationFn: unsubscribe });
