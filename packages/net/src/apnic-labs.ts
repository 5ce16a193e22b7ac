/**
 * Parser for APNIC Labs' IPv6 measurement JSON (`v6economyas/<CC>/AS<n>.json`, `v6as/AS<n>.json`;
 * DESIGN.md §3): `{copyright, description, docs, data: [{date, as, cc, type, raw: {seen, capable,
 * capable_pc, preferred, preferred_pc}, "10": {…}, "30": {…}, …}]}`. Only the daily raw counts are
 * kept: Atalaya pools its own windows from counts, and the pre-smoothed percentages cannot be pooled.
 * Pure: takes the file's text, returns rows and per-entry rejections with their JSON path.
 */
export interface ApnicDay {
  date: string;
  asn: number;
  cc: string;
  /** Measurements (samples). */
  seen: number;
  /** Of those, able to fetch over IPv6 only. */
  capable: number;
  /** Of those, that used IPv6 when offered both. */
  preferred: number;
}

export interface ApnicReject {
  /** JSON path of the offending entry, e.g. `data[12].raw.seen`. */
  path: string;
  reason: string;
}

export interface ApnicParse {
  days: ApnicDay[];
  rejects: ApnicReject[];
  /** A reason the whole file is unusable (not JSON, no data array), else null. */
  fatal: string | null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` or `YYYYMMDD` to ISO, checked arithmetically (a file has thousands of dates). */
function isoDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return month >= 1 && day >= 1 && day <= max ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 4294967295) return value;
  if (typeof value === "string" && /^(AS)?\d+$/i.test(value))
    return asNumber(Number(value.replace(/^AS/i, "")));
  return null;
}

function count(value: unknown): number | null {
  // Counts arrive as JSON numbers, occasionally as numeric strings.
  const n = typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/**
 * Parses one file. `expected` is the (ASN, economy) the file was fetched for: entries for another
 * network are rejected rather than silently filed under the wrong one.
 */
export function parseApnicLabs(text: string, expected: { asn: number; cc?: string | undefined }): ApnicParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { days: [], rejects: [], fatal: `not JSON: ${(error as Error).message}` };
  }
  const data = (doc as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return { days: [], rejects: [], fatal: 'no "data" array' };
  const days: ApnicDay[] = [];
  const rejects: ApnicReject[] = [];
  const seenDates = new Set<string>();
  for (const [i, entry] of data.entries()) {
    const result = parseEntry(entry, `data[${i}]`, expected);
    if ("reason" in result) rejects.push(result);
    else if (seenDates.has(result.date))
      rejects.push({ path: `data[${i}].date`, reason: `${result.date} listed twice` });
    else {
      seenDates.add(result.date);
      days.push(result);
    }
  }
  return { days, rejects, fatal: null };
}

function parseEntry(
  entry: unknown,
  path: string,
  expected: { asn: number; cc?: string | undefined },
): ApnicDay | ApnicReject {
  const e = entry as Record<string, unknown> | null;
  if (typeof e !== "object" || e === null) return { path, reason: "entry is not an object" };
  const date = isoDate(e.date);
  if (!date) return { path: `${path}.date`, reason: `"${String(e.date)}" is not a date` };
  const asn = e.as === undefined ? expected.asn : asNumber(e.as);
  if (asn === null) return { path: `${path}.as`, reason: `"${String(e.as)}" is not an AS number` };
  if (asn !== expected.asn)
    return { path: `${path}.as`, reason: `AS${asn} in the file of AS${expected.asn}` };
  const cc = typeof e.cc === "string" ? e.cc.toUpperCase() : (expected.cc ?? null);
  if (!cc || !/^[A-Z]{2}$/.test(cc))
    return { path: `${path}.cc`, reason: `"${String(e.cc)}" is not a country code` };
  if (expected.cc && cc !== expected.cc)
    return { path: `${path}.cc`, reason: `economy ${cc} in the file of ${expected.cc}` };
  const raw = e.raw as Record<string, unknown> | undefined;
  if (typeof raw !== "object" || raw === null) return { path: `${path}.raw`, reason: "missing raw counts" };
  const counts = { seen: count(raw.seen), capable: count(raw.capable), preferred: count(raw.preferred) };
  for (const [name, v] of Object.entries(counts)) {
    if (v === null) return { path: `${path}.raw.${name}`, reason: `"${String(raw[name])}" is not a count` };
  }
  const { seen, capable, preferred } = counts as { seen: number; capable: number; preferred: number };
  if (capable > seen || preferred > seen)
    return { path: `${path}.raw`, reason: `more IPv6 results than samples (seen ${seen})` };
  return { date, asn, cc, seen, capable, preferred };
}
