/**
 * Security headers on every response (Hono's secureHeaders) with a Content-Security-Policy that
 * allows only this origin's scripts: the dashboard is a Vite bundle and the API reference loads
 * its init script from a file, so no inline script is needed anywhere. Inline *styles* stay
 * allowed because the chart library positions elements with style attributes.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

function contentSecurityPolicy(connectExtra: readonly string[]) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'"],
    // The beacon's three host names, which "Test my connection" fetches from.
    connectSrc: ["'self'", ...connectExtra],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** What a page may connect to besides itself: each beacon host, under both schemes when it names none. */
export function beaconConnectSources(hosts: readonly string[]): string[] {
  return hosts.flatMap((h) => (/^https?:\/\//.test(h) ? [h] : [`http://${h}`, `https://${h}`]));
}

/**
 * Paths other sites embed: badges, and the beacon (its script, its API and its fetches), which
 * must also be readable cross-origin (Cross-Origin-Resource-Policy).
 */
const EMBEDDABLE = /^\/(badge\/|beacon\.js$|beacon\/|api\/v1\/beacon\/)/;

export function securityHeaders(connectExtra: readonly string[] = []): MiddlewareHandler {
  const policy = contentSecurityPolicy(connectExtra);
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: policy,
    referrerPolicy: "strict-origin-when-cross-origin",
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
  });
  const embeddableHeaders = secureHeaders({
    contentSecurityPolicy: policy,
    crossOriginResourcePolicy: "cross-origin",
    referrerPolicy: "strict-origin-when-cross-origin",
  });
  return (c, next) => (EMBEDDABLE.test(c.req.path) ? embeddableHeaders(c, next) : pageHeaders(c, next));
}
