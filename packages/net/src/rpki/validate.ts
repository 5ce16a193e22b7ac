/**
 * Route origin validation (RFC 6811, with RFC 7607 AS0), as DESIGN.md §4 states it:
 *
 * - a VRP **covers** a route when both are one address family and the route prefix lies inside
 *   the VRP prefix;
 * - it **matches** when it covers, the route's origin equals the VRP's ASN, the route length is
 *   at most maxLength, and the VRP's ASN is not 0;
 * - the route is **valid** if any VRP matches, else **invalid** if any covers, else **not-found**.
 *
 * Like Routinator's validity API, the answer lists the VRPs that matched and sorts every covering
 * VRP that did not match into one of two lists. The split follows the two invalid reasons:
 * `unmatchedLength` holds VRPs that name the route's origin AS (non-zero) but allow a shorter
 * prefix only; `unmatchedAs` holds the rest (another AS, AS0, or any VRP when the origin is an
 * AS_SET). The reason is `length` exactly when some VRP names the origin AS, `as` otherwise.
 *
 * Routinator itself (src/validity.rs) tests the length first, so a VRP for another AS whose
 * maxLength is too short lands in its `unmatched_length`, and its reason is `as` as soon as one
 * VRP for another AS allows the length. Both differ from the rule above only on routes covered
 * by VRPs of several ASes; DESIGN.md is followed here.
 */
import { type IpPrefix, ipv4Prefix, ipv6Prefix } from "../prefix";
import { ipv6Words, PrefixIndex } from "./prefix-index";
import type { Route } from "./route";
import type { Vrp } from "./vrps";

export type ValidationState = "valid" | "invalid" | "not-found";
export type InvalidReason = "as" | "length";

export interface RouteValidity {
  state: ValidationState;
  /** Why an invalid route is invalid; null for valid and not-found routes. */
  reason: InvalidReason | null;
  /** Lists ordered by VRP prefix length, then as the VRPs were added. */
  matched: Vrp[];
  unmatchedAs: Vrp[];
  unmatchedLength: Vrp[];
}

/** Per-VRP columns grow by doubling, like the trie's. */
function grown<A extends Uint8Array | Uint32Array>(array: A, size: number): A {
  const bigger = new (array.constructor as new (size: number) => A)(size);
  bigger.set(array);
  return bigger;
}

/**
 * VRPs indexed for validation: one trie walk per route, whatever the number of VRPs.
 *
 * The VRPs are kept as numbers in typed arrays (ASN, lengths, the prefix's 32-bit words, a trust
 * anchor number) and the trie holds VRP numbers: a global set of 800k as objects took ~130 MB of
 * heap and most of a validation's GC time. A Vrp object is made again only for the VRPs a lookup
 * returns.
 */
export class VrpIndex {
  readonly #index = new PrefixIndex<number>();
  #asn = new Uint32Array(1024);
  #maxLength = new Uint8Array(1024);
  /** Prefix length, plus 128 for IPv6 (an IPv6 length is at most 128, so 255 at most). */
  #lengthAndFamily = new Uint8Array(1024);
  /** The prefix address as four 32-bit words, most significant first (IPv4: the first only). */
  #words = new Uint32Array(4 * 1024);
  #taNumber = new Uint32Array(1024);
  readonly #taNames: Array<string | null> = [];
  readonly #taNumbers = new Map<string | null, number>();
  #count = 0;
  /**
   * Whether a VRP stored on the candidate's trie node has its ASN and max length. One function for
   * every add: a closure per add made building the index for 800k VRPs a quarter slower.
   */
  readonly #sameAsCandidate = (stored: number) =>
    this.#asn[stored] === this.#asn[this.#count] && this.#maxLength[stored] === this.#maxLength[this.#count];

  constructor(vrps: Iterable<Vrp> = []) {
    for (const vrp of vrps) this.add(vrp);
  }

  /**
   * Adds a VRP unless the index holds one with the same (asn, prefix, maxLength) already (found on
   * the prefix's trie node, which holds few); true when added. The trust anchor is not compared:
   * the same VRP from two trust anchors validates alike.
   */
  add(vrp: Vrp): boolean {
    const n = this.#count;
    if (n === this.#asn.length) {
      const size = 2 * n;
      this.#asn = grown(this.#asn, size);
      this.#maxLength = grown(this.#maxLength, size);
      this.#lengthAndFamily = grown(this.#lengthAndFamily, size);
      this.#words = grown(this.#words, 4 * size);
      this.#taNumber = grown(this.#taNumber, size);
    }
    const { prefix } = vrp;
    // The candidate goes into the free slot n first, where #sameAsCandidate compares with it.
    this.#asn[n] = vrp.asn;
    this.#maxLength[n] = vrp.maxLength;
    if (!this.#index.add(prefix, n, this.#sameAsCandidate)) return false;
    let ta = this.#taNumbers.get(vrp.ta);
    if (ta === undefined) {
      ta = this.#taNames.length;
      this.#taNames.push(vrp.ta);
      this.#taNumbers.set(vrp.ta, ta);
    }
    this.#taNumber[n] = ta;
    if (prefix.family === 4) {
      this.#lengthAndFamily[n] = prefix.length;
      this.#words[4 * n] = prefix.address;
    } else {
      this.#lengthAndFamily[n] = 128 + prefix.length;
      this.#words.set(ipv6Words(prefix.address), 4 * n);
    }
    this.#count++;
    return true;
  }

  /** VRP number `n` as an object again. */
  #vrp(n: number): Vrp {
    const lengthAndFamily = this.#lengthAndFamily[n] as number;
    const w = 4 * n;
    const words = this.#words;
    const prefix =
      lengthAndFamily < 128
        ? ipv4Prefix(words[w] as number, lengthAndFamily)
        : ipv6Prefix(
            (BigInt(words[w] as number) << 96n) |
              (BigInt(words[w + 1] as number) << 64n) |
              (BigInt(words[w + 2] as number) << 32n) |
              BigInt(words[w + 3] as number),
            lengthAndFamily - 128,
          );
    return {
      asn: this.#asn[n] as number,
      prefix,
      maxLength: this.#maxLength[n] as number,
      ta: this.#taNames[this.#taNumber[n] as number] as string | null,
    };
  }

  /** Number of distinct VRPs held. */
  get size(): number {
    return this.#count;
  }

  get nodeCount(): number {
    return this.#index.nodeCount;
  }

  /** Every VRP that covers the prefix, shortest VRP prefix first. */
  covering(prefix: IpPrefix): Vrp[] {
    return this.#index.covering(prefix).map((n) => this.#vrp(n));
  }

  validate(route: Route): RouteValidity {
    const matched: Vrp[] = [];
    const unmatchedAs: Vrp[] = [];
    const unmatchedLength: Vrp[] = [];
    // An AS_SET origin is RFC 6811's NONE: no VRP can name it.
    const origin = typeof route.origin === "number" ? route.origin : null;
    const length = route.prefix.length;
    const asns = this.#asn;
    const maxLengths = this.#maxLength;
    this.#index.forEachCovering(route.prefix, (n) => {
      const asn = asns[n] as number;
      if (origin === null || asn === 0 || asn !== origin) unmatchedAs.push(this.#vrp(n));
      else if (length > (maxLengths[n] as number)) unmatchedLength.push(this.#vrp(n));
      else matched.push(this.#vrp(n));
    });
    let state: ValidationState = "not-found";
    let reason: InvalidReason | null = null;
    if (matched.length > 0) state = "valid";
    else if (unmatchedAs.length > 0 || unmatchedLength.length > 0) {
      state = "invalid";
      reason = unmatchedLength.length > 0 ? "length" : "as";
    }
    return { state, reason, matched, unmatchedAs, unmatchedLength };
  }
}
