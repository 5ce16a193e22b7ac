/**
 * Atalaya's beacon over HTTP (packages/beacon). Embedding pages are other sites, so every answer
 * allows any origin and nothing here reads a cookie or a session; requests are "simple" (no
 * preflight): a POST without a body, or with a small text/plain one.
 *
 * - `POST /api/v1/beacon/tests`: a new test (token, the three fetch URLs, the report URL).
 * - `GET /beacon/t/{kind}/{token}`: one fetch, on the IPv4-only, IPv6-only or dual-stack host; the
 *   connection's family is what it measures. Served by the same routes whatever the Host.
 * - `POST /api/v1/beacon/tests/{token}`: the page's times to first byte; finishes the test.
 * - `GET /api/v1/beacon/tests/{token}`: the test's outcome, while the token lives.
 *
 * The token is checked before a body is read, and the request log names these routes by their
 * pattern (the path carries the token). The client's address is used for attribution and a
 * per-minute counter in memory, never stored or logged.
 */
import {
  type BeaconService,
  clientAddress,
  FETCH_KINDS,
  type FetchKind,
  type TokenRefusal,
} from "@atalaya/beacon";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress as requestAddress } from "../../lib/auth";
import type { AppEnv } from "../../lib/context";
import { ApiError, ErrorSchema } from "../../lib/errors";

/** A report is three small numbers: anything bigger is refused before it is read. */
export const BEACON_REPORT_MAX_BYTES = 512;

const CORS = { "access-control-allow-origin": "*", "timing-allow-origin": "*", "cache-control": "no-store" };

const OutcomeSchema = z
  .object({
    ipv4: z.boolean().openapi({ description: "The IPv4-only fetch arrived over IPv4" }),
    ipv6: z.boolean().openapi({ description: "The IPv6-only fetch arrived over IPv6" }),
    dualStack: z.boolean().openapi({ description: "The dual-stack fetch arrived" }),
    preferred: z
      .enum(["ipv4", "ipv6"])
      .nullable()
      .openapi({ description: "The family the dual-stack fetch came over; null when it did not arrive" }),
    broken: z.boolean().openapi({
      description:
        "IPv4 worked and the dual-stack fetch failed, or came seconds after IPv4's (a slow fallback)",
    }),
    asn: z.number().int().nullable().openapi({ description: "The client's network (0: unrouted)" }),
    cc: z
      .string()
      .nullable()
      .openapi({ description: "The client's economy from registry data (ZZ: unknown)" }),
    ttfbMs: z.object({
      ipv4: z.number().nullable(),
      ipv6: z.number().nullable(),
      dual: z.number().nullable(),
    }),
    finished: z.boolean().openapi({ description: "The report came or the test's window is over" }),
    counted: z.boolean().openapi({ description: "Finished with two fetches or more: in the day's counts" }),
  })
  .openapi("BeaconOutcome");

const IssuedSchema = z
  .object({
    token: z.string().openapi({ description: "Signed, single-use, readable for two minutes" }),
    windowMs: z.number().int().openapi({ description: "How long the three fetches have" }),
    fetches: z.object({ ipv4: z.string(), ipv6: z.string(), dual: z.string() }),
    report: z.string().openapi({ description: "Where to POST the times to first byte (this server's path)" }),
  })
  .openapi("BeaconTest");

const TokenParam = z.object({
  token: z
    .string()
    .max(80)
    .openapi({ param: { name: "token", in: "path" } }),
});

function beaconOf(c: Context<AppEnv>): BeaconService {
  const beacon = c.var.services.beacon;
  if (!beacon)
    throw new ApiError(
      "NOT_FOUND",
      "the beacon is not run here: set ATALAYA_BEACON_V4_HOST, ATALAYA_BEACON_V6_HOST and ATALAYA_BEACON_DS_HOST",
    );
  return beacon;
}

/** A refused token as an API error: what is wrong, never which test. */
function refused(reason: TokenRefusal): never {
  if (reason === "replayed") throw new ApiError("CONFLICT", "this test already has that");
  if (reason === "expired" || reason === "unknown")
    throw new ApiError("NOT_FOUND", "no such test, or it has expired");
  throw new ApiError("FORBIDDEN", "not a beacon token");
}

/** The scheme fetch URLs get when a host name carries none: the public URL's, else the request's. */
function scheme(c: Context<AppEnv>): "http" | "https" {
  const configured = c.var.services.publicUrl;
  const protocol = configured ? new URL(configured).protocol : new URL(c.req.url).protocol;
  return protocol === "https:" ? "https" : "http";
}

const api = new OpenAPIHono<AppEnv>();
// Before the handler, so that its response (an error's too) is built with them: set after, they
// would rebuild the response off the Node adapter's fast path.
api.use("*", async (c, next) => {
  for (const [name, value] of Object.entries(CORS)) c.header(name, value);
  await next();
});
// Requests from pages are simple, but a client that sends a preflight gets its answer.
api.options("*", (c) =>
  c.body(null, 204, {
    ...CORS,
    "access-control-allow-methods": "GET, POST",
    "access-control-max-age": "86400",
  }),
);

export const beaconApiRoutes = api
  .openapi(
    createRoute({
      method: "post",
      path: "/tests",
      tags: ["beacon"],
      summary: "Start a beacon test",
      description:
        "Issues a signed, single-use token and the three URLs to fetch with it (IPv4-only, IPv6-only, dual-stack). " +
        "Limited per client address per minute. No body.",
      responses: {
        201: { description: "A new test", content: { "application/json": { schema: IssuedSchema } } },
        404: {
          description: "The beacon is not run here",
          content: { "application/json": { schema: ErrorSchema } },
        },
        429: {
          description: "Too many tests from this address",
          content: { "application/json": { schema: ErrorSchema } },
        },
        503: {
          description: "Too many tests in flight",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    }),
    (c) => {
      const beacon = beaconOf(c);
      const issued = beacon.tests.issue(clientAddress(requestAddress(c)));
      if ("refused" in issued) {
        if (issued.refused === "rate-limited")
          throw new ApiError("TOO_MANY_REQUESTS", "too many beacon tests from this address; try in a minute");
        throw new ApiError("UNAVAILABLE", "too many beacon tests in flight; try again shortly");
      }
      const at = scheme(c);
      const fetches = Object.fromEntries(
        FETCH_KINDS.map((kind) => [kind, beacon.fetchUrl(kind, issued.token, at)]),
      ) as Record<FetchKind, string>;
      return c.json(
        {
          token: issued.token,
          windowMs: issued.windowMs,
          fetches,
          report: `/api/v1/beacon/tests/${issued.token}`,
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tests/{token}",
      tags: ["beacon"],
      summary: "Report a beacon test's times and finish it",
      description:
        'Body (text/plain or JSON, at most 512 bytes): `{"ipv4": ms, "ipv6": ms, "dual": ms}`, the time to first byte ' +
        "of each fetch that arrived. Accepted once per test.",
      request: { params: TokenParam },
      responses: {
        200: {
          description: "The test's outcome",
          content: { "application/json": { schema: OutcomeSchema } },
        },
        400: { description: "Not a report", content: { "application/json": { schema: ErrorSchema } } },
        403: { description: "Not a beacon token", content: { "application/json": { schema: ErrorSchema } } },
        404: {
          description: "No such test, or expired",
          content: { "application/json": { schema: ErrorSchema } },
        },
        409: { description: "Already reported", content: { "application/json": { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const beacon = beaconOf(c);
      const { token } = c.req.valid("param");
      // The token first: nothing of the body is read for a request that is not a test's.
      const known = beacon.tests.outcome(token);
      if (typeof known === "string") refused(known);
      const length = Number(c.req.header("content-length") ?? "0");
      if (length > BEACON_REPORT_MAX_BYTES)
        throw new ApiError(
          "PAYLOAD_TOO_LARGE",
          `a beacon report is at most ${BEACON_REPORT_MAX_BYTES} bytes`,
        );
      const text = await readCapped(c.req.raw, BEACON_REPORT_MAX_BYTES);
      let times: Record<string, unknown> = {};
      if (text.trim() !== "") {
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
            throw new Error("not an object");
          times = parsed as Record<string, unknown>;
        } catch {
          throw new ApiError("BAD_REQUEST", 'a beacon report is JSON: {"ipv4": ms, "ipv6": ms, "dual": ms}');
        }
      }
      const outcome = beacon.tests.report(token, times);
      if (typeof outcome === "string") refused(outcome);
      return c.json(outcome, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tests/{token}",
      tags: ["beacon"],
      summary: "A beacon test's outcome",
      description: "Readable only with the test's token, and only for the token's lifetime (two minutes).",
      request: { params: TokenParam },
      responses: {
        200: {
          description: "The outcome so far",
          content: { "application/json": { schema: OutcomeSchema } },
        },
        403: { description: "Not a beacon token", content: { "application/json": { schema: ErrorSchema } } },
        404: {
          description: "No such test, or expired",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    }),
    (c) => {
      const outcome = beaconOf(c).tests.outcome(c.req.valid("param").token);
      if (typeof outcome === "string") refused(outcome);
      return c.json(outcome, 200);
    },
  );

/** Reads at most `max` bytes of a body, whatever its declared length (a chunked one has none). */
async function readCapped(request: Request, max: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ApiError("PAYLOAD_TOO_LARGE", `a beacon report is at most ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The fetches themselves, outside /api: on the beacon hosts, whatever the Host header says. A
 * fetch measures the connection it arrived on, so the family is the socket's; behind trusted
 * proxies (ATALAYA_TRUSTED_PROXIES) the forwarded address, which is only right when the proxy in
 * front of each beacon name speaks that name's family to clients.
 */
export const beaconFetchRoutes = new OpenAPIHono<AppEnv>().get("/t/:kind/:token", (c) => {
  const beacon = c.var.services.beacon;
  const kind = c.req.param("kind") as FetchKind;
  if (!beacon || !FETCH_KINDS.includes(kind)) return c.text("not found", 404, CORS);
  const result = beacon.tests.arrive(c.req.param("token"), kind, clientAddress(requestAddress(c)));
  if (result === "ok") return c.text("ok", 200, CORS);
  const status = result === "replayed" ? 409 : result === "expired" || result === "unknown" ? 410 : 403;
  return c.text(result, status, CORS);
});
