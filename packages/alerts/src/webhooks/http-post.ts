/**
 * One webhook request: a POST with a hard time limit over the whole exchange (connecting, TLS,
 * waiting, reading), no redirects followed, at most a few KiB of the answer read, and the
 * address rule of address-guard.ts applied to the address actually connected to (checked in the
 * DNS lookup the socket uses, so a name cannot resolve to a public address when checked and a
 * private one when connected). Never throws: the outcome is data for the delivery log.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { isPublicAddress } from "./address-guard";

export interface PostOptions {
  /** The whole request, from connecting to the last byte read (default 10 s). */
  timeoutMs: number;
  /** Bytes of an answer's body read at most (for the log's excerpt of a refusal). */
  maxResponseBytes: number;
  /** Whether loopback, private and link-local addresses may be posted to. */
  allowPrivate: boolean;
}

export interface PostOutcome {
  /** The HTTP status answered, or null when none came (refused, timed out, not allowed). */
  statusCode: number | null;
  /** Null when delivered (2xx); else what went wrong, in words for the delivery log. */
  error: string | null;
  durationMs: number;
}

class PrivateAddressError extends Error {
  readonly code = "EPRIVATE";
}

const privateAddress = (host: string, addresses: string[]) =>
  new PrivateAddressError(
    `${host} resolves only to private, loopback or link-local addresses (${addresses.join(", ")}); ` +
      "webhooks are delivered to public addresses unless ATALAYA_WEBHOOK_ALLOW_PRIVATE=1",
  );

/** dns.lookup keeping only public addresses (every address when private ones are allowed). */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const usable = allowPrivate ? found : found.filter((a) => isPublicAddress(a.address));
      const first = usable[0];
      if (!first)
        return callback(
          privateAddress(
            hostname,
            found.map((a) => a.address),
          ),
          "",
          4,
        );
      if ((options as { all?: boolean }).all)
        (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
      else callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** The excerpt of a refusal's body kept in the log: one line, printable, short. */
function excerpt(body: Buffer): string {
  const text = body
    .toString("utf8")
    .replace(/\p{Cc}+/gu, " ")
    .trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let request: http.ClientRequest | undefined;
    let answered: number | null = null;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      resolve({ statusCode, error, durationMs: Math.round(performance.now() - started) });
    };
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // A literal address is connected to without a lookup: it is judged here.
    if (isIP(host) !== 0 && !options.allowPrivate && !isPublicAddress(host)) {
      finish(null, privateAddress(host, [host]).message);
      return;
    }
    timer = setTimeout(
      () =>
        finish(
          answered,
          answered === null
            ? `timed out after ${options.timeoutMs} ms without an answer`
            : `HTTP ${answered}, and its body was not read within ${options.timeoutMs} ms`,
        ),
      options.timeoutMs,
    );
    const client = url.protocol === "https:" ? https : http;
    try {
      request = client.request(
        url,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          lookup: guardedLookup(options.allowPrivate),
          // A connection of its own each time: nothing pooled outlives the request or its check.
          agent: false,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          answered = status;
          // Delivered: what the receiver says beyond its status is not needed.
          if (status >= 200 && status < 300) return finish(status, null);
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => {
            const what =
              status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
            const text = excerpt(Buffer.concat(chunks));
            finish(status, text ? `${what}: ${text}` : what);
          };
          response.on("data", (chunk: Buffer) => {
            if (size < options.maxResponseBytes)
              chunks.push(chunk.subarray(0, options.maxResponseBytes - size));
            size += chunk.length;
            if (size >= options.maxResponseBytes) done();
          });
          response.on("end", done);
          response.on("error", done);
        },
      );
    } catch (error) {
      // A header value Node refuses (never one of ours), an unsupported protocol.
      finish(null, (error as Error).message);
      return;
    }
    request.on("error", (error: NodeJS.ErrnoException) =>
      finish(answered, error.message || error.code || "failed"),
    );
    request.end(body);
  });
}
