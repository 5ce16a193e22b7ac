/**
 * One error envelope for every failure: `{ error: { code, message, requestId } }`, with the HTTP
 * status derived from the code, so clients switch on `code` and never parse messages.
 */
import { z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  /** The request ran past its time limit and its queries were cancelled. */
  TIMEOUT: "TIMEOUT",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 503,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

export function errorBody(code: ErrorCode, message: string, requestId: string) {
  return { error: { code, message, requestId } };
}

/** A failed validation in words, each issue led by the field it concerns: "month: a YYYY-MM calendar month". */
export function issuesMessage(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const message = issues.map((i) => `${i.path.map(String).join(".") || "request"}: ${i.message}`).join("; ");
  return message || "invalid request";
}

export const errorResponses = {
  400: { description: "The request is malformed", content: { "application/json": { schema: ErrorSchema } } },
  500: { description: "Unexpected failure", content: { "application/json": { schema: ErrorSchema } } },
} as const;

const errorContent = { "application/json": { schema: ErrorSchema } } as const;

/** Responses every signed-in endpoint can give, for the OpenAPI document. */
export const authErrorResponses = {
  401: { description: "Not signed in", content: errorContent },
  403: { description: "Signed in without the needed role, or a cross-site request", content: errorContent },
  404: { description: "No such thing, or nothing this account may see", content: errorContent },
  409: {
    description: "Not possible in the current phase (deadline passed, already done)",
    content: errorContent,
  },
  ...errorResponses,
} as const;
