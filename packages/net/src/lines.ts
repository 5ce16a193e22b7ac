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

export class LineSplitter {
  #decoder: TextDecoder;
  #pending = "";
  #number = 0;
  endsWithNewline = true;

  constructor(encoding = "utf-8") {
    this.#decoder = new TextDecoder(encoding);
  }

  /** Feeds one chunk, returns the complete lines it finished. */
  push(chunk: Uint8Array): TextLine[] {
    const text = this.#pending + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    this.#pending = parts.pop() ?? "";
    return parts.map((part) => ({ number: ++this.#number, text: stripCr(part) }));
  }

  /** Flushes what is left after the last chunk. */
  end(): TextLine[] {
    const rest = this.#pending + this.#decoder.decode();
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
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, encoding = "utf-8"): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter(encoding);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
