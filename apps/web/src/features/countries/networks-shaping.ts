/**
 * The country page's networks table: sorting (missing values always last, whatever the
 * direction), pages of a fixed size, and ROA coverage from route counts.
 */
import type { CountryNetwork } from "./api/get-country-networks";

export type NetworkSortKey = "asn" | "name" | "state" | "share" | "samples" | "users" | "roa";
export interface NetworkSort {
  key: NetworkSortKey;
  descending: boolean;
}

/** Share of a network's announced routes some ROA covers (valid or invalid); null without routes. */
export function roaCoverage(roa: CountryNetwork["roa"]): number | null {
  return roa.announced === 0 ? null : (roa.valid + roa.invalid) / roa.announced;
}

const STATE_ORDER = { eligible: 0, borderline: 1, below: 2, "insufficient-data": 3 } as const;

function value(n: CountryNetwork, key: NetworkSortKey): number | string | null {
  switch (key) {
    case "asn":
      return n.asn;
    case "name":
      return n.name;
    case "state":
      return STATE_ORDER[n.state];
    case "share":
      return n.share;
    case "samples":
      return n.samples;
    case "users":
      return n.users;
    case "roa":
      return roaCoverage(n.roa);
  }
}

export function sortNetworks(rows: readonly CountryNetwork[], sort: NetworkSort): CountryNetwork[] {
  return [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === null || y === null) return x === y ? a.asn - b.asn : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return (sort.descending ? -order : order) || a.asn - b.asn;
  });
}

export interface Page<T> {
  rows: T[];
  /** Zero-based page shown, clamped to the pages there are. */
  page: number;
  pages: number;
  total: number;
  /** One-based positions of the first and last rows shown (0 and 0 when empty). */
  first: number;
  last: number;
}

export function paginate<T>(rows: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  const slice = rows.slice(current * size, (current + 1) * size);
  return {
    rows: slice,
    page: current,
    pages,
    total: rows.length,
    first: slice.length === 0 ? 0 : current * size + 1,
    last: current * size + slice.length,
  };
}
