/**
 * Security headers on every response (Hono's secureHeaders) with a Content-Security-Policy that
 * allows only this origin's scripts: the dashboard is a Vite bundle and the API reference loads
 * its init script from a file, so no inline script is needed anywhere. Inline *styles* stay
 * allowed because the chart library positions elements with style attributes.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const pageHeaders = secureHeaders({
  contentSecurityPolicy,
  referrerPolicy: "strict-origin-when-cross-origin",
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
});

// Badges are meant to be embedded in other sites' pages.
const embeddableHeaders = secureHeaders({
  contentSecurityPolicy,
  crossOriginResourcePolicy: "cross-origin",
  referrerPolicy: "strict-origin-when-cross-origin",
});

export const securityHeaders: MiddlewareHandler = (c, next) =>
  c.req.path.startsWith("/badge/") ? embeddableHeaders(c, next) : pageHeaders(c, next);
