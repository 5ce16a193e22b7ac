/**
 * Parser for AS-name lists: potaroo's `ASN<TAB>NAME,CC` and RIPE's `asn.txt` (`ASN NAME, CC`).
 * Names may themselves contain commas, so the country is whatever follows the last one.
 */
import type { TextLine } from "./lines";

export interface AsName {
  line: number;
  asn: number;
  name: string;
  /** Upper-case country code, or null when the line has none. */
  cc: string | null;
}

export interface AsNameReject {
  line: number;
  raw: string;
  reason: string;
}

export function parseAsNameLine(line: TextLine): AsName | AsNameReject | null {
  // Some published names carry stray control characters (CR inside a line in potaroo's list):
  // they become spaces rather than costing the line.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const text = line.text.replace(/[\u0000-\u001f\u007f]+/g, (m) => (m === "\t" ? m : " ")).trim();
  if (text === "" || text.startsWith("#")) return null;
  const m = /^(?:AS)?(\d+)[\t ]+(.*)$/i.exec(text);
  if (!m) return { line: line.number, raw: line.text, reason: "does not start with an AS number and a name" };
  const asn = Number(m[1]);
  if (asn > 4294967295) return { line: line.number, raw: line.text, reason: `AS${m[1]} is out of range` };
  const rest = (m[2] as string).replace(/ {2,}/g, " ").trim();
  const comma = rest.lastIndexOf(",");
  const tail = comma >= 0 ? rest.slice(comma + 1).trim() : "";
  if (comma >= 0 && /^[A-Za-z]{2}$/.test(tail)) {
    return { line: line.number, asn, name: rest.slice(0, comma).trim(), cc: tail.toUpperCase() };
  }
  return { line: line.number, asn, name: rest, cc: null };
}
