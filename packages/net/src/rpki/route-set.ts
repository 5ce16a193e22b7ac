/**
 * The distinct (prefix, origin) pairs of a routing table, handed out in the order `atalaya
 * validate` writes them: the "prefix origin" text compared as plain strings (JavaScript's default
 * order), so any tool that sorts bytes reproduces it ("10.0.0.0/8" < "9.0.0.0/8").
 *
 * A global table holds ~1M IPv4 routes, so they are not kept as text or objects: one was a Set
 * of "prefix origin" strings, a third of `atalaya validate`'s 15 s and most of its 1 GB. Each IPv4
 * route is two 32-bit words (address; length and an origin number) in a typed array. Its text
 * order is then a number: a decimal octet followed by ".", "/" or " " (all below "0") sorts as the
 * text `${octet}.` does, a fixed rank per value 0–255; the length likewise among 0–32; and the
 * origins are ranked once by their text. Rank words packed into 64 bits sort natively
 * (BigUint64Array) and duplicates end up side by side. IPv6 routes (~200k) stay as text, and the
 * two sorted runs are merged by comparing the text of their heads.
 */
import { formatPrefix, ipv4Prefix, prefixOf } from "../prefix";
import { formatOrigin, parseOrigin, type Route, type RouteOrigin } from "./route";

export interface SortedRoute {
  prefix: string;
  origin: string;
  route: Route;
}

/** For each value 0..max, its place among the decimal texts of 0..max sorted as strings; and back. */
function textRanks(max: number): { rankOf: Uint8Array; valueAt: Uint8Array } {
  const values = Array.from({ length: max + 1 }, (_, v) => v).sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  const rankOf = new Uint8Array(max + 1);
  values.forEach((value, rank) => {
    rankOf[value] = rank;
  });
  return { rankOf, valueAt: Uint8Array.from(values) };
}

const OCTET = textRanks(255);
const LENGTH = textRanks(32);
/** Origins get 26 bits beside the length's 6 in one word. */
const ORIGIN_BITS = 26;
const MAX_ORIGINS = 2 ** ORIGIN_BITS;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Ipv4Run {
  /** Sort keys, ascending and distinct: high word the octet ranks, low word length and origin rank. */
  words: Uint32Array;
  count: number;
  /** Origin text and value by rank. */
  originTexts: string[];
  origins: RouteOrigin[];
}

export class RouteSet {
  /** IPv4 routes as added, duplicates included: address, then length << 26 | origin number. */
  #v4 = new Uint32Array(2 * 4096);
  #v4Added = 0;
  /** Origin numbers of the IPv4 routes, by origin text. */
  readonly #originNumbers = new Map<string, number>();
  readonly #originTexts: string[] = [];
  /** IPv6 routes as "prefix origin" text. */
  readonly #v6 = new Set<string>();
  /** The sorted IPv4 run, until the next add. */
  #sorted: Ipv4Run | null = null;

  add(route: Route): void {
    const origin = formatOrigin(route.origin);
    if (route.prefix.family === 6) {
      this.#v6.add(`${formatPrefix(route.prefix)} ${origin}`);
      return;
    }
    let number = this.#originNumbers.get(origin);
    if (number === undefined) {
      number = this.#originTexts.length;
      if (number === MAX_ORIGINS) throw new RangeError(`more than ${MAX_ORIGINS} distinct origins`);
      this.#originNumbers.set(origin, number);
      this.#originTexts.push(origin);
    }
    if (2 * this.#v4Added === this.#v4.length) {
      const bigger = new Uint32Array(this.#v4.length * 2);
      bigger.set(this.#v4);
      this.#v4 = bigger;
    }
    this.#v4[2 * this.#v4Added] = route.prefix.address;
    this.#v4[2 * this.#v4Added + 1] = ((route.prefix.length << ORIGIN_BITS) | number) >>> 0;
    this.#v4Added++;
    this.#sorted = null;
  }

  get size(): number {
    return this.#ipv4Run().count + this.#v6.size;
  }

  #ipv4Run(): Ipv4Run {
    if (this.#sorted) return this.#sorted;
    const byText = this.#originTexts.map((_, number) => number);
    byText.sort((a, b) => {
      const x = this.#originTexts[a] as string;
      const y = this.#originTexts[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rankOfNumber = new Uint32Array(byText.length);
    byText.forEach((number, rank) => {
      rankOfNumber[number] = rank;
    });
    const keys = new BigUint64Array(this.#v4Added);
    const words = new Uint32Array(keys.buffer);
    const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
    const added = this.#v4;
    for (let i = 0; i < this.#v4Added; i++) {
      const address = added[2 * i] as number;
      const second = added[2 * i + 1] as number;
      words[2 * i + high] =
        (((OCTET.rankOf[address >>> 24] as number) << 24) |
          ((OCTET.rankOf[(address >>> 16) & 255] as number) << 16) |
          ((OCTET.rankOf[(address >>> 8) & 255] as number) << 8) |
          (OCTET.rankOf[address & 255] as number)) >>>
        0;
      words[2 * i + low] =
        (((LENGTH.rankOf[second >>> ORIGIN_BITS] as number) << ORIGIN_BITS) |
          (rankOfNumber[second & (MAX_ORIGINS - 1)] as number)) >>>
        0;
    }
    keys.sort();
    // Distinct keys to the front, as (high, low) pairs.
    const out = new Uint32Array(2 * keys.length);
    let count = 0;
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] === keys[i - 1]) continue;
      out[2 * count] = words[2 * i + high] as number;
      out[2 * count + 1] = words[2 * i + low] as number;
      count++;
    }
    const originTexts = byText.map((number) => this.#originTexts[number] as string);
    this.#sorted = { words: out, count, originTexts, origins: originTexts.map(parseOrigin) };
    return this.#sorted;
  }

  /** The IPv4 routes in output order. */
  *#ipv4InOrder(): Generator<SortedRoute> {
    const { words, count, originTexts, origins } = this.#ipv4Run();
    const octet = OCTET.valueAt;
    for (let i = 0; i < count; i++) {
      const ranks = words[2 * i] as number;
      const second = words[2 * i + 1] as number;
      const a = octet[ranks >>> 24] as number;
      const b = octet[(ranks >>> 16) & 255] as number;
      const c = octet[(ranks >>> 8) & 255] as number;
      const d = octet[ranks & 255] as number;
      const length = LENGTH.valueAt[second >>> ORIGIN_BITS] as number;
      const originRank = second & (MAX_ORIGINS - 1);
      yield {
        prefix: `${a}.${b}.${c}.${d}/${length}`,
        origin: originTexts[originRank] as string,
        route: {
          prefix: ipv4Prefix(((a << 24) | (b << 16) | (c << 8) | d) >>> 0, length),
          origin: origins[originRank] as RouteOrigin,
        },
      };
    }
  }

  /** The IPv6 routes in output order. */
  *#ipv6InOrder(): Generator<SortedRoute> {
    const keys = [...this.#v6].sort();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      keys[i] = ""; // the array need not hold what was handed out
      const space = key.indexOf(" ");
      const prefix = key.slice(0, space);
      const origin = key.slice(space + 1);
      yield { prefix, origin, route: { prefix: prefixOf(prefix), origin: parseOrigin(origin) } };
    }
  }

  /** Every distinct route in output order: prefix text, then origin text, as plain strings. */
  *inOrder(): Generator<SortedRoute> {
    const v4 = this.#ipv4InOrder();
    const v6 = this.#ipv6InOrder();
    let a = v4.next();
    let b = v6.next();
    while (!a.done || !b.done) {
      if (
        b.done ||
        (!a.done && `${a.value.prefix} ${a.value.origin}` < `${b.value.prefix} ${b.value.origin}`)
      ) {
        yield a.value as SortedRoute;
        a = v4.next();
      } else {
        yield b.value;
        b = v6.next();
      }
    }
  }

  sorted(): SortedRoute[] {
    return [...this.inOrder()];
  }
}
