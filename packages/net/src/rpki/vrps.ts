/**
 * Parsers for lists of Validated ROA Payloads (VRPs) as relying-party software and archives
 * publish them. The format is recognised from the content, never the file name:
 *
 * - JSON `{"roas": [{"asn", "prefix", "maxLength", "ta"?, …}], …}`, written by
 *   - rpki-client (`vrps.json`, console.rpki-client.org): a `metadata` object with `buildmachine`,
 *     `asn` a number since 2022 (`"AS13335"` before), plus `expires`; later versions add
 *     `bgpsec_keys`/`aspas` arrays, which are ignored;
 *   - Routinator `json` (`asn` "AS13335", `ta`) and `jsonext` (no `ta`, a `source` array instead);
 *   - Cloudflare `rpki.json` (`asn` "AS13335", `ta`; its `metadata` fields were not checked
 *     against a sample, so nothing here depends on them);
 * - CSV with a header naming the columns, in any order:
 *   - `ASN,IP Prefix,Max Length,Trust Anchor` (Routinator `csv`, all fields quoted and ASN bare in
 *     `csvcompat`; rpki-client's csv adds `Expires`);
 *   - `URI,ASN,IP Prefix,Max Length,Not Before,Not After` (RIPE NCC archive `roas.csv`, Routinator
 *     `csvext`).
 *
 * Rules (DESIGN.md §3): ASN as `AS123` or `123`; an empty or missing max length means the prefix
 * length; a max length below the prefix length or beyond the family's maximum is rejected;
 * identical (asn, prefix, maxLength) entries are kept once (the first, with its trust anchor, and
 * the latest expiry of any copy: while one copy lasts, the authorisation does not lapse);
 * AS0 VRPs (RFC 7607) are kept: they cover without ever matching.
 *
 * Expiry is when the ROA's own certificate lapses, where the format says (else null): Routinator
 * `jsonext` the latest `validity.notAfter` of its ROA sources, `roas.csv`/`csvext` `Not After`
 * (`2026-08-22 06:45:00`, UTC; `N/A` in csvext for none). rpki-client's and Cloudflare's
 * `expires` (JSON, Unix seconds) and rpki-client's csv `Expires` are checked to be times but not
 * kept: they are the earliest moment anything in the VRP's chain lapses, CRLs and manifests
 * included, which CAs re-sign every day or two, so nearly every VRP "expires" within days and an
 * owner has nothing to renew (ADR 0014).
 */
import type { TextLine } from "../lines";
import { formatPrefix, type IpPrefix, maxPrefixLength, parsePrefix } from "../prefix";
import { isPlainText } from "../printable";
import { scanRoaDocument } from "./json-roas";
import { MAX_ASN, parseAsn } from "./route";

export interface Vrp {
  readonly asn: number;
  readonly prefix: IpPrefix;
  readonly maxLength: number;
  /** Trust anchor name where the format gives one (not in `roas.csv` nor `jsonext`). */
  readonly ta: string | null;
}

/** A VRP as a list gives it: with when it expires. Validation needs no expiry, so Vrp has none. */
export interface ListedVrp extends Vrp {
  /** Unix seconds when the ROA's own certificate lapses unless renewed; null where the list does not say. */
  readonly expires: number | null;
}

export type VrpFormat =
  /** rpki-client `vrps.json`. */
  | "rpki-client-json"
  /** Routinator `jsonext`. */
  | "routinator-jsonext"
  /** Routinator `json`, Cloudflare `rpki.json`, RIPE NCC Validator JSON. */
  | "roas-json"
  /** Routinator `csv`/`csvcompat`, rpki-client csv. */
  | "vrp-csv"
  /** RIPE NCC archive `roas.csv`, Routinator `csvext`. */
  | "roas-csv";

/** An entry the parser could not accept. CSV gives the 1-based `line`, JSON the 0-based `index` in "roas". */
export interface VrpReject {
  line?: number;
  index?: number;
  raw: string;
  reason: string;
}

export interface VrpParseResult {
  format: VrpFormat;
  /** The accepted VRPs; empty when they went to a store given by the caller (`accepted` counts them). */
  vrps: ListedVrp[];
  accepted: number;
  rejects: VrpReject[];
  /** Data rows (CSV) or "roas" entries (JSON) read, rejected and duplicate ones included. */
  entries: number;
  /** Entries dropped because an identical (asn, prefix, maxLength) came earlier. */
  duplicates: number;
  /** Accepted entries whose prefix text had host bits set; they are cleared. */
  hostBitsCleared: number;
  /**
   * When the list was built (Unix seconds), where the document says: rpki-client's (and
   * Cloudflare's) `metadata.buildtime`, Routinator's `metadata.generated`. Null for CSV.
   */
  builtAt: number | null;
}

/** The input as a whole is not a VRP list (not JSON with "roas", no CSV header naming the columns). */
export class VrpFormatError extends Error {}

function vrpKey(asn: number, prefix: IpPrefix, maxLength: number): string {
  return `${asn} ${formatPrefix(prefix)} ${maxLength}`;
}

interface VrpFields {
  asn: unknown;
  prefix: unknown;
  maxLength: unknown;
  ta: string | null;
  /** Unix seconds, null where the entry has none, or why the entry's expiry is not a time. */
  expires: Expiry;
}

/** Unix seconds, null for none, or (a string) why the value given is not a time. */
type Expiry = number | null | string;

/** The VRP the fields describe, or why they describe none. */
function toVrp(fields: VrpFields): { vrp: ListedVrp; hostBitsCleared: boolean } | string {
  const asn = typeof fields.asn === "number" ? checkedAsn(fields.asn) : parseAsnField(fields.asn);
  if (asn === null) return `ASN ${describe(fields.asn)} is not an AS number`;
  if (typeof fields.prefix !== "string") return `prefix ${describe(fields.prefix)} is not text`;
  const parsed = parsePrefix(fields.prefix.trim());
  if (!parsed.ok) return parsed.reason;
  const { prefix } = parsed;
  const maxLength = parseMaxLength(fields.maxLength, prefix.length);
  if (maxLength === null) return `max length ${describe(fields.maxLength)} is not a whole number`;
  const familyMax = maxPrefixLength(prefix.family);
  if (maxLength > familyMax)
    return `max length ${maxLength} is over ${familyMax}, the IPv${prefix.family} maximum`;
  if (maxLength < prefix.length)
    return `max length ${maxLength} is shorter than the prefix length ${prefix.length}`;
  // Stored as text: a NUL (which Postgres text cannot hold) or bytes that were not UTF-8 make the
  // entry malformed rather than the whole load fail.
  if (fields.ta !== null && !isPlainText(fields.ta)) return "trust anchor is not text";
  if (typeof fields.expires === "string") return fields.expires;
  return {
    vrp: { asn, prefix, maxLength, ta: fields.ta, expires: fields.expires },
    hostBitsCleared: parsed.hostBitsCleared,
  };
}

/** 9999-12-31T23:59:59Z: the last second Postgres's timestamptz and ISO text both spell alike. */
const MAX_SECONDS = 253_402_300_799;

/** Whole Unix seconds (a JSON number, or CSV digits) as an expiry; `field` names it in the reason. */
function unixSeconds(value: unknown, field: string): Expiry {
  if (value === undefined || value === null || value === "") return null;
  const seconds = typeof value === "string" && /^\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  if (typeof seconds === "number" && Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_SECONDS)
    return seconds;
  return `${field} ${describe(value)} is not a time (whole seconds since 1970-01-01 UTC)`;
}

/**
 * `YYYY-MM-DD hh:mm:ss` (roas.csv, csvext) or ISO 8601 `YYYY-MM-DDThh:mm:ss[.fff]Z` (jsonext), UTC,
 * as Unix seconds; a day or time that does not exist is refused, not rolled over.
 */
function utcTime(value: unknown, field: string): Expiry {
  const bad = `${field} ${describe(value)} is not a time (YYYY-MM-DD hh:mm:ss, UTC)`;
  if (typeof value !== "string") return bad;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z?)$/.exec(value.trim());
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  const exists =
    year >= 1970 &&
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return exists ? ms / 1000 : bad;
}

/** The later of two expiries; none only when neither has one. */
function later(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null || a >= b ? a : b;
}

/**
 * Where accepted VRPs go. `add` answers false for a repeat of an (asn, prefix, maxLength) it
 * already holds, keeping nothing of it but, where the store keeps expiries, a later expiry. By
 * default a list; `atalaya validate` passes its VrpIndex, which keeps VRPs as numbers (and no
 * expiry) and finds repeats on the trie node, rather than holding 800k objects and a set of 800k
 * keys beside the index.
 */
export interface VrpStore {
  add(vrp: ListedVrp): boolean;
}

/** The accepted VRPs as a list, repeats found by text key (and given the latest expiry). */
class VrpList implements VrpStore {
  readonly vrps: ListedVrp[] = [];
  /** Each key's place in `vrps`. */
  readonly #seen = new Map<string, number>();

  add(vrp: ListedVrp): boolean {
    const key = vrpKey(vrp.asn, vrp.prefix, vrp.maxLength);
    const at = this.#seen.get(key);
    if (at === undefined) {
      this.#seen.set(key, this.vrps.length);
      this.vrps.push(vrp);
      return true;
    }
    const kept = this.vrps[at] as ListedVrp;
    const expires = later(kept.expires, vrp.expires);
    if (expires !== kept.expires) this.vrps[at] = { ...kept, expires };
    return false;
  }
}

/** Collects accepted VRPs, dropping repeats of (asn, prefix, maxLength). */
class VrpCollector {
  readonly #store: VrpStore;
  readonly #list: VrpList | null;
  readonly rejects: VrpReject[] = [];
  accepted = 0;
  entries = 0;
  duplicates = 0;
  hostBitsCleared = 0;

  constructor(store?: VrpStore) {
    this.#list = store ? null : new VrpList();
    this.#store = store ?? (this.#list as VrpList);
  }

  add(fields: VrpFields, at: VrpReject): void {
    this.entries++;
    const parsed = toVrp(fields);
    if (typeof parsed === "string") {
      this.rejects.push({ ...at, reason: parsed });
      return;
    }
    if (!this.#store.add(parsed.vrp)) {
      this.duplicates++;
      return;
    }
    if (parsed.hostBitsCleared) this.hostBitsCleared++;
    this.accepted++;
  }

  result(format: VrpFormat, builtAt: number | null = null): VrpParseResult {
    return {
      format,
      builtAt,
      vrps: this.#list?.vrps ?? [],
      accepted: this.accepted,
      rejects: this.rejects,
      entries: this.entries,
      duplicates: this.duplicates,
      hostBitsCleared: this.hostBitsCleared,
    };
  }
}

function checkedAsn(value: number): number | null {
  return Number.isInteger(value) && value >= 0 && value <= MAX_ASN ? value : null;
}

function parseAsnField(value: unknown): number | null {
  return typeof value === "string" ? parseAsn(value.trim()) : null;
}

/** Absent, null and "" mean "the prefix length" (RFC 6482: maxLength is optional in a ROA). */
function parseMaxLength(value: unknown, prefixLength: number): number | null {
  if (value === undefined || value === null) return prefixLength;
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return prefixLength;
  return /^\d{1,3}$/.test(text) ? Number(text) : null;
}

function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

// ---------------------------------------------------------------- JSON

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The document's top-level members and its "roas" entries: scanned so that one entry is parsed
 * at a time (json-roas.ts), or, when the scan cannot delimit the text, parsed whole, which either
 * gives JSON.parse's error or the document after all.
 */
function roaDocument(bytes: Uint8Array): { members: Record<string, unknown>; roas: Iterable<unknown> } {
  const scanned = scanRoaDocument(bytes);
  if (scanned) {
    const entries = scanned.roas();
    let index = 0;
    const roas = (function* () {
      try {
        for (const entry of entries) {
          yield entry;
          index++;
        }
      } catch (error) {
        throw new VrpFormatError(`not valid JSON (roas[${index}]: ${(error as Error).message})`);
      }
    })();
    return { members: scanned.members, roas };
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder("utf-8").decode(bytes));
  } catch (error) {
    throw new VrpFormatError(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(document) || !Array.isArray(document.roas)) {
    throw new VrpFormatError('JSON without a "roas" array: not a VRP list');
  }
  return { members: document, roas: document.roas };
}

/** Parses a JSON VRP list (rpki-client, Routinator json/jsonext, Cloudflare), as text or UTF-8. */
export function parseVrpJson(input: string | Uint8Array, store?: VrpStore): VrpParseResult {
  const { members, roas } = roaDocument(typeof input === "string" ? Buffer.from(input, "utf8") : input);
  const collector = new VrpCollector(store);
  let format: VrpFormat = "roas-json";
  const metadata = members.metadata;
  if (isRecord(metadata) && "buildmachine" in metadata) format = "rpki-client-json";
  const builtAt = isRecord(metadata) ? buildTime(metadata) : null;
  let index = -1;
  for (const entry of roas) {
    index++;
    if (!isRecord(entry)) {
      collector.entries++;
      collector.rejects.push({ index, raw: JSON.stringify(entry) ?? "", reason: "entry is not an object" });
      continue;
    }
    if (format === "roas-json") {
      if (typeof entry.asn === "number") format = "rpki-client-json";
      else if (Array.isArray(entry.source)) format = "routinator-jsonext";
    }
    // The raw text is produced for rejected entries only: stringifying every entry of a
    // 800k-entry file would cost as much as parsing it.
    const at: VrpReject = { index, raw: "", reason: "" };
    const before = collector.rejects.length;
    collector.add(
      {
        asn: entry.asn,
        prefix: entry.prefix,
        maxLength: entry.maxLength,
        ta: typeof entry.ta === "string" ? entry.ta : sourceTal(entry.source),
        expires:
          entry.expires !== undefined
            ? chainExpiry(unixSeconds(entry.expires, "expires"))
            : sourceExpiry(entry.source),
      },
      at,
    );
    const reject = collector.rejects[before];
    if (reject) reject.raw = JSON.stringify(entry);
  }
  return collector.result(format, builtAt);
}

/** rpki-client's `buildtime` (ISO 8601) or Routinator's `generated` (Unix seconds); null if neither is a time. */
function buildTime(metadata: Record<string, unknown>): number | null {
  const built =
    metadata.buildtime !== undefined
      ? utcTime(metadata.buildtime, "buildtime")
      : unixSeconds(metadata.generated, "generated");
  return typeof built === "number" ? built : null;
}

/**
 * A chain-wide expiry (rpki-client, Cloudflare): refused when it is not a time, else not kept,
 * since it says when the chain's next CRL or manifest is due rather than when the ROA lapses.
 */
const chainExpiry = (expiry: Expiry): Expiry => (typeof expiry === "string" ? expiry : null);

/** Routinator jsonext: the trust anchor (`tal`) of the entry's first ROA source that names one. */
function sourceTal(sources: unknown): string | null {
  if (!Array.isArray(sources)) return null;
  for (const source of sources) if (isRecord(source) && typeof source.tal === "string") return source.tal;
  return null;
}

/**
 * Routinator jsonext: the latest `validity.notAfter` (the ROA's own certificate) of the entry's ROA
 * sources: each ROA that yields this VRP keeps it authorised until it lapses. `chainValidity` is
 * not used, for the reason rpki-client's `expires` is not. Null without one, as for a SLURM
 * exception's.
 */
function sourceExpiry(sources: unknown): Expiry {
  if (!Array.isArray(sources)) return null;
  let latest: number | null = null;
  for (const [i, source] of sources.entries()) {
    if (!isRecord(source) || !isRecord(source.validity)) continue;
    const notAfter = source.validity.notAfter;
    if (notAfter === undefined || notAfter === null) continue;
    const expires = utcTime(notAfter, `source[${i}].validity.notAfter`);
    if (typeof expires === "string") return expires;
    latest = later(latest, expires);
  }
  return latest;
}

// ---------------------------------------------------------------- CSV

/**
 * Splits one CSV line (RFC 4180 quoting, no line breaks inside fields); null when a quote is
 * left open. Quoted fields appear in Routinator's csvcompat.
 */
export function splitCsvLine(text: string): string[] | null {
  if (!text.includes('"')) return text.split(",");
  const fields: string[] = [];
  let i = 0;
  while (true) {
    if (text[i] === '"') {
      let value = "";
      i++;
      while (true) {
        const close = text.indexOf('"', i);
        if (close < 0) return null;
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ",") return null;
      i++;
    } else {
      const comma = text.indexOf(",", i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

interface CsvColumns {
  asn: number;
  prefix: number;
  maxLength: number;
  ta: number;
  /** `Not After` (roas.csv, csvext) or `Expires` (rpki-client csv, checked, not kept); -1 when neither is there. */
  expires: number;
  /** The expiry column's name as the header spells it, and how its values are read. */
  expiresName: string;
  readExpiry: (value: unknown, field: string) => Expiry;
}

function csvColumns(header: string[]): { columns: CsvColumns; format: VrpFormat } | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const asn = names.indexOf("asn");
  const prefix = names.indexOf("ip prefix");
  const maxLength = names.indexOf("max length");
  if (asn < 0 || prefix < 0 || maxLength < 0) return null;
  const notAfter = names.indexOf("not after");
  const expires = notAfter >= 0 ? notAfter : names.indexOf("expires");
  return {
    columns: {
      asn,
      prefix,
      maxLength,
      ta: names.indexOf("trust anchor"),
      expires,
      expiresName: expires >= 0 ? (header[expires] as string).trim() : "",
      readExpiry: notAfter >= 0 ? notAfterTime : (value, field) => chainExpiry(unixSeconds(value, field)),
    },
    format: names.includes("uri") ? "roas-csv" : "vrp-csv",
  };
}

/** roas.csv/csvext `Not After`; Routinator's csvext writes `N/A` for a VRP without one. */
const notAfterTime = (value: unknown, field: string): Expiry =>
  value === "" || value === "N/A" ? null : utcTime(value, field);

/** Parses a CSV VRP list; the first non-blank line must be the header. */
export function parseVrpCsv(lines: Iterable<TextLine>, store?: VrpStore): VrpParseResult {
  const collector = new VrpCollector(store);
  let header: { columns: CsvColumns; format: VrpFormat } | null = null;
  for (const line of lines) {
    const text = line.number === 1 ? line.text.replace(/^\uFEFF/, "") : line.text;
    if (text.trim() === "") continue;
    const fields = splitCsvLine(text);
    if (!header) {
      header = fields ? csvColumns(fields) : null;
      if (!header) {
        throw new VrpFormatError(
          `line ${line.number}: expected a CSV header naming ASN, IP Prefix and Max Length, found "${text.slice(0, 80)}"`,
        );
      }
      continue;
    }
    const at: VrpReject = { line: line.number, raw: line.text, reason: "" };
    if (!fields) {
      collector.entries++;
      collector.rejects.push({ ...at, reason: "a quoted field is not closed" });
      continue;
    }
    const { columns } = header;
    if (fields.length <= Math.max(columns.asn, columns.prefix, columns.maxLength)) {
      collector.entries++;
      collector.rejects.push({ ...at, reason: `${fields.length} fields, fewer than the header names` });
      continue;
    }
    const ta = columns.ta >= 0 ? (fields[columns.ta]?.trim() ?? "") : "";
    const expires = columns.expires >= 0 ? (fields[columns.expires]?.trim() ?? "") : "";
    collector.add(
      {
        asn: fields[columns.asn],
        prefix: fields[columns.prefix],
        maxLength: fields[columns.maxLength],
        ta: ta === "" ? null : ta,
        expires: columns.readExpiry(expires, columns.expiresName),
      },
      at,
    );
  }
  if (!header) throw new VrpFormatError("empty input: no CSV header and no JSON");
  return collector.result(header.format);
}

function* textLines(text: string): Generator<TextLine> {
  let number = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    yield { number: ++number, text: raw.endsWith("\r") ? raw.slice(0, -1) : raw };
    start = end + 1;
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Parses any of the VRP formats above, recognising it from the content: text, or a file's bytes
 * (UTF-8), which JSON is scanned in without ever becoming one string.
 */
export function parseVrps(input: string | Uint8Array, store?: VrpStore): VrpParseResult {
  if (typeof input === "string") {
    const body = input.replace(/^\uFEFF/, "");
    if (body.trimStart().startsWith("{")) return parseVrpJson(body, store);
    return parseVrpCsv(textLines(body), store);
  }
  const bytes = BOM.every((b, i) => input[i] === b) ? input.subarray(3) : input;
  let first = 0;
  while (first < bytes.length && /\s/.test(String.fromCharCode(bytes[first] as number))) first++;
  if (bytes[first] === 0x7b) return parseVrpJson(bytes, store);
  return parseVrpCsv(textLines(new TextDecoder("utf-8").decode(bytes)), store);
}
