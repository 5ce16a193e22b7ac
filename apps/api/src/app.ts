/**
 * The Hono application: API routes under /api, the reference at /api/docs, and the dashboard at /.
 * Built by a function so tests get a fresh app over their own database.
 */
import { randomUUID } from "node:crypto";
import { AccountError, SignInThrottle, type ThrottleSettings } from "@atalaya/accounts";
import { AlertError } from "@atalaya/alerts";
import type { BeaconService } from "@atalaya/beacon";
import { CommitteeError } from "@atalaya/committee";
import { DEFAULT_INPUT_LIMITS, type InputLimits, type Logger } from "@atalaya/config";
import { type Database, isCancelled, unreachableCause } from "@atalaya/db";
import { type CheckSettings, DEFAULT_CHECK_SETTINGS } from "@atalaya/service-checks";
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { SESSION_SCHEME, sessionMiddleware } from "./lib/auth";
import { BoardCache, RunScopedCache, type SharedBoards } from "./lib/board";
import { bodyLimits } from "./lib/body-limit";
import type { AppEnv } from "./lib/context";
import { DatasetInfo } from "./lib/dataset";
import { type ApiDocument, docsRoutes } from "./lib/docs";
import type { EconomyShares } from "./lib/economy-shares";
import { ApiError, errorBody, issuesMessage, STATUS } from "./lib/errors";
import { httpCache, ResponseCache } from "./lib/http-cache";
import { AppMetrics, metricsHandler } from "./lib/metrics";
import { RateLimiter, type RateLimitSettings, rateLimit, SharedRateLimiter } from "./lib/rate-limit";
import { RequestsInFlight, requestDeadline } from "./lib/request-deadline";
import { catchAll, methodLabel, routePattern } from "./lib/route-pattern";
import { beaconConnectSources, securityHeaders } from "./lib/security-headers";
import { webRoutes } from "./lib/web";
import { activityRoutes } from "./routes/activity/index";
import { adminRoutes } from "./routes/admin/index";
import { asnRoutes } from "./routes/asns/index";
import { authRoutes } from "./routes/auth/index";
import { awardRoutes } from "./routes/awards/index";
import { badgeRoutes } from "./routes/badge/index";
import { beaconApiRoutes, beaconFetchRoutes } from "./routes/beacon/index";
import { beaconScript } from "./routes/beacon/script";
import { challengeRoutes } from "./routes/challenge/index";
import { contextRoutes } from "./routes/context/index";
import { countryRoutes } from "./routes/countries/index";
import { countryInsightRoutes } from "./routes/country-insights/index";
import { disputeRoutes } from "./routes/disputes/index";
import { releasedDisputeRoutes } from "./routes/disputes/released";
import { feedRoutes } from "./routes/feeds/index";
import { healthRoutes } from "./routes/health/index";
import { jimBoundDecisionRoutes } from "./routes/jim-bound-decisions/index";
import { myRoutes } from "./routes/my/index";
import { organisationRoutes } from "./routes/organisations/index";
import { organisationReportRoutes } from "./routes/organisations/reports";
import { regionRoutes } from "./routes/region/index";
import { regionInsightRoutes } from "./routes/region-insights/index";
import { resultRoutes } from "./routes/results/index";
import { reviewRoutes } from "./routes/review/index";
import { searchRoutes } from "./routes/search/index";
import { selfReportedRoutes } from "./routes/self-reported/index";
import { sourceRoutes } from "./routes/sources/index";
import { subscriptionRoutes } from "./routes/subscriptions/index";
import { validityRoutes } from "./routes/validity/index";
import { webhookRoutes } from "./routes/webhooks/index";

export interface AppOptions {
  database: Database;
  log: Logger;
  /** Built dashboard to serve at /; absent in API-only tests. */
  webDist?: string | undefined;
  /** The public address (ATALAYA_PUBLIC_URL): invitation links and the origin writes must come from. */
  publicUrl?: string | null | undefined;
  reportMaxBytes?: number | undefined;
  /** What an uploaded file may inflate to (ATALAYA_MAX_DECOMPRESSED_MB…; default: the defaults). */
  inputLimits?: InputLimits | undefined;
  checkSettings?: CheckSettings | undefined;
  /** Where uploads are spooled before ingest (default: the system's temporary directory). */
  uploadDir?: string | undefined;
  /** The sign-in throttle's limit and window (default 5 failures in 15 minutes) and clock. */
  signInThrottle?: ThrottleSettings | undefined;
  /**
   * API requests per minute per client address (ATALAYA_RATE_LIMIT), or settings with a window
   * and a clock for tests; null or absent: no limit (the server passes the configured one).
   */
  rateLimit?: number | RateLimitSettings | null | undefined;
  /** Reverse proxies in front (ATALAYA_TRUSTED_PROXIES); default 0: the socket's address counts. */
  trustedProxies?: number | undefined;
  /** Memory for rendered public data responses, in bytes (default 64 MiB; 0: none). */
  responseCacheBytes?: number | undefined;
  /** API requests past this are cancelled in the database and answered 503 (default 15 s). */
  queryTimeoutMs?: number | undefined;
  /** The requests in flight, for the server to cancel at shutdown. */
  inFlight?: RequestsInFlight | undefined;
  /**
   * The bearer token that reads /metrics (ATALAYA_METRICS_TOKEN); null or absent: /metrics answers
   * 404 and nothing is measured.
   */
  metricsToken?: string | null | undefined;
  /** Whether SMTP is configured (ATALAYA_SMTP_URL); default false: e-mail is stored as not configured. */
  mailConfigured?: boolean | undefined;
  /**
   * The data version and the boards computed on it, when the caller shares them with work outside
   * requests (`atalaya serve`: alert detection and monthly reports), so one board per data version
   * serves both. Default: the app's own.
   */
  shared?: SharedBoards | undefined;
  /** The beacon this process runs (its tests, counts and timers are the caller's to start and stop). */
  beacon?: BeaconService | null | undefined;
}

/** Routes whose path carries a secret: the request log writes their pattern instead. */
const TOKEN_IN_PATH = /:token\b/;

function validationHook(
  result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } },
  c: { get(key: "requestId"): string; json(body: unknown, status: 400): Response },
) {
  if (result.success) return;
  return c.json(errorBody("BAD_REQUEST", issuesMessage(result.error?.issues ?? []), c.get("requestId")), 400);
}

/** Routes with their types, for the dashboard's typed client (`hc<ApiRoutes>`). */
function apiRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/health", healthRoutes)
    .route("/v1/countries", countryRoutes)
    .route("/v1/countries", countryInsightRoutes)
    .route("/v1/region", regionRoutes)
    .route("/v1/region", regionInsightRoutes)
    .route("/v1/context", contextRoutes)
    .route("/v1/awards", awardRoutes)
    .route("/v1/asns", asnRoutes)
    .route("/v1/organisations", organisationRoutes)
    .route("/v1/organisations", organisationReportRoutes)
    .route("/v1/search", searchRoutes)
    .route("/v1/sources", sourceRoutes)
    .route("/v1/validity", validityRoutes)
    .route("/v1/asns", selfReportedRoutes)
    .route("/v1/auth", authRoutes)
    .route("/v1/admin", adminRoutes)
    .route("/v1/challenge", challengeRoutes)
    .route("/v1/review", reviewRoutes)
    .route("/v1/committee/jim-bound", jimBoundDecisionRoutes)
    .route("/v1/disputes", disputeRoutes)
    .route("/v1/results", resultRoutes)
    .route("/v1/results", releasedDisputeRoutes)
    .route("/v1/subscriptions", subscriptionRoutes)
    .route("/v1/my", myRoutes)
    .route("/v1/webhooks", webhookRoutes)
    .route("/v1", activityRoutes);
}
export type ApiRoutes = ReturnType<typeof apiRoutes>;

export function createApp(options: AppOptions) {
  const services = {
    database: options.database,
    log: options.log,
    dataset: options.shared?.dataset ?? new DatasetInfo(options.database),
    boards: options.shared?.boards ?? new BoardCache(),
    shares: new RunScopedCache<EconomyShares>(),
    publicUrl: options.publicUrl ?? null,
    publicOrigin: options.publicUrl ? new URL(options.publicUrl).origin : null,
    signInThrottle: new SignInThrottle(options.database, options.signInThrottle),
    reportMaxBytes: options.reportMaxBytes ?? 10 * 1024 * 1024,
    inputLimits: options.inputLimits ?? DEFAULT_INPUT_LIMITS,
    checkSettings: options.checkSettings ?? DEFAULT_CHECK_SETTINGS,
    mailConfigured: options.mailConfigured ?? false,
    beacon: options.beacon ?? null,
    uploadDir: options.uploadDir,
    trustedProxies: options.trustedProxies ?? 0,
    responses:
      options.responseCacheBytes === 0
        ? null
        : new ResponseCache(options.responseCacheBytes ?? 64 * 1024 * 1024),
  };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const inFlight = options.inFlight ?? new RequestsInFlight();
  const metricsToken = options.metricsToken ?? null;
  const metrics = metricsToken ? new AppMetrics({ database: options.database, inFlight }) : null;

  app.use("*", async (c, next) => {
    const requestId = randomUUID();
    const started = performance.now();
    c.set("requestId", requestId);
    c.set("services", services);
    c.header("x-request-id", requestId);
    await next();
    // The beacon's answers describe a test, not the dataset (and stay on the adapter's fast path).
    if (c.req.path.startsWith("/api/") && !c.req.path.startsWith("/api/v1/beacon/")) {
      // Every API response says whether the data behind it is the demo dataset, as last read:
      // looking it up again here would wait on a database that may be what failed the request.
      const meta = c.var.dataState?.meta ?? services.dataset.lastKnown()?.meta;
      if (meta) c.header("x-atalaya-demo", String(meta.demo));
    }
    const ms = performance.now() - started;
    // The pattern, not the path, names the route (labels stay few); the path has no query string
    // (it may carry a token), and no header is logged (cookies, Authorization).
    const route = routePattern(c);
    metrics?.observe(methodLabel(c.req.method), route, c.res.status, ms / 1000);
    options.log.info("request", {
      method: c.req.method,
      route,
      // A path that carries a token (a beacon test's) is logged as its route.
      path: TOKEN_IN_PATH.test(route) ? route : c.req.path,
      status: c.res.status,
      ms: Math.round(ms),
      request_id: requestId,
    });
  });

  const beaconHosts = options.beacon ? Object.values(options.beacon.hosts) : [];
  app.use("*", securityHeaders(beaconConnectSources(beaconHosts)));
  // The beacon before every /api middleware: other sites' pages call it, so no session, CSRF or
  // same-origin rule applies, its own per-address limits are in memory (the shared API limiter
  // would write addresses to the database), and it reads its one small body itself.
  app.route("/api/v1/beacon", beaconApiRoutes);
  app.route("/beacon", beaconFetchRoutes);
  app.get("/beacon.js", beaconScript);
  app.use("/api/*", requestDeadline(options.queryTimeoutMs ?? 15_000, inFlight));
  const limit = options.rateLimit;
  if (limit !== undefined && limit !== null) {
    const settings = typeof limit === "number" ? { limit } : limit;
    // The server engine may be shared by several processes: there the database counts.
    const limiter =
      options.database.engine === "postgres"
        ? new SharedRateLimiter(options.database, settings, options.log)
        : new RateLimiter(settings);
    const limited = rateLimit(limiter);
    // Liveness probes are not limited; everything else under /api is, before any database work.
    app.use("/api/*", (c, next) => (c.req.path === "/api/health" ? next() : limited(c, next)));
  }
  // Before anything reads or parses a body: 413 for one over the route's limit.
  app.use("/api/*", bodyLimits);
  app.use("/api/*", httpCache);
  app.use("/api/*", sessionMiddleware);
  app.route("/api", apiRoutes());
  // Signed-in operations name this scheme, with the roles they need (lib/auth.ts, privateRoute).
  app.openAPIRegistry.registerComponent("securitySchemes", SESSION_SCHEME, {
    type: "apiKey",
    in: "cookie",
    name: "__Host-atalaya-session",
    description:
      "The session cookie set by POST /api/v1/auth/sign-in (`atalaya-session` over plain HTTP off loopback). " +
      "State-changing requests also send the session's CSRF token in `x-csrf-token`. An operation's " +
      "requirement lists the roles that may use it (`chair`: a committee member who chairs); none: any account.",
  });
  const openapi = {
    openapi: "3.1.0",
    info: {
      title: "Atalaya API",
      version: "1.0.0",
      description:
        "IPv6 adoption, registry and routing data for the LACNIC region. Every data response carries `meta.demo`.",
    },
  };
  app.doc31("/api/openapi.json", openapi);
  // The reference page reads the same document the JSON endpoint serves (plain JSON either way).
  app.route(
    "/api/docs",
    docsRoutes(() => app.getOpenAPI31Document(openapi) as ApiDocument),
  );
  app.all(
    "/api/*",
    catchAll((c) =>
      c.json(errorBody("NOT_FOUND", `no API route ${c.req.method} ${c.req.path}`, c.get("requestId")), 404),
    ),
  );
  // Outside /api: no rate limit, request time limit or response cache; 404 without a token set.
  app.get("/metrics", metricsHandler(metrics, metricsToken));
  // Badges before the dashboard's catch-all, which would answer index.html for them.
  app.route("/badge", badgeRoutes);
  app.route("/feeds", feedRoutes);
  if (options.webDist) app.route("/", webRoutes(options.webDist));

  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? "none";
    if (
      error instanceof ApiError ||
      error instanceof CommitteeError ||
      error instanceof AccountError ||
      error instanceof AlertError
    )
      return c.json(errorBody(error.code, error.message, requestId), STATUS[error.code]);
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody("BAD_REQUEST", error.message, requestId), 400);
    }
    const unreachable = unreachableCause(error);
    if (unreachable) {
      // Said once, with the cause; no stack (it says nothing the cause does not).
      options.log.warn("database unavailable", {
        request_id: requestId,
        path: c.req.path,
        cause: unreachable,
      });
      return c.json(
        errorBody(
          "UNAVAILABLE",
          `the database is unavailable (${unreachable}); try again shortly`,
          requestId,
        ),
        503,
        { "Retry-After": "30" },
      );
    }
    if (isCancelled(error)) {
      return c.json(
        errorBody("TIMEOUT", "the request's database work was cancelled; try again shortly", requestId),
        503,
        { "Retry-After": "30" },
      );
    }
    options.log.error("unhandled error", { request_id: requestId, error: error.stack ?? error.message });
    return c.json(
      errorBody("INTERNAL", "internal error; the request id identifies it in the server log", requestId),
      500,
    );
  });
  return app;
}
