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

export class LineSplitter {
  #decoder: TextDecoder | null;
  #pending = "";
  #number = 0;
  endsWithNewline = true;

  constructor(encoding: LineEncoding = "utf-8") {
    this.#decoder = encoding === "bytes" ? null : new TextDecoder("utf-8");
  }

  /** Feeds one chunk, returns the complete lines it finished. */
  push(chunk: Uint8Array): TextLine[] {
    const text =
      this.#pending + (this.#decoder ? this.#decoder.decode(chunk, { stream: true }) : bytesToString(chunk));
    const parts = text.split("\n");
    this.#pending = parts.pop() ?? "";
    return parts.map((part) => ({ number: ++this.#number, text: stripCr(part) }));
  }

  /** Flushes what is left after the last chunk. */
  end(): TextLine[] {
    const rest = this.#pending + (this.#decoder ? this.#decoder.decode() : "");
    this.#pending = "";
    if (rest.length === 0) {
      this.endsWithNewline = true;
      return [];
    }
    this.endsWithNewline = false;
    return [{ number: ++this.#number, text: stripCr(rest) }];
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
