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
import type { IpPrefix } from "../prefix";
import { PrefixIndex } from "./prefix-index";
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

/** VRPs indexed for validation: one trie walk per route, whatever the number of VRPs. */
export class VrpIndex {
  readonly #index = new PrefixIndex<Vrp>();

  constructor(vrps: Iterable<Vrp> = []) {
    for (const vrp of vrps) this.add(vrp);
  }

  add(vrp: Vrp): void {
    this.#index.add(vrp.prefix, vrp);
  }

  /** Number of VRPs held (the index does not de-duplicate; the parsers do). */
  get size(): number {
    return this.#index.size;
  }

  get nodeCount(): number {
    return this.#index.nodeCount;
  }

  /** Every VRP that covers the prefix, shortest VRP prefix first. */
  covering(prefix: IpPrefix): Vrp[] {
    return this.#index.covering(prefix);
  }

  validate(route: Route): RouteValidity {
    const matched: Vrp[] = [];
    const unmatchedAs: Vrp[] = [];
    const unmatchedLength: Vrp[] = [];
    // An AS_SET origin is RFC 6811's NONE: no VRP can name it.
    const origin = typeof route.origin === "number" ? route.origin : null;
    const length = route.prefix.length;
    this.#index.forEachCovering(route.prefix, (vrp) => {
      if (origin === null || vrp.asn === 0 || vrp.asn !== origin) unmatchedAs.push(vrp);
      else if (length > vrp.maxLength) unmatchedLength.push(vrp);
      else matched.push(vrp);
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
