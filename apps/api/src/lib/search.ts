/**
 * Search over what the dashboard has pages for: networks (by AS number or AS name),
 * organisations (by name or id) and the region's economies (by code or name). Matching ignores
 * case and accents ("maracuja" finds "Maracujá"); results are ranked by how well they match
 * (exact, then prefix, then word start, then substring), then by measurement samples as a proxy
 * for size, so the networks people look for most come first.
 */
import type { Evaluation } from "@atalaya/metrics";
import type { Board } from "./board";

export type SearchResult =
  | {
      kind: "asn";
      asn: number;
      name: string | null;
      cc: string;
      organisationId: string | null;
      state: Evaluation["state"];
      share: number | null;
    }
  | {
      kind: "organisation";
      id: string;
      name: string | null;
      cc: string | null;
      asns: number[];
      state: Evaluation["state"];
      share: number | null;
    }
  | { kind: "country"; cc: string; name: string; subRegionName: string };

export interface SearchCountry {
  cc: string;
  name: string;
  subRegionName: string;
}

interface Entry {
  result: SearchResult;
  /** Normalised names to match the query against. */
  names: string[];
  /** Exact keys (AS number, organisation id, economy code), normalised. */
  keys: string[];
  /** Kind order on equal scores: economies, then organisations, then networks. */
  order: number;
  samples: number;
}

/** Lower case, accents removed, runs of spaces and punctuation-spaces collapsed. */
export function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

const index = new WeakMap<Board, Entry[]>();

function boardEntries(board: Board): Entry[] {
  const cached = index.get(board);
  if (cached) return cached;
  const networkName = new Map(board.networks.map((n) => [n.asn, n.name]));
  const entries: Entry[] = [];
  for (const n of board.networks) {
    entries.push({
      result: {
        kind: "asn",
        asn: n.asn,
        name: n.name,
        cc: n.cc,
        organisationId: n.organisationId,
        state: n.state,
        share: n.share,
      },
      names: n.name ? [normalise(n.name)] : [],
      keys: [String(n.asn), `as${n.asn}`],
      order: 2,
      samples: n.samples,
    });
  }
  for (const o of board.providers) {
    // A one-network holder named like its network would only repeat that network's result.
    const only = o.asns.length === 1 ? networkName.get(o.asns[0] as number) : undefined;
    const repeats = o.name !== null && only != null && normalise(only) === normalise(o.name);
    entries.push({
      result: {
        kind: "organisation",
        id: o.id,
        name: o.name,
        cc: o.cc,
        asns: o.asns,
        state: o.state,
        share: o.share,
      },
      names: o.name && !repeats ? [normalise(o.name)] : [],
      keys: [o.id.toLowerCase()],
      order: 1,
      samples: o.samples,
    });
  }
  index.set(board, entries);
  return entries;
}

/**
 * An economy's names in the dashboard's other languages (Intl.DisplayNames, from Node's ICU), so
 * "Brasil", "México" or "Perú" find their countries as well as the English names do.
 */
const DISPLAY_NAMES = ["es", "pt"].map((locale) => new Intl.DisplayNames([locale], { type: "region" }));
function localNames(cc: string): string[] {
  const names = new Set<string>();
  for (const display of DISPLAY_NAMES) {
    const name = display.of(cc);
    if (name && name !== cc) names.add(normalise(name));
  }
  return [...names];
}

/** How well `name` matches the normalised query `q` (0: not at all). */
function nameScore(name: string, q: string, tokens: string[]): number {
  if (name === q) return 90;
  if (name.startsWith(q)) return 75;
  if (name.includes(` ${q}`)) return 68;
  if (q.length >= 2 && name.includes(q)) return 50;
  if (tokens.length > 1 && tokens.every((t) => name.startsWith(t) || name.includes(` ${t}`))) return 40;
  return 0;
}

function score(entry: Entry, q: string, tokens: string[], asn: number | null): number {
  if (entry.keys.includes(q)) return 100;
  let best = 0;
  for (const name of entry.names) best = Math.max(best, nameScore(name, q, tokens));
  // "6449" or "AS6449" while typing: networks whose number starts with those digits.
  if (
    best === 0 &&
    asn !== null &&
    entry.result.kind === "asn" &&
    String(entry.result.asn).startsWith(String(asn))
  )
    best = 30;
  return best;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** True when more entries matched than the limit let through. */
  more: boolean;
}

export function search(board: Board, countries: SearchCountry[], query: string, limit: number): SearchAnswer {
  const q = normalise(query);
  const tokens = q.split(" ").filter(Boolean);
  const asnMatch = /^(?:as)? ?(\d{1,10})$/.exec(q);
  const asn = asnMatch ? Number(asnMatch[1]) : null;
  // An ASN query is also an exact key: "AS 64496" and "64496" both find AS64496.
  const exact = asn !== null ? String(asn) : q;
  const countryEntries: Entry[] = countries.map((c) => ({
    result: { kind: "country", cc: c.cc, name: c.name, subRegionName: c.subRegionName },
    names: [normalise(c.name), ...localNames(c.cc)],
    keys: [c.cc.toLowerCase()],
    order: 0,
    samples: 0,
  }));
  const scored: Array<{ entry: Entry; score: number }> = [];
  for (const entry of [...countryEntries, ...boardEntries(board)]) {
    const s = Math.max(score(entry, q, tokens, asn), entry.keys.includes(exact) ? 100 : 0);
    if (s > 0) scored.push({ entry, score: s });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.entry.order - b.entry.order ||
      b.entry.samples - a.entry.samples ||
      label(a.entry.result).localeCompare(label(b.entry.result)),
  );
  return { results: scored.slice(0, limit).map((s) => s.entry.result), more: scored.length > limit };
}

function label(r: SearchResult): string {
  if (r.kind === "asn") return String(r.asn).padStart(10, "0");
  if (r.kind === "organisation") return r.name ?? r.id;
  return r.name;
}
