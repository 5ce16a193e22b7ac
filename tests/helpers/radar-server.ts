/**
 * A local server on 127.0.0.1 that answers like Cloudflare Radar's API: bearer token, `asn` and
 * `dateRange` query, `{success, result: {serie_0}}` bodies; 403 without the token, 404 for a
 * network without a series.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { addDays } from "@atalaya/metrics";

export const TOKEN = "radar-Sn3lZJTBX6kkg7Od-test";

/** Radar's daily series for `count` days ending on `end`, plus the day in progress. */
export function radarSeries(end: string, count: number, ipv6Percent: (i: number) => string | number) {
  const timestamps = Array.from({ length: count + 1 }, (_, i) => `${addDays(end, i - count + 1)}T00:00:00Z`);
  const IPv6 = timestamps.map((_, i) => (i === count ? "99" : ipv6Percent(i)));
  const IPv4 = IPv6.map((v) => (typeof v === "number" ? 100 - v : String(100 - Number(v))));
  return { timestamps, IPv4, IPv6 };
}

export const radarBody = (serie: object) =>
  JSON.stringify({
    success: true,
    errors: [],
    result: {
      meta: {
        aggInterval: "ONE_DAY",
        confidenceInfo: { level: 5, annotations: [] },
        dateRange: [{ startTime: "2026-08-09T00:00:00Z", endTime: "2026-11-01T10:00:00Z" }],
        lastUpdated: "2026-11-01T10:00:00Z",
        normalization: "PERCENTAGE",
      },
      serie_0: serie,
    },
  });

export const AUTH_ERROR = JSON.stringify({
  success: false,
  errors: [{ code: 10000, message: "Authentication error" }],
  messages: [],
  result: null,
});

export interface RadarServer {
  url: string;
  /** Body per ASN; an ASN without one answers 404. */
  series: Map<number, string>;
  /** Statuses to answer with before serving normally, one per request. */
  failures: number[];
  requests: Array<{ path: string; query: URLSearchParams; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

/** Answers like Radar: 403 without the right bearer token, one series per `asn`. */
export async function startRadar(): Promise<RadarServer> {
  const series = new Map<number, string>();
  const failures: number[] = [];
  const requests: RadarServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const json = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    const failure = failures.shift();
    if (failure === 429)
      return json(429, AUTH_ERROR.replace("Authentication error", "rate limited"), { "retry-after": "0" });
    if (failure !== undefined) return json(failure, AUTH_ERROR);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(403, AUTH_ERROR);
    if (url.pathname !== "/client/v4/radar/http/timeseries_groups/ip_version") return json(404, "{}");
    const body = series.get(Number(url.searchParams.get("asn")));
    return body
      ? json(200, body)
      : json(404, JSON.stringify({ success: false, errors: [{ message: "no data" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    series,
    failures,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
