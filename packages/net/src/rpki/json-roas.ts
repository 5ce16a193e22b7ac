/**
 * The "roas" entries of a JSON VRP document, one parsed entry at a time.
 *
 * `JSON.parse` of a whole 800k-entry rpki-client file (73 MB) builds every entry as an object at
 * once, ~250 MB of heap beside the bytes, before the first VRP is read. Here the file's bytes are
 * only scanned for where values begin and end (strings, nesting; every byte JSON gives meaning to
 * is ASCII, so UTF-8 needs no decoding for that); each entry is then decoded and given to
 * `JSON.parse` on its own, so the document never exists as one string and one entry at a time is
 * alive. Each entry is still checked by `JSON.parse`, and the scan checks the framing between
 * them: anything it cannot delimit returns null, and the caller parses the whole document instead,
 * which gives JSON.parse's own error message.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const utf8 = new TextDecoder("utf-8");

function decode(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** Index just past the string whose opening quote is at `i`; -1 when it is not closed. */
function stringEnd(bytes: Uint8Array, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, j);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/** Index just past the value that starts at `i`; -1 when it cannot be delimited. */
function valueEnd(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < bytes.length; j++) {
      const c = bytes[j];
      if (c === QUOTE) {
        const end = stringEnd(bytes, j);
        if (end < 0) return -1;
        j = end - 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < bytes.length) {
    const c = bytes[j];
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    j++;
  }
  return j > i ? j : -1;
}

export interface RoaDocument {
  /** The parsed top-level members other than "roas" (metadata and the like). */
  members: Record<string, unknown>;
  /** Each "roas" entry parsed on its own, in order; throws SyntaxError on an entry JSON refuses. */
  roas: () => Generator<unknown>;
}

/** The document's top-level members and its "roas" array; null when the bytes are not an object with one. */
export function scanRoaDocument(bytes: Uint8Array): RoaDocument | null {
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) return null;
  const members: Record<string, unknown> = {};
  let roas: [number, number] | null = null;
  i = skipSpace(bytes, i + 1);
  if (bytes[i] !== CLOSE_BRACE) {
    for (;;) {
      if (bytes[i] !== QUOTE) return null;
      const keyEnd = stringEnd(bytes, i);
      if (keyEnd < 0) return null;
      const key = JSON.parse(decode(bytes, i, keyEnd)) as string;
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) return null;
      const start = skipSpace(bytes, i + 1);
      const end = valueEnd(bytes, start);
      if (end < 0) return null;
      if (key === "roas" && bytes[start] === OPEN_BRACKET) roas = [start, end];
      else {
        roas = key === "roas" ? null : roas;
        // As JSON.parse does: an own property, also for "__proto__" (which plain assignment
        // would take as the object's prototype).
        Object.defineProperty(members, key, {
          value: JSON.parse(decode(bytes, start, end)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      i = skipSpace(bytes, end);
      const c = bytes[i];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return null;
      i = skipSpace(bytes, i + 1);
    }
  }
  if (skipSpace(bytes, i + 1) !== bytes.length) return null;
  if (roas === null) return null;
  const [arrayStart, arrayEnd] = roas;
  // The framing of the array, checked before any entry is handed out.
  const bounds: number[] = [];
  let at = skipSpace(bytes, arrayStart + 1);
  if (bytes[at] !== CLOSE_BRACKET) {
    for (;;) {
      const end = valueEnd(bytes, at);
      if (end < 0) return null;
      bounds.push(at, end);
      at = skipSpace(bytes, end);
      const c = bytes[at];
      if (c === CLOSE_BRACKET) break;
      if (c !== COMMA) return null;
      at = skipSpace(bytes, at + 1);
    }
  }
  if (at + 1 !== arrayEnd) return null;
  return {
    members,
    roas: function* () {
      for (let k = 0; k < bounds.length; k += 2)
        yield JSON.parse(decode(bytes, bounds[k] as number, bounds[k + 1] as number));
    },
  };
}
