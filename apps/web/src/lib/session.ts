/**
 * The signed-in account, shared by the navigation bar and the signed-in pages. A 401 from
 * `/auth/session` means "nobody is signed in", not an error.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, setCsrfToken, unwrap } from "./api-client";

export type SessionInfo = NonNullable<InferResponseType<(typeof api.v1.auth.session)["$get"], 200>["data"]>;
export type SignedInAccount = SessionInfo["account"];

async function getSession(): Promise<SessionInfo | null> {
  const { data } = await unwrap(api.v1.auth.session.$get());
  setCsrfToken(data?.csrfToken ?? "");
  return data;
}

export const sessionQueryOptions = queryOptions({
  queryKey: ["session"],
  queryFn: getSession,
  staleTime: 5 * 60_000,
});

export const useSession = () => useQuery(sessionQueryOptions);

/** Where an account starts after signing in. */
export function homeOf(account: SignedInAccount): string {
  if (account.role === "admin") return "/admin";
  if (account.role === "committee") return "/committee";
  return "/my-entry";
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { email: string; password: string }) =>
      (await unwrap(api.v1.auth["sign-in"].$post({ json: credentials }))).data,
    onSuccess: (data) => {
      setCsrfToken(data.csrfToken);
      // Everything cached so far was fetched anonymously.
      client.clear();
      client.setQueryData(sessionQueryOptions.queryKey, data);
    },
  });
}

export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { token: string; password: string }) =>
      (await unwrap(api.v1.auth["accept-invitation"].$post({ json: input }))).data,
    onSuccess: (data) => {
      setCsrfToken(data.csrfToken);
      client.clear();
      client.setQueryData(sessionQueryOptions.queryKey, data);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.v1.auth["sign-out"].$post()),
    onSettled: () => {
      setCsrfToken("");
      client.clear();
      client.setQueryData(sessionQueryOptions.queryKey, null);
    },
  });
}
