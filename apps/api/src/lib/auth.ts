/**
 * Sessions and request protection for the signed-in parts of the API.
 * - The session id travels in a `__Host-` cookie (HttpOnly, Secure, SameSite=Lax, Path=/) when the
 *   request is HTTPS or from loopback (browsers treat http://localhost as secure); over plain HTTP
 *   elsewhere it drops the prefix and Secure, which browsers would otherwise refuse to store.
 * - Every state-changing request is refused when it is cross-site (Sec-Fetch-Site or Origin), and,
 *   when it carries a session, unless it echoes the session's CSRF token in `x-csrf-token`. The
 *   origin compared against is the configured public one, or a loopback request's own
 *   (public-origin.ts), never one taken from the Host header of any request.
 */
import { type Account, type Session, sessionFor } from "@atalaya/accounts";
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { isLoopbackHost, trustedOrigin } from "./public-origin";

/** The cookie's name; over a secure context it is sent as `__Host-atalaya-session`. */
const COOKIE = "atalaya-session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/**
 * The one write exempt from the cross-site and CSRF rules: RFC 8058's one-click unsubscribe, which
 * mail providers post from their own servers. The token in its URL is what authorises it, and it
 * can only ever stop e-mail.
 */
const CROSS_SITE_ALLOWED = new Set(["POST /api/v1/subscriptions/unsubscribe"]);

/**
 * Whether browsers reach this server over a secure context: a configured https public URL (TLS may
 * end at a proxy in front, so the request itself looks like plain HTTP), an https request, or a
 * loopback name (browsers treat http://localhost as secure). The Host header is read here only
 * to make the cookie stricter, which a client forging it gains nothing from.
 */
function isSecureContext(c: Context<AppEnv>): boolean {
  const configured = c.var.services.publicUrl;
  if (configured && new URL(configured).protocol === "https:") return true;
  const url = new URL(c.req.url);
  return url.protocol === "https:" || isLoopbackHost(url.host);
}

export function sessionId(c: Context<AppEnv>): string | null {
  return getCookie(c, COOKIE, "host") ?? getCookie(c, COOKIE) ?? null;
}

export function setSessionCookie(c: Context<AppEnv>, id: string, expiresAt: Date): void {
  const secure = isSecureContext(c);
  setCookie(c, COOKIE, id, {
    httpOnly: true,
    secure,
    sameSite: "Lax",
    path: "/",
    expires: expiresAt,
    ...(secure ? { prefix: "host" as const } : {}),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  if (getCookie(c, COOKIE, "host") !== undefined)
    deleteCookie(c, COOKIE, { path: "/", secure: true, prefix: "host" });
  if (getCookie(c, COOKIE) !== undefined) deleteCookie(c, COOKIE, { path: "/" });
}

/** Loads the session (if any) and applies the cross-site and CSRF rules to unsafe methods. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = sessionId(c);
  const session = id ? await sessionFor(c.var.services.database, id) : null;
  c.set("session", session);
  if (UNSAFE.has(c.req.method) && !CROSS_SITE_ALLOWED.has(`${c.req.method} ${c.req.path}`)) {
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none")
      throw new ApiError("FORBIDDEN", `cross-site ${c.req.method} refused (Sec-Fetch-Site: ${site})`);
    const origin = c.req.header("origin");
    if (origin !== undefined) {
      const expected = trustedOrigin(c);
      if (expected === null)
        throw new ApiError(
          "FORBIDDEN",
          `${c.req.method} from ${origin} refused: ATALAYA_PUBLIC_URL is not set and the request did not ` +
            "come over loopback, so this server cannot tell its own pages from another site's",
        );
      if (origin !== expected)
        throw new ApiError("FORBIDDEN", `${c.req.method} from another origin (${origin}) refused`);
    }
    if (session && c.req.header("x-csrf-token") !== session.csrfToken)
      throw new ApiError("FORBIDDEN", "missing or wrong x-csrf-token for this session");
  }
  await next();
};

export function currentSession(c: Context<AppEnv>): Session | null {
  return c.var.session ?? null;
}

/** A role an operation may need; `chair` is a committee member who chairs. */
export type Role = Account["role"] | "chair";

/** The OpenAPI security scheme of signed-in operations (the session cookie). */
export const SESSION_SCHEME = "session";

/** The environment of a route behind `authorize`: the admitted account is always there. */
export interface AuthorizedEnv {
  Variables: AppEnv["Variables"] & { account: Account };
}

/**
 * Route middleware of a signed-in operation: 401 without a session, 403 without one of `roles`
 * (none: any account will do). It runs before the route's validators, so a caller who may not
 * use the operation learns nothing from it, not even what a valid body looks like. The handler
 * finds the account in `c.var.account`.
 */
export function authorize(...roles: Role[]): MiddlewareHandler<AuthorizedEnv> {
  return async (c, next) => {
    c.set("account", admitted(c.var.session, roles));
    await next();
  };
}

/**
 * `createRoute` for a signed-in operation: `authorize(...roles)` in front of its validators, and
 * the session scheme with the roles in the OpenAPI document, from one list so they cannot differ.
 */
export function privateRoute<P extends string, R extends Omit<RouteConfig, "path"> & { path: P }>(
  roles: Role[],
  route: R,
) {
  return createRoute({ ...route, middleware: authorize(...roles), security: [{ [SESSION_SCHEME]: roles }] });
}

/** The account of `session` if it has one of `roles` (none: any), else 401 or 403. */
function admitted(session: Session | null, roles: Role[]): Account {
  if (!session) throw new ApiError("UNAUTHORIZED", "sign in first");
  const account = session.account;
  const ok =
    roles.length === 0 ||
    roles.some((r) => (r === "chair" ? account.role === "committee" && account.isChair : account.role === r));
  if (!ok) throw new ApiError("FORBIDDEN", `this needs the ${roles.join(" or ")} role`);
  return account;
}

/**
 * The client's address for rate limits: the socket's, never a header a client could forge, unless
 * the configuration says N reverse proxies stand in front (ATALAYA_TRUSTED_PROXIES). Each proxy
 * appends the address it received the request from to X-Forwarded-For, so the Nth entry from the
 * right is the one the outermost trusted proxy saw; anything left of it is the client's own say.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const socket = incoming?.socket?.remoteAddress ?? "local";
  const proxies = c.var.services.trustedProxies;
  if (proxies === 0) return socket;
  const forwarded = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  return forwarded[forwarded.length - proxies] ?? socket;
}
