/**
 * Longest-prefix match of one address against a whole route table, for attributing a beacon
 * test to the network that originates its client's address. Nested ranges (routes, registry
 * blocks) are flattened once into disjoint segments, each labelled with the most specific range
 * covering it; a lookup is then a binary search over sorted segment starts.
 *
 * Why not a trie (packages/net's PrefixIndex): a node per bit makes tens of millions of nodes
 * for a global table of ~1.3M routes, hundreds of MB; the segments of that table are at most
 * twice the ranges, ~20 MB in typed arrays, built in a second.
 *
 * IPv6 keeps the upper 64 bits of an address: routes longer than /64 are not in the global table
 * (filtered by every transit), and a registry block never is, so nothing is lost that would
 * attribute differently.
 */

export interface AddressRange<T> {
  family: 4 | 6;
  /** First address: IPv4 as a number, IPv6 as a bigint (all 128 bits). */
  first: number | bigint;
  /** Last address, inclusive. */
  last: number | bigint;
  value: T;
}

/** Disjoint segments of one family, sorted by start; `values[i]` labels [starts[i], lasts[i]]. */
interface Segments {
  starts: Float64Array | BigUint64Array;
  lasts: Float64Array | BigUint64Array;
  labels: Int32Array;
}

type Key = number | bigint;

const IPV6_KEEP = 64n;
const LOW64 = (1n << 64n) - 1n;

/** An IPv6 address or range end reduced to its upper 64 bits. */
function upper64(address: bigint): bigint {
  return (address >> IPV6_KEEP) & LOW64;
}

export class AddressMap<T> {
  readonly #values: T[];
  readonly #v4: Segments;
  readonly #v6: Segments;

  constructor(ranges: Iterable<AddressRange<T>>) {
    const v4: Array<{ first: number; last: number; index: number }> = [];
    const v6: Array<{ first: bigint; last: bigint; index: number }> = [];
    this.#values = [];
    for (const range of ranges) {
      const index = this.#values.push(range.value) - 1;
      if (range.family === 4) v4.push({ first: Number(range.first), last: Number(range.last), index });
      else v6.push({ first: upper64(BigInt(range.first)), last: upper64(BigInt(range.last)), index });
    }
    this.#v4 = flatten(v4, (n) => new Float64Array(n));
    this.#v6 = flatten(v6, (n) => new BigUint64Array(n));
  }

  /** Segments held (for memory figures). */
  get segments(): number {
    return this.#v4.labels.length + this.#v6.labels.length;
  }

  /** The value of the most specific range covering the address, or undefined. */
  lookup(family: 4 | 6, address: number | bigint): T | undefined {
    const segments = family === 4 ? this.#v4 : this.#v6;
    const key: Key = family === 4 ? Number(address) : upper64(BigInt(address));
    const { starts, lasts, labels } = segments;
    // The last segment starting at or before the address.
    let lo = 0;
    let hi = labels.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as Key) <= key) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || key > (lasts[found] as Key)) return undefined;
    return this.#values[labels[found] as number];
  }
}

/**
 * Nested or disjoint ranges to disjoint labelled segments: ranges sorted by start, the wider
 * first; a stack holds the ranges open at the cursor, its top the most specific. Ranges that
 * overlap without nesting (not CIDR, e.g. two registry records) are cut where the later begins.
 */
function flatten<K extends Key>(
  ranges: Array<{ first: K; last: K; index: number }>,
  make: (n: number) => Float64Array | BigUint64Array,
): Segments {
  ranges.sort((a, b) =>
    a.first !== b.first ? (a.first < b.first ? -1 : 1) : a.last !== b.last ? (a.last > b.last ? -1 : 1) : 0,
  );
  const starts: K[] = [];
  const lasts: K[] = [];
  const labels: number[] = [];
  const emit = (first: K, last: K, index: number) => {
    if (last < first) return;
    const at = labels.length - 1;
    // Adjacent pieces of one range (split around a more specific one that ended) join up again.
    if (at >= 0 && labels[at] === index && next(lasts[at] as K) === first) lasts[at] = last;
    else {
      starts.push(first);
      lasts.push(last);
      labels.push(index);
    }
  };
  const stack: Array<{ first: K; last: K; index: number }> = [];
  let cursor: K | null = null;
  /** Closes every open range that ends before `until` (or all), emitting what each still covers. */
  const closeBefore = (until: K | null) => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { first: K; last: K; index: number };
      if (until !== null && top.last >= until) return;
      if (cursor !== null && cursor <= top.last) emit(cursor, top.last, top.index);
      cursor = next(top.last);
      stack.pop();
    }
  };
  for (const range of ranges) {
    closeBefore(range.first);
    const top = stack[stack.length - 1];
    if (top && cursor !== null && cursor < range.first) emit(cursor, previous(range.first), top.index);
    // A range reaching past its container (overlap, not nesting) is cut to the container's end.
    const last = top && range.last > top.last ? top.last : range.last;
    stack.push({ first: range.first, last, index: range.index });
    cursor = range.first;
  }
  closeBefore(null);
  const n = labels.length;
  const startArray = make(n);
  const lastArray = make(n);
  for (let i = 0; i < n; i++) {
    (startArray as unknown as K[])[i] = starts[i] as K;
    (lastArray as unknown as K[])[i] = lasts[i] as K;
  }
  return { starts: startArray, lasts: lastArray, labels: Int32Array.from(labels) };
}

function next<K extends Key>(value: K): K {
  return (typeof value === "bigint" ? value + 1n : (value as number) + 1) as K;
}

function previous<K extends Key>(value: K): K {
  return (typeof value === "bigint" ? value - 1n : (value as number) - 1) as K;
}
