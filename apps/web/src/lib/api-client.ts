/**
 * The typed API client: request and response types come from the API's own route definitions
 * (Hono RPC), so the dashboard never restates them and never builds URLs from strings.
 */
import type { ApiRoutes } from "@atalaya/api/app";
import { hc, type InferResponseType } from "hono/client";

export const api = hc<ApiRoutes>("/api");

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

/** Resolves a typed response to its JSON body, turning non-2xx answers into ApiRequestError. */
export async function unwrap<T>(
  response: Promise<{ ok: boolean; status: number; json(): Promise<T> }>,
): Promise<T> {
  const res = await response;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiRequestError(res.status, body);
  }
  return res.json();
}

export type { InferResponseType };
