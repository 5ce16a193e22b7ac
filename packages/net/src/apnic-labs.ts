/**
 * Parser for APNIC Labs' IPv6 measurement JSON (`v6economyas/<CC>/AS<n>.json`, `v6as/AS<n>.json`;
 * DESIGN.md §3): `{copyright, description, docs, data: [{date, as, cc, type, raw: {seen, capable,
 * capable_pc, preferred, preferred_pc}, "10": {…}, "30": {…}, …}]}`. Only the daily raw counts are
 * kept: Atalaya pools its own windows from counts, and the pre-smoothed percentages cannot be pooled.
 * Pure: takes the file's text, returns rows and per-entry rejections with their JSON path.
 */
export interface ApnicDay {
  date: string;
  asn: number;
  cc: string;
  /** Measurements (samples). */
  seen: number;
  /** Of those, able to fetch over IPv6 only. */
  capable: number;
  /** Of those, that used IPv6 when offered both. */
  preferred: number;
}

export interface ApnicReject {
  /** JSON path of the offending entry, e.g. `data[12].raw.seen`. */
  path: string;
  reason: string;
}

export interface ApnicParse {
  days: ApnicDay[];
  rejects: ApnicReject[];
  /** A reason the whole file is unusable (not JSON, no data array), else null. */
  fatal: string | null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` or `YYYYMMDD` to ISO, checked arithmetically (a file has thousands of dates). */
function isoDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  // Postgres has no year 0: a file naming it would fail at the database, not as a bad entry.
  return year >= 1 && month >= 1 && day >= 1 && day <= max ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 4294967295) return value;
  if (typeof value === "string" && /^(AS)?\d+$/i.test(value))
    return asNumber(Number(value.replace(/^AS/i, "")));
  return null;
}

function count(value: unknown): number | null {
  // Counts arrive as JSON numbers, occasionally as numeric strings.
  const n = typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/**
 * Parses one file. `expected` is the (ASN, economy) the file was fetched for: entries for another
 * network are rejected rather than silently filed under the wrong one.
 */
export function parseApnicLabs(text: string, expected: { asn: number; cc?: string | undefined }): ApnicParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { days: [], rejects: [], fatal: `not JSON: ${(error as Error).message}` };
  }
  const data = (doc as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return { days: [], rejects: [], fatal: 'no "data" array' };
  const days: ApnicDay[] = [];
  const rejects: ApnicReject[] = [];
  const seenDates = new Set<string>();
  for (const [i, entry] of data.entries()) {
    const result = parseEntry(entry, `data[${i}]`, expected);
    if ("reason" in result) rejects.push(result);
    else if (seenDates.has(result.date))
      rejects.push({ path: `data[${i}].date`, reason: `${result.date} listed twice` });
    else {
      seenDates.add(result.date);
      days.push(result);
    }
  }
  return { days, rejects, fatal: null };
}

function parseEntry(
  entry: unknown,
  path: string,
  expected: { asn: number; cc?: string | undefined },
): ApnicDay | ApnicReject {
  const e = entry as Record<string, unknown> | null;
  if (typeof e !== "object" || e === null) return { path, reason: "entry is not an object" };
  const date = isoDate(e.date);
  if (!date) return { path: `${path}.date`, reason: `"${String(e.date)}" is not a date` };
  const asn = e.as === undefined ? expected.asn : asNumber(e.as);
  if (asn === null) return { path: `${path}.as`, reason: `"${String(e.as)}" is not an AS number` };
  if (asn !== expected.asn)
    return { path: `${path}.as`, reason: `AS${asn} in the file of AS${expected.asn}` };
  const cc = typeof e.cc === "string" ? e.cc.toUpperCase() : (expected.cc ?? null);
  if (!cc || !/^[A-Z]{2}$/.test(cc))
    return { path: `${path}.cc`, reason: `"${String(e.cc)}" is not a country code` };
  if (expected.cc && cc !== expected.cc)
    return { path: `${path}.cc`, reason: `economy ${cc} in the file of ${expected.cc}` };
  const raw = e.raw as Record<string, unknown> | undefined;
  if (typeof raw !== "object" || raw === null) return { path: `${path}.raw`, reason: "missing raw counts" };
  const counts = { seen: count(raw.seen), capable: count(raw.capable), preferred: count(raw.preferred) };
  for (const [name, v] of Object.entries(counts)) {
    if (v === null) return { path: `${path}.raw.${name}`, reason: `"${String(raw[name])}" is not a count` };
  }
  const { seen, capable, preferred } = counts as { seen: number; capable: number; preferred: number };
  if (capable > seen || preferred > seen)
    return { path: `${path}.raw`, reason: `more IPv6 results than samples (seen ${seen})` };
  return { date, asn, cc, seen, capable, preferred };
}

/**
 * What `apnicLines` returns: the accepted days as tab-separated lines, ready to append to a bulk
 * load, plus the same rejections and fatal reason `parseApnicLabs` gives.
 */
export interface ApnicLines {
  /** One line per accepted day: `asn \t cc \t date \t seen \t capable \t preferred` + the suffix. */
  text: string;
  days: number;
  /** The latest accepted date, or null when none was accepted. */
  lastDate: string | null;
  rejects: ApnicReject[];
  fatal: string | null;
}

/**
 * Parses one file's bytes (UTF-8) straight into lines, with the result `parseApnicLabs` gives on
 * the decoded text. Files in the shape APNIC publishes (dates ascending as `YYYY-MM-DD`, integer
 * counts, nothing rejected) take a fast path that reads the bytes once, validating the whole
 * document as JSON but keeping only the date, AS, economy and raw counts of each entry, without
 * building objects or strings per day; any other file, malformed ones included, is decoded and
 * judged by `parseApnicLabs`, so errors and rejections read exactly as they always did.
 * `suffix` ends every line (e.g. the remaining columns and `\n`) and must be ASCII.
 */
export function apnicLines(
  body: Uint8Array,
  expected: { asn: number; cc?: string | undefined },
  suffix: string,
): ApnicLines {
  const fast = apnicLinesFast(body, expected, suffix);
  if (fast) return fast;
  const parsed = parseApnicLabs(utf8.decode(body), expected);
  let text = "";
  let lastDate: string | null = null;
  for (const d of parsed.days) {
    text += `${d.asn}\t${d.cc}\t${d.date}\t${d.seen}\t${d.capable}\t${d.preferred}${suffix}`;
    if (lastDate === null || d.date > lastDate) lastDate = d.date;
  }
  return { text, days: parsed.days.length, lastDate, rejects: parsed.rejects, fatal: parsed.fatal };
}

// What `response.text()` and `readFile(…, "utf8")` hand over: invalid bytes become U+FFFD, and a
// byte-order mark is left for JSON.parse to refuse (HTTP bodies arrive with it already removed).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Thrown inside the fast path when a file leaves the common shape. */
const LEAVE = new Error("not in the common shape");

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const KEY_DATA = ascii("data");
const KEY_DATE = ascii("date");
const KEY_RAW = ascii("raw");
const KEY_SEEN = ascii("seen");
const KEY_CAPABLE = ascii("capable");
const KEY_PREFERRED = ascii("preferred");

// Reused between calls (parsing is synchronous); the returned text is a copy.
let scratch = new Uint8Array(1 << 16);

/**
 * The fast path of `apnicLines` alone: its result, or null when the file leaves the common shape
 * (exported so tests can check that it is taken, and that it agrees with the general path).
 */
export function apnicLinesFast(
  body: Uint8Array,
  expected: { asn: number; cc?: string | undefined },
  suffix: string,
): ApnicLines | null {
  const cc = expected.cc ? ascii(expected.cc) : null;
  if (cc && (cc.length !== 2 || !isUpper(cc[0]) || !isUpper(cc[1]))) return null;
  const scan = new Scanner(body, expected.asn, cc, ascii(suffix));
  try {
    scan.document();
  } catch {
    return null; // LEAVE, or a stack overflow on absurd nesting: the general path decides
  }
  return {
    text: Buffer.from(scan.out.buffer, 0, scan.o).toString("latin1"),
    days: scan.days,
    lastDate:
      scan.days > 0
        ? Buffer.from(body.buffer, body.byteOffset + scan.lastDateAt, 10).toString("latin1")
        : null,
    rejects: [],
    fatal: null,
  };
}

/** The value of `count` digits at `at` (already checked to be digits). */
function digits(b: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + (b[at + k] as number) - 0x30;
  return value;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isUpper = (c: number | undefined) => c !== undefined && c >= 0x41 && c <= 0x5a;
const isHex = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

/**
 * A strict JSON reader over bytes for the fast path: every value is checked against the JSON
 * grammar (so whatever JSON.parse refuses leaves the fast path), the fields Atalaya keeps are
 * read in place, and anything `parseApnicLabs` would reject or read differently throws LEAVE.
 */
class Scanner {
  i = 0;
  /** Output: lines written so far. */
  out = scratch;
  o = 0;
  days = 0;
  lastDateAt = 0;
  /** Start and end of the digits of the last plain number read. */
  numStart = 0;
  numEnd = 0;
  private lastDate = -1;
  private readonly asnDigits: Uint8Array;

  constructor(
    private readonly b: Uint8Array,
    private readonly asn: number,
    private readonly cc: Uint8Array | null,
    private readonly suffix: Uint8Array,
  ) {
    this.asnDigits = ascii(String(asn));
  }

  /** Skips whitespace; returns the byte there, or -1 at the end. */
  private peek(): number {
    const b = this.b;
    const n = b.length;
    let i = this.i;
    while (i < n) {
      const c = b[i] as number;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        this.i = i;
        return c;
      }
      i++;
    }
    this.i = i;
    return -1;
  }

  private eat(c: number): void {
    if (this.peek() !== c) throw LEAVE;
    this.i++;
  }

  /** After a member or element: true at the closing byte `close`, false after a comma. */
  private next(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === close) return true;
    if (c !== 0x2c) throw LEAVE;
    return false;
  }

  /**
   * Reads the string at `i` (its opening quote) and moves past it; returns the end of its
   * content, or -1 when it holds escapes.
   */
  private string(): number {
    const b = this.b;
    const n = b.length;
    let i = this.i + 1;
    let plain = true;
    for (;;) {
      if (i >= n) throw LEAVE;
      const c = b[i] as number;
      if (c === 0x22) break;
      if (c < 0x20) throw LEAVE;
      if (c === 0x5c) {
        plain = false;
        const e = b[i + 1];
        if (e === 0x75) {
          if (!isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4]) || !isHex(b[i + 5])) throw LEAVE;
          i += 6;
        } else if (
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        )
          i += 2;
        else throw LEAVE;
      } else i++;
    }
    this.i = i + 1;
    return plain ? i : -1;
  }

  /** A member's key, which must be plain; returns the start of its content (`i` is past the colon). */
  private key(): number {
    if (this.peek() !== 0x22) throw LEAVE;
    const start = this.i + 1;
    if (this.string() < 0) throw LEAVE;
    this.eat(0x3a);
    return start;
  }

  private is(start: number, word: Uint8Array): boolean {
    const b = this.b;
    if (b[start + word.length] !== 0x22) return false;
    for (let k = 0; k < word.length; k++) if (b[start + k] !== word[k]) return false;
    return true;
  }

  /**
   * Reads the number at `i` and moves past it; returns its value when it is a plain integer of at
   * most 15 digits (its digits at numStart..numEnd), else -1.
   */
  private number(): number {
    const b = this.b;
    let i = this.i;
    let plain = true;
    if (b[i] === 0x2d) {
      plain = false;
      i++;
    }
    const start = i;
    let value = 0;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) {
      while (isDigit(b[i])) {
        value = value * 10 + ((b[i] as number) - 0x30);
        i++;
      }
    } else throw LEAVE;
    const end = i;
    if (b[i] === 0x2e) {
      plain = false;
      i++;
      if (!isDigit(b[i])) throw LEAVE;
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      plain = false;
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw LEAVE;
      while (isDigit(b[i])) i++;
    }
    this.i = i;
    if (!plain || end - start > 15) return -1;
    this.numStart = start;
    this.numEnd = end;
    return value;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word.charCodeAt(k)) throw LEAVE;
    this.i += word.length;
  }

  /** Skips any JSON value, checking its grammar. */
  private skip(depth: number): void {
    if (depth > 256) throw LEAVE;
    const c = this.peek();
    if (c === 0x22) this.string();
    else if (c === 0x7b) {
      this.i++;
      if (this.peek() === 0x7d) this.i++;
      else
        do {
          this.key();
          this.skip(depth + 1);
        } while (!this.next(0x7d));
    } else if (c === 0x5b) {
      this.i++;
      if (this.peek() === 0x5d) this.i++;
      else
        do this.skip(depth + 1);
        while (!this.next(0x5d));
    } else if (c === 0x2d || isDigit(c)) this.number();
    else if (c === 0x74) this.literal("true");
    else if (c === 0x66) this.literal("false");
    else if (c === 0x6e) this.literal("null");
    else throw LEAVE;
  }

  /** The whole document: an object with one `data` array, then nothing but whitespace. */
  document(): void {
    this.eat(0x7b);
    let data = false;
    if (this.peek() === 0x7d) throw LEAVE;
    do {
      const start = this.key();
      if (this.is(start, KEY_DATA)) {
        if (data) throw LEAVE;
        data = true;
        this.eat(0x5b);
        if (this.peek() === 0x5d) this.i++;
        else
          do {
            if (this.peek() !== 0x7b) throw LEAVE;
            this.entry();
          } while (!this.next(0x5d));
      } else this.skip(0);
    } while (!this.next(0x7d));
    if (!data || this.peek() !== -1) throw LEAVE;
  }

  /** A plain non-negative integer of at most 15 digits, or LEAVE. */
  private count(): number {
    const c = this.peek();
    if (c !== 0x2d && !isDigit(c)) throw LEAVE;
    const value = this.number();
    if (value < 0) throw LEAVE;
    return value;
  }

  /** One entry of `data`, written out as a line. */
  private entry(): void {
    const b = this.b;
    this.i++; // the opening brace
    let dateAt = -1;
    let date = 0;
    let ccAt = -1;
    let asSeen = false;
    let raw = false;
    let seen = -1;
    let seenAt = 0;
    let seenEnd = 0;
    let capable = -1;
    let capableAt = 0;
    let capableEnd = 0;
    let preferred = -1;
    let preferredAt = 0;
    let preferredEnd = 0;
    if (this.peek() === 0x7d) throw LEAVE;
    do {
      const start = this.key();
      if (this.is(start, KEY_DATE)) {
        if (dateAt >= 0 || this.peek() !== 0x22) throw LEAVE;
        dateAt = this.i + 1;
        if (this.string() !== dateAt + 10) throw LEAVE;
        date = this.isoDate(dateAt);
      } else if (b[start] === 0x61 && b[start + 1] === 0x73 && b[start + 2] === 0x22) {
        // "as": the file's own network, as a plain number (other spellings take the general path)
        if (asSeen) throw LEAVE;
        asSeen = true;
        const value = this.count();
        if (value !== this.asn || value > 4294967295) throw LEAVE;
      } else if (b[start] === 0x63 && b[start + 1] === 0x63 && b[start + 2] === 0x22) {
        // "cc": two capitals, the expected economy when one is given
        if (ccAt >= 0 || this.peek() !== 0x22) throw LEAVE;
        ccAt = this.i + 1;
        if (this.string() !== ccAt + 2 || !isUpper(b[ccAt]) || !isUpper(b[ccAt + 1])) throw LEAVE;
        if (this.cc && (b[ccAt] !== this.cc[0] || b[ccAt + 1] !== this.cc[1])) throw LEAVE;
      } else if (this.is(start, KEY_RAW)) {
        if (raw) throw LEAVE;
        raw = true;
        this.eat(0x7b);
        if (this.peek() === 0x7d) throw LEAVE;
        do {
          const k = this.key();
          if (this.is(k, KEY_SEEN)) {
            if (seen >= 0) throw LEAVE;
            seen = this.count();
            seenAt = this.numStart;
            seenEnd = this.numEnd;
          } else if (this.is(k, KEY_CAPABLE)) {
            if (capable >= 0) throw LEAVE;
            capable = this.count();
            capableAt = this.numStart;
            capableEnd = this.numEnd;
          } else if (this.is(k, KEY_PREFERRED)) {
            if (preferred >= 0) throw LEAVE;
            preferred = this.count();
            preferredAt = this.numStart;
            preferredEnd = this.numEnd;
          } else this.skip(1);
        } while (!this.next(0x7d));
      } else this.skip(1);
    } while (!this.next(0x7d));
    if (dateAt < 0 || seen < 0 || capable < 0 || preferred < 0) throw LEAVE;
    if (capable > seen || preferred > seen) throw LEAVE;
    if (ccAt < 0 && !this.cc) throw LEAVE;
    // Ascending dates cannot repeat; a file in another order takes the general path.
    if (date <= this.lastDate) throw LEAVE;
    this.lastDate = date;
    this.lastDateAt = dateAt;
    this.write(dateAt, ccAt, seenAt, seenEnd, capableAt, capableEnd, preferredAt, preferredEnd);
    this.days++;
  }

  /** `YYYY-MM-DD` at `at`, as the number YYYYMMDD when it is a calendar date, else LEAVE. */
  private isoDate(at: number): number {
    const b = this.b;
    for (let k = 0; k < 10; k++) if (k !== 4 && k !== 7 && !isDigit(b[at + k])) throw LEAVE;
    if (b[at + 4] !== 0x2d || b[at + 7] !== 0x2d) throw LEAVE;
    const year = digits(b, at, 4);
    const month = digits(b, at + 5, 2);
    const day = digits(b, at + 8, 2);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
    // Year 0 as the general path judges it (a reject: Postgres has no year 0).
    if (year < 1 || month < 1 || day < 1 || day > max) throw LEAVE;
    return year * 10000 + month * 100 + day;
  }

  private write(
    dateAt: number,
    ccAt: number,
    seenAt: number,
    seenEnd: number,
    capableAt: number,
    capableEnd: number,
    preferredAt: number,
    preferredEnd: number,
  ): void {
    const longest = 10 + 1 + 2 + 1 + 10 + 3 * 16 + this.suffix.length;
    if (this.o + longest > this.out.length) {
      const grown = new Uint8Array(this.out.length * 2);
      grown.set(this.out.subarray(0, this.o));
      this.out = grown;
      scratch = grown;
    }
    const b = this.b;
    const out = this.out;
    let o = this.o;
    out.set(this.asnDigits, o);
    o += this.asnDigits.length;
    out[o++] = 0x09;
    if (ccAt >= 0) {
      out[o++] = b[ccAt] as number;
      out[o++] = b[ccAt + 1] as number;
    } else {
      out[o++] = (this.cc as Uint8Array)[0] as number;
      out[o++] = (this.cc as Uint8Array)[1] as number;
    }
    out[o++] = 0x09;
    for (let k = 0; k < 10; k++) out[o++] = b[dateAt + k] as number;
    out[o++] = 0x09;
    for (let k = seenAt; k < seenEnd; k++) out[o++] = b[k] as number;
    out[o++] = 0x09;
    for (let k = capableAt; k < capableEnd; k++) out[o++] = b[k] as number;
    out[o++] = 0x09;
    for (let k = preferredAt; k < preferredEnd; k++) out[o++] = b[k] as number;
    out.set(this.suffix, o);
    o += this.suffix.length;
    this.o = o;
  }
}
