/**
 * Request body limits, applied before anything parses a body: a declared Content-Length over the
 * route's limit is answered 413 at once, and a chunked body is read only up to the limit (Hono's
 * bodyLimit), so a 100 MB POST costs the server at most the limit, not the upload.
 *
 * JSON bodies are small (a vote, a new account). The largest the schemas allow is a score with
 * six comments of 5,000 characters: 90 kB of UTF-8 at worst (three bytes a character), hence
 * 128 KiB. Uploads get the limits their handlers enforce on the content.
 */
import { DISPUTE_ATTACHMENT_MAX_BYTES } from "@atalaya/committee";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Services } from "./context";
import { errorBody } from "./errors";

export const JSON_MAX_BYTES = 128 * 1024;
/** A self-reported traffic CSV: 400 days of three numbers is a few kB. */
export const CSV_MAX_BYTES = 1024 * 1024;
/** Room for the multipart envelope around a report (boundary, part headers). */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

/** Anything posted to /api/v1/subscriptions or /api/v1/my/subscriptions: an address and a few choices, or a token. */
export const SUBSCRIPTION_MAX_BYTES = 4 * 1024;

/** Routes whose limit is not JSON_MAX_BYTES, by method and path (the API's own paths, under /api). */
const UPLOADS: ReadonlyArray<{ method: string; path: RegExp; bytes: (services: Services) => number }> = [
  {
    method: "PUT",
    path: /^\/api\/v1\/challenge\/entries\/[^/]+\/report$/,
    bytes: (services) => services.reportMaxBytes + MULTIPART_SLACK_BYTES,
  },
  { method: "POST", path: /^\/api\/v1\/asns\/[^/]+\/self-reported$/, bytes: () => CSV_MAX_BYTES },
  { method: "POST", path: /^\/api\/v1\/subscriptions(\/|$)/, bytes: () => SUBSCRIPTION_MAX_BYTES },
  { method: "POST", path: /^\/api\/v1\/my\/subscriptions$/, bytes: () => SUBSCRIPTION_MAX_BYTES },
  { method: "PATCH", path: /^\/api\/v1\/my\/subscriptions\/[^/]+$/, bytes: () => SUBSCRIPTION_MAX_BYTES },
  // A dispute: its text and fields fit in the slack beside the attachment.
  {
    method: "POST",
    path: /^\/api\/v1\/disputes\/?$/,
    bytes: () => DISPUTE_ATTACHMENT_MAX_BYTES + MULTIPART_SLACK_BYTES,
  },
];

/** The largest body a request to this method and path may carry. */
export function bodyLimitFor(method: string, path: string, services: Services): number {
  const upload = UPLOADS.find((u) => u.method === method && u.path.test(path));
  return upload ? upload.bytes(services) : JSON_MAX_BYTES;
}

export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize = bodyLimitFor(c.req.method, c.req.path, c.var.services);
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        errorBody(
          "PAYLOAD_TOO_LARGE",
          `the request body is larger than ${maxSize} bytes, the limit for ${c.req.method} ${c.req.path}`,
          c.get("requestId"),
        ),
        413,
      ),
  })(c, next);
};
