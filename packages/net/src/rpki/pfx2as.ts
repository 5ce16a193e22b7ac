/**
 * Parser for CAIDA's RouteViews prefix-to-AS files (`routeviews-rv2/rv6-YYYYMMDD-HHMM.pfx2as`):
 * one line per prefix, `prefix<TAB>length<TAB>origin`, no header. The origin field packs two
 * notations (DESIGN.md §3):
 * - `a_b`: the prefix was seen with several origins (MOAS), one route per origin;
 * - `a,b`: one route whose AS path ended in an AS_SET — its origin is the set;
 * - both at once: `271,7860,8111,10972_271,7860,8111` is two routes, each with a set origin.
 */
import type { TextLine } from "../lines";
import { type IpPrefix, parsePrefixParts } from "../prefix";
import { asSetOrigin, formatOrigin, parseAsn, type Route, type RouteOrigin } from "./route";

export interface Pfx2asEntry {
  kind: "entry";
  line: number;
  prefix: IpPrefix;
  /** One per route, in file order, repeats removed. */
  origins: RouteOrigin[];
  /** The line had bits set beyond the prefix length; they are cleared. */
  hostBitsCleared: boolean;
}

export interface Pfx2asReject {
  kind: "reject";
  line: number;
  raw: string;
  reason: string;
}

export type Pfx2asItem = Pfx2asEntry | Pfx2asReject;

function parseOriginField(field: string): RouteOrigin[] | string {
  const origins: RouteOrigin[] = [];
  const seen = new Set<string>();
  for (const part of field.split("_")) {
    const members: number[] = [];
    for (const text of part.split(",")) {
      // CAIDA writes bare numbers; "AS" is not expected but harmless to accept.
      const asn = parseAsn(text);
      if (asn === null) return `origin "${field}": "${text}" is not an AS number`;
      members.push(asn);
    }
    const origin: RouteOrigin = members.length === 1 ? (members[0] as number) : asSetOrigin(members);
    const key = formatOrigin(origin);
    if (!seen.has(key)) {
      seen.add(key);
      origins.push(origin);
    }
  }
  return origins;
}

/** Classifies one line; null for blank lines. */
export function parsePfx2asLine(line: TextLine): Pfx2asItem | null {
  const text = line.text.trim();
  if (text === "") return null;
  const fields = text.split(/\s+/);
  const reject = (reason: string): Pfx2asReject => ({
    kind: "reject",
    line: line.number,
    raw: line.text,
    reason,
  });
  if (fields.length !== 3)
    return reject(`expected 3 fields (prefix, length, origin), found ${fields.length}`);
  const [address, length, originField] = fields as [string, string, string];
  const parsed = parsePrefixParts(address, length);
  if (!parsed.ok) return reject(parsed.reason);
  const origins = parseOriginField(originField);
  if (typeof origins === "string") return reject(origins);
  return {
    kind: "entry",
    line: line.number,
    prefix: parsed.prefix,
    origins,
    hostBitsCleared: parsed.hostBitsCleared,
  };
}

/** Classifies each line of a pfx2as file. */
export async function* parsePfx2as(
  lines: AsyncIterable<TextLine> | Iterable<TextLine>,
): AsyncGenerator<Pfx2asItem> {
  for await (const line of lines) {
    const item = parsePfx2asLine(line);
    if (item) yield item;
  }
}

/** The routes one entry stands for: one per origin. */
export function pfx2asRoutes(entry: Pfx2asEntry): Route[] {
  return entry.origins.map((origin) => ({ prefix: entry.prefix, origin }));
}
