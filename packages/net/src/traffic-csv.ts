/**
 * Parser for ISP self-reported traffic: CSV with the header `date,ipv4_bytes,ipv6_bytes`
 * (NetFlow/sFlow daily totals). Pure; each bad row is rejected with its line number and reason.
 */

import { isStorableDate } from "./iso-date";
import type { TextLine } from "./lines";

export interface TrafficDay {
  line: number;
  date: string;
  ipv4Bytes: number;
  ipv6Bytes: number;
}

export interface TrafficReject {
  line: number;
  raw: string;
  reason: string;
}

export const TRAFFIC_HEADER = "date,ipv4_bytes,ipv6_bytes";

function bytes(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** `today` (ISO date) bounds the dates: traffic from the future is a typo, not evidence. */
export function parseTrafficCsv(
  lines: Iterable<TextLine>,
  today: string,
): { days: TrafficDay[]; rejects: TrafficReject[] } {
  const days: TrafficDay[] = [];
  const rejects: TrafficReject[] = [];
  const dates = new Set<string>();
  let sawHeader = false;
  for (const { number, text } of lines) {
    const raw = text.trim();
    if (raw === "") continue;
    if (!sawHeader) {
      sawHeader = true;
      if (raw.toLowerCase().replace(/\s+/g, "") !== TRAFFIC_HEADER) {
        rejects.push({ line: number, raw: text, reason: `header must be "${TRAFFIC_HEADER}"` });
      }
      continue;
    }
    const fields = raw.split(",").map((f) => f.trim());
    const reject = (reason: string) => rejects.push({ line: number, raw: text, reason });
    if (fields.length !== 3) {
      reject(`${fields.length} fields, 3 expected`);
      continue;
    }
    const [date, v4, v6] = fields as [string, string, string];
    const ipv4Bytes = bytes(v4);
    const ipv6Bytes = bytes(v6);
    if (!isStorableDate(date)) reject(`date "${date}" is not a YYYY-MM-DD date`);
    else if (date > today) reject(`date ${date} is in the future`);
    else if (ipv4Bytes === null) reject(`ipv4_bytes "${v4}" is not a whole number of bytes`);
    else if (ipv6Bytes === null) reject(`ipv6_bytes "${v6}" is not a whole number of bytes`);
    else if (ipv4Bytes + ipv6Bytes === 0) reject("no traffic on this day");
    else if (dates.has(date)) reject(`${date} listed twice`);
    else {
      dates.add(date);
      days.push({ line: number, date, ipv4Bytes, ipv6Bytes });
    }
  }
  if (!sawHeader) rejects.push({ line: 1, raw: "", reason: "empty file" });
  return { days, rejects };
}
