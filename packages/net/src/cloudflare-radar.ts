/**
 * Parser for Cloudflare Radar's daily series of HTTP requests by IP version
 * (`/radar/http/timeseries_groups/ip_version?asn=<n>&aggInterval=1d`, DESIGN.md §3):
 * `{success, errors, result: {meta: {…}, serie_0: {timestamps: [ISO], IPv4: ["78.1"], IPv6: ["21.9"]}}}`.
 * Radar publishes percentages (as strings) of the requests it served, never the counts behind
 * them, so each day becomes a share and nothing else. Pure: takes the response's text, returns
 * the days and per-value rejections with their JSON path.
 */
import { isStorableDate } from "./iso-date";

export interface RadarDay {
  /** UTC day the bucket starts on. */
  date: string;
  /** Share of HTTP requests over IPv6 that day, 0–1. */
  ipv6Share: number;
}

export interface RadarReject {
  /** JSON path of the offending value, e.g. `result.serie_0.IPv6[3]`. */
  path: string;
  reason: string;
}

export interface RadarParse {
  days: RadarDay[];
  rejects: RadarReject[];
  /** A reason the whole response is unusable (not JSON, an API error, no series), else null. */
  fatal: string | null;
}

const SERIE = "result.serie_0";

/** `78.1`, `"78.1"` or `"78"` to a number from 0 to 100; anything else to null. */
function percentage(value: unknown): number | null {
  const n =
    typeof value === "string" && /^\d+(\.\d+)?([eE]-?\d+)?$/.test(value.trim()) ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

/** The UTC day a daily bucket starts on, or null when the timestamp is not midnight UTC. */
function dayOf(value: unknown): { date: string } | { reason: string } {
  if (typeof value !== "string") return { reason: `${JSON.stringify(value)} is not a timestamp` };
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]00:?00)?)?$/.exec(value);
  const date = m?.[1];
  if (!m || !date || !isStorableDate(date)) return { reason: `"${value}" is not a timestamp` };
  if ((m[2] ?? "00") !== "00" || (m[3] ?? "00") !== "00" || (m[4] ?? "00") !== "00")
    return { reason: `"${value}" does not start a UTC day: the series must be daily (aggInterval=1d)` };
  return { date };
}

function apiErrors(doc: Record<string, unknown>): string {
  const errors = Array.isArray(doc.errors) ? doc.errors : [];
  const messages = errors
    .map((e) => {
      const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
      return [code, message].filter((x) => x !== undefined).join(" ");
    })
    .filter((m) => m !== "");
  return messages.length > 0 ? messages.join("; ") : "no error given";
}

/**
 * Parses one response. `before` (an ISO date) drops buckets on or after it: the last bucket of a
 * relative date range is the day still in progress, whose share the next run will replace anyway.
 */
export function parseRadarIpVersionSeries(text: string, before?: string): RadarParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { days: [], rejects: [], fatal: `not JSON: ${(error as Error).message}` };
  }
  const fail = (fatal: string): RadarParse => ({ days: [], rejects: [], fatal });
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return fail("not a JSON object");
  const envelope = doc as Record<string, unknown>;
  if (envelope.success !== true) {
    return fail(`success is ${JSON.stringify(envelope.success)}, not true: ${apiErrors(envelope)}`);
  }
  const result = envelope.result as Record<string, unknown> | null | undefined;
  if (typeof result !== "object" || result === null) return fail('no "result" object');
  const serie = result.serie_0 as Record<string, unknown> | null | undefined;
  if (typeof serie !== "object" || serie === null) return fail(`no "${SERIE}" object`);
  const columns = { timestamps: serie.timestamps, IPv4: serie.IPv4, IPv6: serie.IPv6 };
  for (const [name, column] of Object.entries(columns)) {
    if (!Array.isArray(column)) return fail(`"${SERIE}.${name}" is not an array`);
  }
  const { timestamps, IPv4, IPv6 } = columns as Record<keyof typeof columns, unknown[]>;
  if (IPv4.length !== timestamps.length || IPv6.length !== timestamps.length) {
    return fail(
      `"${SERIE}" has ${timestamps.length} timestamps, ${IPv4.length} IPv4 and ${IPv6.length} IPv6 values`,
    );
  }
  const days: RadarDay[] = [];
  const rejects: RadarReject[] = [];
  const seen = new Set<string>();
  for (const [i, stamp] of timestamps.entries()) {
    const day = dayOf(stamp);
    if ("reason" in day) {
      rejects.push({ path: `${SERIE}.timestamps[${i}]`, reason: day.reason });
      continue;
    }
    const v4 = percentage(IPv4[i]);
    const v6 = percentage(IPv6[i]);
    if (v4 === null) {
      rejects.push({ path: `${SERIE}.IPv4[${i}]`, reason: `${JSON.stringify(IPv4[i])} is not a percentage` });
      continue;
    }
    if (v6 === null) {
      rejects.push({ path: `${SERIE}.IPv6[${i}]`, reason: `${JSON.stringify(IPv6[i])} is not a percentage` });
      continue;
    }
    if (seen.has(day.date)) {
      rejects.push({ path: `${SERIE}.timestamps[${i}]`, reason: `${day.date} listed twice` });
      continue;
    }
    seen.add(day.date);
    if (before !== undefined && day.date >= before) continue;
    // Both zero: Radar saw no requests from the network that day, which is no measurement.
    if (v4 + v6 === 0) continue;
    // The two are one split of the same requests; rounding aside they add up to 100.
    if (Math.abs(v4 + v6 - 100) > 1) {
      rejects.push({
        path: `${SERIE}.IPv6[${i}]`,
        reason: `IPv4 ${v4} + IPv6 ${v6} is not 100: not a percentage split (normalization must be PERCENTAGE)`,
      });
      continue;
    }
    days.push({ date: day.date, ipv6Share: v6 / (v4 + v6) });
  }
  return { days, rejects, fatal: null };
}

/** The error message of a Radar error response (`{"success": false, "errors": [{code, message}]}`), if any. */
export function radarErrorMessage(text: string): string | null {
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
    const message = apiErrors(doc as Record<string, unknown>);
    return message === "no error given" ? null : message;
  } catch {
    return null;
  }
}
