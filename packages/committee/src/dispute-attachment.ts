/**
 * The file a dispute may come with, judged from its bytes, never from the type or name the
 * browser declared: self-reported traffic (the `date,ipv4_bytes,ipv6_bytes` CSV the self-reported
 * upload takes, checked by the same parser) or another source's export (JSON, or CSV with a
 * header). Binary files are refused as the wrong type; text that does not parse is refused naming
 * the line, column or JSON path. Pure: bytes in, a verdict out.
 */
import type { DisputeAttachmentKind } from "@atalaya/db";
import { parseApnicLabs, parseRadarIpVersionSeries, parseTrafficCsv, type TextLine } from "@atalaya/net";

/** Per file: a year of daily rows from any source is tens of kB; an APNIC per-ASN file a few hundred. */
export const DISPUTE_ATTACHMENT_MAX_BYTES = 1024 * 1024;

export type AttachmentVerdict =
  | { ok: true; mediaType: "text/csv" | "application/json"; summary: Record<string, unknown> }
  | { ok: false; code: "BAD_REQUEST" | "UNSUPPORTED_MEDIA_TYPE"; problem: string };

/** Signatures of binary formats people attach by mistake, so the refusal can say what it saw. */
const SIGNATURES: Array<[string, number[]]> = [
  ["a PDF document", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["a ZIP archive (or an Office document)", [0x50, 0x4b, 0x03, 0x04]],
  ["a gzip archive", [0x1f, 0x8b]],
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["an old Office document", [0xd0, 0xcf, 0x11, 0xe0]],
];

const wrongType = (problem: string): AttachmentVerdict => ({
  ok: false,
  code: "UNSUPPORTED_MEDIA_TYPE",
  problem,
});
const unparseable = (problem: string): AttachmentVerdict => ({ ok: false, code: "BAD_REQUEST", problem });

/** The text of a file that is UTF-8 text, or why it is not. */
function textOf(fileName: string, bytes: Uint8Array): { text: string } | { problem: string } {
  for (const [what, magic] of SIGNATURES)
    if (magic.every((b, i) => bytes[i] === b))
      return { problem: `${fileName} is ${what}, not a CSV or JSON text file` };
  if (bytes.includes(0)) return { problem: `${fileName} contains NUL bytes: not a CSV or JSON text file` };
  try {
    // A byte-order mark is how spreadsheet programs mark UTF-8; it is not part of the header.
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: `${fileName} is not UTF-8 text: save the CSV or JSON as UTF-8` };
  }
}

function lines(text: string): TextLine[] {
  return text.split(/\r?\n/).map((line, i) => ({ number: i + 1, text: line }));
}

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

/** Whether `prefix` could still begin a valid JSON text: it parses, or fails only for ending early. */
function viableJsonPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    return /end of JSON input/.test(message) || (at !== null && Number(at[1]) >= prefix.length);
  }
}

/**
 * Where a JSON text first goes wrong, as "line L, column C". V8 names a position for some errors
 * only, so this bisects for the shortest prefix that no continuation could make valid.
 */
function jsonErrorPlace(text: string): string {
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (viableJsonPrefix(text.slice(0, middle))) good = middle;
    else bad = middle;
  }
  const before = text.slice(0, bad - 1).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function jsonError(fileName: string, text: string, error: Error): string {
  // V8 quotes the text around the error; the line and column say where without echoing it.
  const reason = error.message
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "");
  return `${fileName} is not valid JSON (${jsonErrorPlace(text)}): ${reason}`;
}

/** The fields of one CSV line (RFC 4180 quoting), or null when a quote is left open. */
function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** A CSV export: a header of at least two named columns, and every row as wide as the header. */
function checkCsvExport(fileName: string, text: string): AttachmentVerdict {
  const rows = lines(text).filter((l) => l.text.trim() !== "");
  const [header, ...body] = rows;
  if (!header) return unparseable(`${fileName} is empty`);
  const columns = csvFields(header.text);
  if (!columns || columns.length < 2 || columns.some((c) => c.trim() === ""))
    return wrongType(
      `${fileName} is neither JSON nor CSV: line ${header.number} is not a comma-separated header of named columns`,
    );
  for (const row of body) {
    const fields = csvFields(row.text);
    if (!fields) return unparseable(`${fileName} line ${row.number}: a quoted field is not closed`);
    if (fields.length !== columns.length)
      return unparseable(
        `${fileName} line ${row.number}: ${fields.length} fields, the header has ${columns.length}`,
      );
  }
  if (body.length === 0) return unparseable(`${fileName} has a header and no rows`);
  return {
    ok: true,
    mediaType: "text/csv",
    summary: { format: "csv", columns: columns.map((c) => c.trim()), rows: body.length },
  };
}

/**
 * A JSON export. The formats Atalaya ingests are checked by their own parsers (APNIC Labs for the
 * disputed network, Cloudflare Radar's series), so a broken value is named by its JSON path; any
 * other well-formed JSON is kept as it is, labelled unrecognised.
 */
function checkJsonExport(fileName: string, text: string, asn: number | null): AttachmentVerdict {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return unparseable(jsonError(fileName, text, error as Error));
  }
  const object = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? doc : null;
  if (object && "result" in object && "success" in object) {
    const radar = parseRadarIpVersionSeries(text);
    const problem = radar.fatal ?? radar.rejects.map((r) => `${r.path}: ${r.reason}`)[0];
    if (problem) return unparseable(`${fileName} (Cloudflare Radar): ${problem}`);
    return { ok: true, mediaType: "application/json", summary: summaryOf("cloudflare-radar", radar.days) };
  }
  if (object && Array.isArray((object as { data?: unknown }).data) && asn !== null) {
    const apnic = parseApnicLabs(text, { asn });
    const problem = apnic.fatal ?? apnic.rejects.map((r) => `${r.path}: ${r.reason}`)[0];
    if (problem) return unparseable(`${fileName} (APNIC Labs): ${problem}`);
    return { ok: true, mediaType: "application/json", summary: summaryOf("apnic-labs", apnic.days) };
  }
  return { ok: true, mediaType: "application/json", summary: { format: "json", recognised: null } };
}

function summaryOf(recognised: string, days: Array<{ date: string }>) {
  const dates = days.map((d) => d.date).sort();
  return {
    format: "json",
    recognised,
    days: dates.length,
    first: dates[0] ?? null,
    last: dates.at(-1) ?? null,
  };
}

/** Self-reported traffic: the self-reported upload's own parser; any bad row refuses the file. */
function checkTraffic(fileName: string, text: string, today: string): AttachmentVerdict {
  if (looksLikeJson(text))
    return wrongType(`${fileName} is JSON; self-reported traffic is CSV (date,ipv4_bytes,ipv6_bytes)`);
  const { days, rejects } = parseTrafficCsv(lines(text), today);
  const [first] = rejects;
  if (first) {
    const more = rejects.length > 1 ? ` (and ${rejects.length - 1} more)` : "";
    return unparseable(`${fileName} line ${first.line}: ${first.reason}${more}`);
  }
  if (days.length === 0) return unparseable(`${fileName} has a header and no days`);
  const dates = days.map((d) => d.date).sort();
  return {
    ok: true,
    mediaType: "text/csv",
    summary: { format: "traffic-csv", days: days.length, first: dates[0], last: dates.at(-1) },
  };
}

/**
 * Whether `bytes` may be attached as `kind`. `asn` is the disputed network (null for an
 * organisation), against which an APNIC Labs export is checked; `today` bounds traffic dates.
 */
export function checkDisputeAttachment(
  kind: DisputeAttachmentKind,
  fileName: string,
  bytes: Uint8Array,
  options: { asn: number | null; today: string },
): AttachmentVerdict {
  if (bytes.length === 0) return unparseable(`${fileName} is empty`);
  const decoded = textOf(fileName, bytes);
  if ("problem" in decoded) return wrongType(decoded.problem);
  if (kind === "self-reported") return checkTraffic(fileName, decoded.text, options.today);
  return looksLikeJson(decoded.text)
    ? checkJsonExport(fileName, decoded.text, options.asn)
    : checkCsvExport(fileName, decoded.text);
}
