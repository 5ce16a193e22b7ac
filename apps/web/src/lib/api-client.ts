/**
 * The typed API client: request and response types come from the API's own route definitions
 * (Hono RPC), so the dashboard never restates them and never builds URLs from strings.
 */
import type { ApiRoutes } from "@atalaya/api/app";
import { type ClientResponse, hc, type InferResponseType } from "hono/client";

/**
 * The signed-in session's CSRF token, sent on every request in `x-csrf-token` (the API requires it
 * on state-changing requests that carry the session cookie). Set by lib/session.ts.
 */
let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// An absolute base: the client's `$url()` builds URL objects, which need an origin.
export const api = hc<ApiRoutes>(`${window.location.origin}/api`, {
  headers: (): Record<string, string> => (csrfToken ? { "x-csrf-token": csrfToken } : {}),
});

/** The error envelope every API failure carries. */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string };
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.error.message ?? `the API answered ${status}`);
  }
}

/** The JSON body type of a typed response's 2xx variant. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 | 202 ? T : never) : never;

/** Resolves a typed response to its JSON body, turning non-2xx answers into ApiRequestError. */
export async function unwrap<R extends ClientResponse<unknown, number, string>>(
  response: Promise<R>,
): Promise<SuccessBody<R>> {
  const res = await response;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiRequestError(res.status, body);
  }
  return (await res.json()) as SuccessBody<R>;
}

export type { InferResponseType };
