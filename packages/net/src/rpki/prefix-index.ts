/**
 * A map from prefixes to values that answers "which stored prefixes cover this one?" — the one
 * query route origin validation needs. One uncompressed binary trie per family: a node per bit,
 * values hung on the node at their prefix's depth, so a lookup is a single walk from the root
 * down at most `length` bits, collecting values on the way.
 *
 * Nodes live in typed arrays rather than objects: a global VRP set (~800k) makes millions of
 * nodes, and as objects they would cost several times the memory and far more GC time.
 */
import type { IpPrefix } from "../prefix";

const NONE = -1;

/** The four 32-bit words of an IPv6 address, most significant first. */
export function ipv6Words(address: bigint): [number, number, number, number] {
  return [
    Number((address >> 96n) & 0xffffffffn),
    Number((address >> 64n) & 0xffffffffn),
    Number((address >> 32n) & 0xffffffffn),
    Number(address & 0xffffffffn),
  ];
}

function extended(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size).fill(NONE);
  bigger.set(array);
  return bigger;
}

class BitTrie<T> {
  /** Child node for bit 0 and bit 1, by node id; NONE when absent. Node 0 is the root. */
  #zero = new Int32Array(1024).fill(NONE);
  #one = new Int32Array(1024).fill(NONE);
  /** First and last value stored at a node, as indexes into #values; NONE when it holds none. */
  #head = new Int32Array(1024).fill(NONE);
  #tail = new Int32Array(1024).fill(NONE);
  #nodes = 1;
  readonly #values: T[] = [];
  /** Next value at the same node, by value index. */
  #next: number[] = [];

  get nodeCount(): number {
    return this.#nodes;
  }

  #grow(): void {
    const size = this.#zero.length * 2;
    this.#zero = extended(this.#zero, size);
    this.#one = extended(this.#one, size);
    this.#head = extended(this.#head, size);
    this.#tail = extended(this.#tail, size);
  }

  /** Adds the value unless `same` holds for one already stored under the prefix; true when added. */
  add(
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    length: number,
    value: T,
    same?: (stored: T) => boolean,
  ): boolean {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const word = i < 32 ? w0 : i < 64 ? w1 : i < 96 ? w2 : w3;
      const bit = (word >>> (31 - (i & 31))) & 1;
      const children = bit === 0 ? this.#zero : this.#one;
      let child = children[node] as number;
      if (child === NONE) {
        if (this.#nodes === this.#zero.length) this.#grow();
        child = this.#nodes++;
        // #grow may have replaced the arrays: write through the fields, not `children`.
        (bit === 0 ? this.#zero : this.#one)[node] = child;
      }
      node = child;
    }
    if (same)
      for (let v = this.#head[node] as number; v !== NONE; v = this.#next[v] as number)
        if (same(this.#values[v] as T)) return false;
    // Appended at the tail, so values under one prefix come back in the order they were added.
    const index = this.#values.length;
    this.#values.push(value);
    this.#next.push(NONE);
    const last = this.#tail[node] as number;
    if (last === NONE) this.#head[node] = index;
    else this.#next[last] = index;
    this.#tail[node] = index;
    return true;
  }

  /** Calls `visit` for each value whose prefix covers the given bits, shortest prefix first. */
  walk(w0: number, w1: number, w2: number, w3: number, length: number, visit: (value: T) => void): void {
    const zero = this.#zero;
    const one = this.#one;
    const head = this.#head;
    let node = 0;
    for (let i = 0; ; i++) {
      for (let v = head[node] as number; v !== NONE; v = this.#next[v] as number) visit(this.#values[v] as T);
      if (i === length) return;
      const word = i < 32 ? w0 : i < 64 ? w1 : i < 96 ? w2 : w3;
      node = (((word >>> (31 - (i & 31))) & 1) === 0 ? zero[node] : one[node]) as number;
      if (node === NONE) return;
    }
  }
}

export class PrefixIndex<T> {
  readonly #v4 = new BitTrie<T>();
  readonly #v6 = new BitTrie<T>();
  #size = 0;

  /** Number of values stored (a prefix stored twice counts twice). */
  get size(): number {
    return this.#size;
  }

  /** Trie nodes in use, for sizing and benchmarks. */
  get nodeCount(): number {
    return this.#v4.nodeCount + this.#v6.nodeCount;
  }

  /**
   * Stores the value under the prefix; with `same`, only if no value stored under that very prefix
   * is the same by it. True when stored.
   */
  add(prefix: IpPrefix, value: T, same?: (stored: T) => boolean): boolean {
    let added: boolean;
    if (prefix.family === 4) added = this.#v4.add(prefix.address, 0, 0, 0, prefix.length, value, same);
    else {
      const [w0, w1, w2, w3] = ipv6Words(prefix.address);
      added = this.#v6.add(w0, w1, w2, w3, prefix.length, value, same);
    }
    if (added) this.#size++;
    return added;
  }

  /**
   * Visits the value of every stored prefix that covers `prefix` (the prefix itself included),
   * shortest first; values stored under one prefix come in the order they were added.
   */
  forEachCovering(prefix: IpPrefix, visit: (value: T) => void): void {
    if (prefix.family === 4) this.#v4.walk(prefix.address, 0, 0, 0, prefix.length, visit);
    else {
      const [w0, w1, w2, w3] = ipv6Words(prefix.address);
      this.#v6.walk(w0, w1, w2, w3, prefix.length, visit);
    }
  }

  covering(prefix: IpPrefix): T[] {
    const out: T[] = [];
    this.forEachCovering(prefix, (value) => out.push(value));
    return out;
  }
}
