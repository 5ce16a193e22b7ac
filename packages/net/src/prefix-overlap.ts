/**
 * "Which of these few prefixes does anything in that stream overlap?": every allocated or
 * assigned registry prefix (~15k in LACNIC's file) against every announced route (1.8M), read a
 * page at a time so the routes never sit in memory together.
 *
 * Prefixes nest or are disjoint, never partly overlap. So a route R overlaps a target T when T
 * covers R (T is found by one walk down a trie of the targets), or when T starts inside R's
 * address range (then T lies inside R, or is R). The targets are sorted by first address; the
 * ones starting inside R form one run of that order, found by two binary searches and recorded
 * as +1 at its start and -1 past its end, so a route covering thousands of targets costs no more
 * than one covering none. A running sum over the order at the end marks each target so counted.
 */
import type { IpPrefix } from "./prefix";
import { PrefixIndex } from "./rpki/prefix-index";

/** First and last address of a prefix as bigints (IPv4 and IPv6 kept apart by the caller). */
function range(prefix: IpPrefix): [bigint, bigint] {
  const bits = prefix.family === 4 ? 32 : 128;
  const first = BigInt(prefix.address);
  return [first, first + (1n << BigInt(bits - prefix.length)) - 1n];
}

class FamilyMarks {
  /** Target numbers (their place in the caller's list), by first address. */
  readonly #order: number[];
  /** The first address of each target in that order. */
  readonly #starts: bigint[];
  /** +1 where a run of targets inside some route starts, -1 past where it ends, in that order. */
  readonly #runs: Int32Array;

  constructor(targets: ReadonlyArray<{ prefix: IpPrefix; n: number }>) {
    const sorted = targets
      .map(({ prefix, n }) => ({ n, first: range(prefix)[0] }))
      .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : x.n - y.n));
    this.#order = sorted.map((t) => t.n);
    this.#starts = sorted.map((t) => t.first);
    this.#runs = new Int32Array(sorted.length + 1);
  }

  /** Place of the first target starting at or after `address`. */
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

  add(prefix: IpPrefix): void {
    const [first, last] = range(prefix);
    const from = this.#lowerBound(first);
    const to = this.#lowerBound(last + 1n);
    if (from < to) {
      (this.#runs[from] as number)++;
      (this.#runs[to] as number)--;
    }
  }

  markInto(marked: Uint8Array): void {
    let open = 0;
    for (let i = 0; i < this.#order.length; i++) {
      open += this.#runs[i] as number;
      if (open > 0) marked[this.#order[i] as number] = 1;
    }
  }
}

export class OverlapMarks {
  readonly #covering = new PrefixIndex<number>();
  readonly #v4: FamilyMarks;
  readonly #v6: FamilyMarks;
  /** Targets found covering an added prefix. */
  readonly #covered: Uint8Array;

  constructor(targets: readonly IpPrefix[]) {
    const v4: Array<{ prefix: IpPrefix; n: number }> = [];
    const v6: Array<{ prefix: IpPrefix; n: number }> = [];
    targets.forEach((prefix, n) => {
      (prefix.family === 4 ? v4 : v6).push({ prefix, n });
      this.#covering.add(prefix, n);
    });
    this.#v4 = new FamilyMarks(v4);
    this.#v6 = new FamilyMarks(v6);
    this.#covered = new Uint8Array(targets.length);
  }

  /** Records a prefix of the stream. */
  add(prefix: IpPrefix): void {
    this.#covering.forEachCovering(prefix, (n) => {
      this.#covered[n] = 1;
    });
    (prefix.family === 4 ? this.#v4 : this.#v6).add(prefix);
  }

  /** Per target, in the order given: whether some prefix added is it, lies inside it, or covers it. */
  overlapped(): boolean[] {
    const marked = Uint8Array.from(this.#covered);
    this.#v4.markInto(marked);
    this.#v6.markInto(marked);
    return Array.from(marked, (m) => m === 1);
  }
}
