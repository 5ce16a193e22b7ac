/**
 * Splits a byte stream into text lines without holding the whole input in memory.
 * Accepts LF and CRLF endings. The last line is yielded even without a final newline, and
 * `endsWithNewline` tells the caller whether the input was cut mid-line.
 */
export interface TextLine {
  /** 1-based line number in the input. */
  number: number;
  text: string;
}

/**
 * "bytes" maps every byte to the code unit of the same value (true ISO-8859-1, unlike the WHATWG
 * "latin1" label, which is windows-1252), so a caller can recover a line's exact bytes and decode
 * them itself, e.g. UTF-8 where valid and Latin-1 elsewhere.
 */
export type LineEncoding = "utf-8" | "bytes";

function bytesToString(chunk: Uint8Array): string {
  let out = "";
  for (let i = 0; i < chunk.length; i += 8192) {
    out += String.fromCharCode(...chunk.subarray(i, i + 8192));
  }
  return out;
}

/** A line longer than the splitter was told to accept: the input is not the line format it claims. */
export class LineTooLongError extends Error {
  override name = "LineTooLongError";
  constructor(
    readonly line: number,
    readonly maxBytes: number,
  ) {
    super(`line ${line} is longer than ${maxBytes} bytes`);
  }
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair (4 bytes) counts 2 per half; U+FFFD from invalid input counts as 3.
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit < 0xe000 ? 2 : 3;
  }
  return bytes;
}

export class LineSplitter {
  #decoder: TextDecoder | null;
  #pending = "";
  /** UTF-8 bytes of `#pending` (its own length in bytes mode). */
  #pendingBytes = 0;
  #number = 0;
  readonly #maxLineBytes: number;
  endsWithNewline = true;

  /**
   * `maxLineBytes` bounds memory on input without line breaks (a file of zeros would otherwise
   * become one string as large as the file): a longer line throws LineTooLongError as soon as it
   * is seen, before it is complete.
   */
  constructor(encoding: LineEncoding = "utf-8", maxLineBytes = Number.POSITIVE_INFINITY) {
    this.#decoder = encoding === "bytes" ? null : new TextDecoder("utf-8");
    this.#maxLineBytes = maxLineBytes;
  }

  /** Feeds one chunk, returns the complete lines it finished. */
  push(chunk: Uint8Array): TextLine[] {
    const text = this.#decoder ? this.#decoder.decode(chunk, { stream: true }) : bytesToString(chunk);
    // Only the new text is searched for line breaks: a long unfinished line is never re-scanned,
    // so reading stays linear however long the lines are allowed to be.
    if (!text.includes("\n")) {
      this.#pending += text;
      this.#pendingBytes = this.#check(this.#pendingBytes + this.#bytes(text), this.#number + 1);
      return [];
    }
    const parts = text.split("\n");
    const last = parts.pop() ?? "";
    const lines = parts.map((part, i) => {
      const number = ++this.#number;
      if (i > 0) this.#check(this.#upTo(part), number);
      else this.#check(this.#pendingBytes + this.#bytes(part), number);
      return { number, text: stripCr(i === 0 ? this.#pending + part : part) };
    });
    this.#pending = last;
    this.#pendingBytes = this.#check(this.#bytes(last), this.#number + 1);
    return lines;
  }

  /** Flushes what is left after the last chunk. */
  end(): TextLine[] {
    const tail = this.#decoder ? this.#decoder.decode() : "";
    const rest = this.#pending + tail;
    this.#check(this.#pendingBytes + this.#bytes(tail), this.#number + 1);
    this.#pending = "";
    this.#pendingBytes = 0;
    if (rest.length === 0) {
      this.endsWithNewline = true;
      return [];
    }
    this.endsWithNewline = false;
    return [{ number: ++this.#number, text: stripCr(rest) }];
  }

  /** Exact bytes of `text` as read (a character is 1 to 3 bytes, a surrogate half 2). */
  #bytes(text: string): number {
    if (!this.#decoder || this.#maxLineBytes === Number.POSITIVE_INFINITY) return text.length;
    return utf8Length(text);
  }

  /** Bytes of a whole line, counted only when it could pass the limit (almost never). */
  #upTo(text: string): number {
    return text.length * 3 <= this.#maxLineBytes ? text.length : this.#bytes(text);
  }

  #check(bytes: number, number: number): number {
    if (bytes > this.#maxLineBytes) throw new LineTooLongError(number, this.#maxLineBytes);
    return bytes;
  }
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

/** Convenience wrapper: the lines of an async byte stream. */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  encoding: LineEncoding = "utf-8",
): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter(encoding);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
