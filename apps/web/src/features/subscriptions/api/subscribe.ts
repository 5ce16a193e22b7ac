import { useMutation } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

type SubscribeRoute = typeof api.v1.subscriptions.$post;
export type NewSubscription = Parameters<SubscribeRoute>[0]["json"];
export type SubscribeResult = InferResponseType<SubscribeRoute, 202>;

/** Asks for a confirmation e-mail (double opt-in); the answer is the same whatever the address. */
export const subscribe = (body: NewSubscription) => unwrap(api.v1.subscriptions.$post({ json: body }));

export const useSubscribe = () => useMutation({ mutationFn: subscribe });
