import { printable } from "@atalaya/net";

/** Longest message kept: a refusal is one line a person reads, whatever text it quotes. */
const MAX_MESSAGE_CHARS = 2000;

/**
 * An ingest that was refused: the message names the file or URL and, where known, the line. It
 * quotes input that may be binary, so it is made printable on one line here, once for every
 * caller (the CLI prints it, the run record stores it, the API returns it).
 */
export class IngestError extends Error {
  override name = "IngestError";
  constructor(
    message: string,
    readonly location?: string,
    readonly line?: number,
  ) {
    super(printable(message, MAX_MESSAGE_CHARS));
  }
}
