/**
 * Lines out of text that arrives in pieces (a decompressed file, or a dump being produced), with
 * their numbers and a cap on their length, so a file without line breaks stops while it streams.
 */
import { lineTooLong, type SourceLimit } from "@atalaya/ingest/files";
import { FormatError } from "./format";

export class LineReader {
  #pieces: AsyncIterator<string | Uint8Array>;
  #decoder = new TextDecoder("utf-8", { fatal: true });
  #lines: string[] = [];
  #at = 0;
  #carry = "";
  #ended = false;
  /** The number of the line last returned (1-based). */
  line = 0;

  constructor(
    pieces: AsyncIterable<string | Uint8Array>,
    private readonly limit: SourceLimit,
  ) {
    this.#pieces = pieces[Symbol.asyncIterator]();
  }

  /** The next line without its newline; null at the end of the input. */
  async next(): Promise<string | null> {
    while (this.#at >= this.#lines.length) if (!(await this.#fill())) return null;
    this.line++;
    return this.#lines[this.#at++] as string;
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const { value, done } = await this.#pieces.next();
    let text: string;
    if (done) {
      this.#ended = true;
      text = this.#decoder.decode();
      if (!this.#carry && !text) return false;
      // A last line without its newline: kept, so the reader sees what was cut.
      this.#lines = [this.#carry + text];
      this.#carry = "";
      this.#at = 0;
      return true;
    }
    try {
      text = typeof value === "string" ? value : this.#decoder.decode(value, { stream: true });
    } catch {
      throw new FormatError(`line ${this.line + 1} is not UTF-8`);
    }
    const lines = (this.#carry + text).split("\n");
    this.#carry = lines.pop() as string;
    // Characters, not bytes: the same for the ASCII that rows almost always are, and never more.
    const max = this.limit.lineBytes ?? Number.POSITIVE_INFINITY;
    const long = lines.findIndex((l) => l.length > max);
    if (long >= 0 || this.#carry.length > max)
      throw lineTooLong(this.line + (long >= 0 ? long : lines.length) + 1, this.limit);
    this.#lines = lines;
    this.#at = 0;
    return true;
  }

  /** Stops reading (the source is told, so a dump being produced rolls back). */
  async close(): Promise<void> {
    await this.#pieces.return?.();
  }
}
