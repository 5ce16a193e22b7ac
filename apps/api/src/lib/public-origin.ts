/**
 * Which address this server may put in absolute links and accept state-changing requests from,
 * decided without trusting the Host header: anyone can send `Host: evil.example`, and a link built
 * from it lands in a publicly cached badge or in an invitation an admin forwards by e-mail.
 *
 * - With ATALAYA_PUBLIC_URL set, that is the only origin, whatever the request says.
 * - Without it, a request counts as local ("on loopback") only when both ends of its socket are
 *   loopback addresses AND its Host names a loopback host (localhost, *.localhost, 127.0.0.0/8,
 *   [::1]) AND no reverse proxy is configured. The socket alone is not enough: a proxy on the
 *   same machine forwards remote visitors over loopback with their own Host. The Host alone is
 *   not enough either: a remote client can send `Host: localhost`. Such a request's own origin is
 *   trusted, which keeps a laptop install (`npm start`, then http://localhost:8080) working.
 * - Otherwise the server knows no origin of its own: links are relative, invitations are refused
 *   with a message naming the variable, and browsers' writes are refused (see auth.ts).
 */
import { isIP } from "node:net";
import type { Context } from "hono";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";

const LOOPBACK_HOST =
  /^(?:localhost|(?:[a-z0-9-]+\.)+localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  // A dual-stack socket writes IPv4 peers as ::ffff:a.b.c.d.
  const plain = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return isIP(plain) === 6 && (plain === "::1" || plain === "0:0:0:0:0:0:0:1");
}

/** A Host header value that names this machine's loopback interface. */
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOST.test(host);

interface NodeBindings {
  incoming?: { socket?: { localAddress?: string; remoteAddress?: string } };
}

/** True when the request reached the server over loopback from a client that named it so. */
export function isLoopbackRequest<E extends AppEnv>(c: Context<E>): boolean {
  if (c.var.services.trustedProxies > 0) return false;
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket;
  if (!isLoopbackAddress(socket?.localAddress) || !isLoopbackAddress(socket?.remoteAddress)) return false;
  return isLoopbackHost(c.req.header("host") ?? "");
}

/**
 * The origin the server vouches for: the configured public one, else a loopback request's own
 * (its scheme comes from the socket, TLS or not, never from a header), else null.
 */
export function trustedOrigin<E extends AppEnv>(c: Context<E>): string | null {
  const configured = c.var.services.publicOrigin;
  if (configured) return configured;
  if (!isLoopbackRequest(c)) return null;
  return new URL(`${new URL(c.req.url).protocol}//${c.req.header("host")}`).origin;
}

/**
 * A link to `path` on the dashboard for responses anyone may cache or copy (badges): absolute only
 * from the configured public URL, relative otherwise. A loopback request's origin is not used
 * here, since a shared cache in front could hand that link to everyone.
 */
export function publicLink<E extends AppEnv>(c: Context<E>, path: string): string {
  const configured = c.var.services.publicOrigin;
  return configured ? `${configured}${path}` : path;
}

/**
 * The base of links that travel by e-mail (invitations, alert confirmations), which must be
 * absolute: the configured public URL, or a loopback request's own origin; refused otherwise,
 * with `advice` on what to do, before anything is created.
 */
function emailedLinkBase<E extends AppEnv>(c: Context<E>, what: string, advice: string): string {
  const configured = c.var.services.publicUrl;
  if (configured) return configured.replace(/\/+$/, "");
  const origin = trustedOrigin(c);
  if (origin) return origin;
  throw new ApiError(
    "UNAVAILABLE",
    `cannot make ${what}: ATALAYA_PUBLIC_URL is not set, so this server does not know ` +
      `the address people reach it at. ${advice}`,
  );
}

export const invitationBase = <E extends AppEnv>(c: Context<E>): string =>
  emailedLinkBase(
    c,
    "an invitation link",
    "Set ATALAYA_PUBLIC_URL, open the dashboard on the server itself (http://localhost:PORT), or use " +
      "`npx atalaya users add` / `users invite` there, which print the link.",
  );

/** The base of the confirm and unsubscribe links in alert e-mail. */
export const mailLinkBase = <E extends AppEnv>(c: Context<E>): string =>
  emailedLinkBase(c, "the confirmation link", "Set ATALAYA_PUBLIC_URL.");
