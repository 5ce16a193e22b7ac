import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

/** Activates the subscription a confirmation link's token names. */
export const confirmSubscription = (token: string) =>
  unwrap(api.v1.subscriptions.confirm.$post({ json: { token } }));

export const useConfirmSubscription = () => useMutation({ mutationFn: confirmSubscription });
