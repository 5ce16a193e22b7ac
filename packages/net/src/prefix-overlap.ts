/**
 * "Does any of these prefixes overlap that one?" for many questions over one large set (every
 * announced route against every registry prefix). Prefixes nest or are disjoint, never partly
 * overlap, so with the set sorted by first address: a prefix [a, b] overlaps the set when some
 * member starts inside [a, b] (it is inside, equal, or starts at a and covers), or when a member
 * starting before a reaches a (then it covers [a, b] whole). The second test is one lookup in a
 * running maximum of last addresses. Build O(n log n), each question O(log n).
 */
import type { IpPrefix } from "./prefix";

/** First and last address of a prefix as bigints (IPv4 and IPv6 kept apart by the caller). */
function range(prefix: IpPrefix): [bigint, bigint] {
  const bits = prefix.family === 4 ? 32 : 128;
  const first = BigInt(prefix.address);
  return [first, first + (1n << BigInt(bits - prefix.length)) - 1n];
}

class FamilyIndex {
  #starts: bigint[] = [];
  #reach: bigint[] = [];

  constructor(prefixes: readonly IpPrefix[]) {
    const ranges = prefixes.map(range).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    let reach = -1n;
    for (const [first, last] of ranges) {
      if (last > reach) reach = last;
      this.#starts.push(first);
      this.#reach.push(reach);
    }
  }

  /** Index of the first member starting at or after `address`. */
  #lowerBound(address: bigint): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#starts[mid] as bigint) < address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(prefix: IpPrefix): boolean {
    const [first, last] = range(prefix);
    const at = this.#lowerBound(first);
    if (at < this.#starts.length && (this.#starts[at] as bigint) <= last) return true;
    return at > 0 && (this.#reach[at - 1] as bigint) >= first;
  }
}

export class PrefixOverlapIndex {
  readonly #v4: FamilyIndex;
  readonly #v6: FamilyIndex;

  constructor(prefixes: Iterable<IpPrefix>) {
    const v4: IpPrefix[] = [];
    const v6: IpPrefix[] = [];
    for (const p of prefixes) (p.family === 4 ? v4 : v6).push(p);
    this.#v4 = new FamilyIndex(v4);
    this.#v6 = new FamilyIndex(v6);
  }

  /** True when a member is `prefix` itself, lies inside it, or covers it. */
  overlaps(prefix: IpPrefix): boolean {
    return (prefix.family === 4 ? this.#v4 : this.#v6).overlaps(prefix);
  }
}
