/**
 * Parser for the RIR statistics exchange format ("delegated" and "delegated-extended" files) that
 * all five RIRs publish. Pure: it takes text lines and yields typed items; it never does I/O.
 *
 * Quirks handled (see DESIGN.md §3):
 * - a version line `version|registry|serial|records|startdate|enddate|UTCoffset` (LACNIC "2.3",
 *   AFRINIC "2"), then `registry|*|type|*|count|summary` lines, then records;
 * - `#` comment lines and blank lines (APNIC, ARIN, RIPE);
 * - country codes left empty (LACNIC available/reserved) or written `ZZ` (AFRINIC and others):
 *   both mean "no country";
 * - dates empty or `00000000` for unallocated space;
 * - ipv4 value = address count, not always a power of two; ipv6 value = prefix length;
 *   asn value = count of consecutive ASNs;
 * - the extended format's 8th field is the holder's opaque-id; later fields are extensions.
 */
import { formatIpv4, ipv4RangeToCidrs, parseIpv4 } from "./ipv4";
import { formatIpv6, ipv6HostBitsClear, parseIpv6 } from "./ipv6";
import type { TextLine } from "./lines";
import { isPlainText } from "./printable";

export type ResourceType = "asn" | "ipv4" | "ipv6";
export type ResourceStatus = "allocated" | "assigned" | "available" | "reserved";

export interface DelegatedHeader {
  kind: "header";
  line: number;
  version: string;
  registry: string;
  serial: string;
  records: number;
  startDate: string | null;
  endDate: string | null;
  utcOffset: string;
}

export interface DelegatedSummary {
  kind: "summary";
  line: number;
  registry: string;
  type: ResourceType;
  count: number;
}

export interface DelegatedRecord {
  kind: "record";
  line: number;
  registry: string;
  /** ISO 3166 alpha-2, or null for "no country" (empty or ZZ). */
  cc: string | null;
  type: ResourceType;
  /** Canonical text of the first resource: ASN number, IPv4 or IPv6 address. */
  start: string;
  /** As written: ASN count, IPv4 address count, or IPv6 prefix length. */
  value: number;
  /** ISO date (YYYY-MM-DD) or null when the file has none. */
  date: string | null;
  status: ResourceStatus;
  opaqueId: string | null;
  extensions: string[];
}

/** A line the parser could not accept, with the reason; the caller decides whether that is fatal. */
export interface DelegatedReject {
  kind: "reject";
  line: number;
  raw: string;
  reason: string;
}

export type DelegatedItem = DelegatedHeader | DelegatedSummary | DelegatedRecord | DelegatedReject;

const STATUSES = new Set<ResourceStatus>(["allocated", "assigned", "available", "reserved"]);
const TYPES = new Set<ResourceType>(["asn", "ipv4", "ipv6"]);
const MAX_ASN = 4294967295;

/** Parses `YYYYMMDD`; empty and all-zero dates mean "none". Returns undefined when invalid. */
export function parseRirDate(text: string): string | null | undefined {
  if (text === "" || /^0+$/.test(text)) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return undefined;
  }
  return `${y}-${mo}-${d}`;
}

function parseHeader(fields: string[], line: TextLine): DelegatedHeader | DelegatedReject {
  const [version, registry, serial, records, startDate, endDate, utcOffset] = fields;
  const count = Number(records);
  if (
    fields.length < 7 ||
    !/^\d+(\.\d+)?$/.test(version ?? "") ||
    !/^[a-z]+$/.test(registry ?? "") ||
    !Number.isSafeInteger(count)
  ) {
    return reject(
      line,
      "malformed version line (want version|registry|serial|records|startdate|enddate|UTCoffset)",
    );
  }
  return {
    kind: "header",
    line: line.number,
    version: version as string,
    registry: registry as string,
    serial: serial ?? "",
    records: count,
    startDate: parseRirDate(startDate ?? "") ?? null,
    endDate: parseRirDate(endDate ?? "") ?? null,
    utcOffset: utcOffset ?? "",
  };
}

function parseSummary(fields: string[], line: TextLine): DelegatedSummary | DelegatedReject {
  const [registry, , type, , count] = fields;
  if (!TYPES.has(type as ResourceType)) return reject(line, `summary names unknown type "${type}"`);
  const n = Number(count);
  if (!/^\d+$/.test(count ?? "")) return reject(line, `summary count "${count}" is not a number`);
  return {
    kind: "summary",
    line: line.number,
    registry: registry ?? "",
    type: type as ResourceType,
    count: n,
  };
}

function parseRecord(fields: string[], line: TextLine): DelegatedRecord | DelegatedReject {
  if (fields.length < 7) return reject(line, `record has ${fields.length} fields, at least 7 expected`);
  const [
    registry,
    ccField,
    typeField,
    startField,
    valueField,
    dateField,
    statusField,
    opaque,
    ...extensions
  ] = fields as [string, string, string, string, string, string, string, string | undefined, ...string[]];
  if (!/^[a-z]+$/.test(registry)) return reject(line, `registry "${registry}" is not a registry name`);
  let cc: string | null;
  if (ccField === "" || ccField === "ZZ") cc = null;
  else if (/^[A-Z]{2}$/.test(ccField)) cc = ccField;
  else return reject(line, `country code "${ccField}" is not two capital letters`);
  if (!TYPES.has(typeField as ResourceType))
    return reject(line, `type "${typeField}" is not asn, ipv4 or ipv6`);
  const type = typeField as ResourceType;
  if (!/^\d+$/.test(valueField)) return reject(line, `value "${valueField}" is not a whole number`);
  const value = Number(valueField);
  const date = parseRirDate(dateField);
  if (date === undefined) return reject(line, `date "${dateField}" is not a valid YYYYMMDD date`);
  if (!STATUSES.has(statusField as ResourceStatus)) {
    return reject(line, `status "${statusField}" is not allocated, assigned, available or reserved`);
  }
  // The holder id is stored and grouped on: bytes that are not text (a NUL, which Postgres text
  // cannot hold, or invalid UTF-8) make the line malformed rather than the whole load fail.
  if (opaque !== undefined && !isPlainText(opaque)) return reject(line, "opaque-id is not text");
  let start: string;
  if (type === "asn") {
    if (!/^\d+$/.test(startField) || Number(startField) > MAX_ASN)
      return reject(line, `start "${startField}" is not an ASN`);
    if (value < 1 || Number(startField) + value - 1 > MAX_ASN)
      return reject(line, `ASN count ${value} is out of range`);
    start = String(Number(startField));
  } else if (type === "ipv4") {
    const address = parseIpv4(startField);
    if (address === null) return reject(line, `start "${startField}" is not an IPv4 address`);
    if (value < 1 || address + value > 2 ** 32)
      return reject(line, `IPv4 address count ${value} is out of range`);
    start = formatIpv4(address);
  } else {
    const address = parseIpv6(startField);
    if (address === null) return reject(line, `start "${startField}" is not an IPv6 address`);
    if (value < 1 || value > 128) return reject(line, `IPv6 prefix length ${value} is out of range`);
    if (!ipv6HostBitsClear(address, value)) return reject(line, `${startField}/${value} has host bits set`);
    start = formatIpv6(address);
  }
  return {
    kind: "record",
    line: line.number,
    registry,
    cc,
    type,
    start,
    value,
    date,
    status: statusField as ResourceStatus,
    opaqueId: opaque === undefined || opaque === "" ? null : opaque,
    extensions,
  };
}

function reject(line: TextLine, reason: string): DelegatedReject {
  return { kind: "reject", line: line.number, raw: line.text, reason };
}

/**
 * Classifies each line of a delegated file. The version line must come first (after comments);
 * summary lines are recognised by their 6th field; everything else is a record.
 */
export async function* parseDelegated(
  lines: AsyncIterable<TextLine> | Iterable<TextLine>,
): AsyncGenerator<DelegatedItem> {
  let sawHeader = false;
  for await (const line of lines) {
    const text = line.text.trim();
    if (text === "" || text.startsWith("#")) continue;
    const fields = text.split("|");
    if (!sawHeader) {
      sawHeader = true;
      yield parseHeader(fields, line);
      continue;
    }
    if (fields[5] === "summary") yield parseSummary(fields, line);
    else yield parseRecord(fields, line);
  }
}

/** The individual units a record stands for: ASNs for asn records, exact CIDRs for address records. */
export type ResourceUnit =
  | { type: "asn"; asn: number }
  | { type: "ipv4" | "ipv6"; prefix: string; length: number };

export function expandRecord(record: DelegatedRecord): ResourceUnit[] {
  if (record.type === "asn") {
    const first = Number(record.start);
    return Array.from({ length: record.value }, (_, i) => ({ type: "asn" as const, asn: first + i }));
  }
  if (record.type === "ipv4") {
    return ipv4RangeToCidrs(parseIpv4(record.start) as number, record.value).map((c) => ({
      type: "ipv4" as const,
      ...c,
    }));
  }
  return [{ type: "ipv6", prefix: `${record.start}/${record.value}`, length: record.value }];
}

/** Checks a whole file's bookkeeping: record and summary counts must match what the header says. */
export class DelegatedTally {
  header: DelegatedHeader | null = null;
  readonly summaries = new Map<ResourceType, number>();
  readonly records = new Map<ResourceType, number>();
  recordLines = 0;

  add(item: DelegatedItem): void {
    if (item.kind === "header") this.header = item;
    else if (item.kind === "summary") this.summaries.set(item.type, item.count);
    else if (item.kind === "record") {
      this.recordLines++;
      this.records.set(item.type, (this.records.get(item.type) ?? 0) + 1);
    } else this.recordLines++;
  }

  /** Problems that mean the file is incomplete or inconsistent, empty when it is whole. */
  problems(): string[] {
    if (!this.header) return ["no version line: the file is empty or not in the RIR statistics format"];
    const out: string[] = [];
    if (this.header.records !== this.recordLines) {
      out.push(
        `version line announces ${this.header.records} records but the file has ${this.recordLines}` +
          (this.recordLines < this.header.records ? " (truncated?)" : ""),
      );
    }
    for (const [type, count] of this.summaries) {
      const seen = this.records.get(type) ?? 0;
      if (seen !== count && this.header.records === this.recordLines) {
        out.push(`summary line announces ${count} ${type} records but the file has ${seen}`);
      }
    }
    return out;
  }
}
