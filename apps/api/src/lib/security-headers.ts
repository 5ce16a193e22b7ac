/**
 * Security headers on every response (Hono's secureHeaders) with a Content-Security-Policy that
 * allows only this origin's scripts: the dashboard is a Vite bundle and the API reference loads
 * its init script from a file, so no inline script is needed anywhere. Inline *styles* stay
 * allowed because the chart library positions elements with style attributes.
 */
import { Hono, type MiddlewareHandler } from "hono";
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

/** The beacon's paths: thousands of requests a second, each answered by c.text or c.json. */
const BEACON = /^\/(beacon\/|api\/v1\/beacon\/)/;

/**
 * The headers a secureHeaders middleware gives a response, read once from a probe request: set
 * before the handler rather than after it, a response built by c.text or c.json stays on the
 * Node adapter's fast path (changing a finished response's headers rebuilds it as a full
 * Response, a third of the beacon's time per request).
 */
function probeHeaders(middleware: MiddlewareHandler): Promise<Array<[string, string]>> {
  const probe = new Hono().use(middleware).get("/", (c) => c.body(null, 204));
  return Promise.resolve(probe.request("/")).then((res) =>
    [...res.headers.entries()].filter(([name]) => name !== "content-type"),
  );
}

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
  let beaconHeaders: Promise<Array<[string, string]>> | null = null;
  return async (c, next) => {
    if (BEACON.test(c.req.path)) {
      beaconHeaders ??= probeHeaders(embeddableHeaders);
      for (const [name, value] of await beaconHeaders) c.header(name, value);
      return next();
    }
    return EMBEDDABLE.test(c.req.path) ? embeddableHeaders(c, next) : pageHeaders(c, next);
  };
}
