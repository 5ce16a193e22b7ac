/**
 * The link `users add` / `users invite` print. The command runs beside the server, not inside a
 * request, so without ATALAYA_PUBLIC_URL it names the local server's own address from HOST and
 * PORT: the first admin on a laptop opens it in a browser on the same machine.
 */
import { isIP } from "node:net";
import type { Config } from "@atalaya/config";

/** Where a browser on this machine reaches the server configured by HOST and PORT. */
export function localServerUrl(config: Pick<Config, "host" | "port">): string {
  // A wildcard listen address is not one a browser can open; the server answers on loopback too.
  const wildcard = ["0.0.0.0", "::", "[::]"].includes(config.host);
  const host = wildcard ? "localhost" : isIP(config.host) === 6 ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

export function invitationLink(config: Pick<Config, "publicUrl" | "host" | "port">, token: string): string {
  const base = config.publicUrl ?? localServerUrl(config);
  // The token is in the fragment, so it never reaches a server log or a Referer header.
  return `${base.replace(/\/+$/, "")}/sign-in/invitation#token=${token}`;
}
