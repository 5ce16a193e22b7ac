/** An ingest that was refused: the message names the file or URL and, where known, the line. */
export class IngestError extends Error {
  override name = "IngestError";
  constructor(
    message: string,
    readonly location?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
