/** Network probes over an explicit address family: DNS lookups, TCP connects, HTTP requests. */
import { createHash } from "node:crypto";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { CheckSettings } from "./settings";

export function resolverFor(settings: CheckSettings, servers = settings.resolvers): dns.Resolver {
  const resolver = new dns.Resolver({ timeout: settings.timeoutMs, tries: 1 });
  if (servers) resolver.setServers(servers);
  return resolver;
}

/** "No such record" is an answer (a failed check); anything else is an error of the check. */
export function isNoRecord(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENODATA" || code === "ENOTFOUND" || code === dns.NODATA || code === dns.NOTFOUND;
}

export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code
    ? `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message}` : ""}`
    : String(e.message ?? e);
}

export function endpoint(address: string, port: number): string {
  return net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Opens a TCP connection; resolves with the elapsed milliseconds or rejects. */
export function tcpConnect(address: string, port: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    );
    socket.once("connect", () => {
      socket.destroy();
      resolve(Math.round(performance.now() - started));
    });
    socket.once("error", reject);
  });
}

/** Connects and reads the first line the server sends (an SMTP banner). */
export function readBanner(address: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    let text = "";
    socket.setEncoding("latin1");
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(Object.assign(new Error("no banner in time"), { code: "ETIMEDOUT" })),
    );
    socket.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0 || text.length > 512) {
        socket.destroy();
        resolve(text.slice(0, end >= 0 ? end : 512).trim());
      }
    });
    socket.once("error", reject);
    socket.once("close", () => resolve(text.trim()));
  });
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  bytes: number;
  sha256: string;
}

const MAX_BODY = 2 << 20;

/** GET `url`, connecting to `address` whatever DNS says, with the URL's host in Host and SNI. */
export function httpGet(url: URL, address: string, timeoutMs: number): Promise<HttpAnswer> {
  const family = net.isIPv6(address) ? 6 : 4;
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        timeout: timeoutMs,
        // No pooled connections: the agent keys sockets by host name, so a pooled socket to the
        // IPv6 address would silently answer the IPv4 request.
        agent: false,
        headers: { "user-agent": "Atalaya IPv6 Challenge checker", accept: "*/*" },
        // Pin the connection to the address under test; certificate names are still checked.
        lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (options.all) callback(null, [{ address, family }]);
          else callback(null, address, family);
        }) as unknown as net.LookupFunction,
      },
      (response) => {
        const hash = createHash("sha256");
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > MAX_BODY) {
            request.destroy();
            return;
          }
          hash.update(chunk);
        });
        response.once("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers["content-type"] ?? ""),
            bytes,
            sha256: hash.digest("hex"),
          }),
        );
        response.once("error", reject);
      },
    );
    request.once("timeout", () =>
      request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    );
    request.once("error", reject);
  });
}
