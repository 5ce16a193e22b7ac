import { csvField as quote } from "@atalaya/net";

/** CSV per RFC 4180 (quoting shared with the validate command); null and undefined are empty. */
export function csvField(value: string | number | null | undefined): string {
  return value === null || value === undefined ? "" : quote(String(value));
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Bytes gathered before a chunk is sent: big enough to keep writes few, small enough to start early. */
const CHUNK_CHARS = 16 * 1024;

/**
 * A response body written as it is read: text pieces from `pieces`, gathered into chunks of about
 * 16 KiB and pulled only as fast as the client takes them, so a large download never sits in
 * memory whole.
 */
export function streamText(pieces: Iterable<string>): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = "";
      while (chunk.length < CHUNK_CHARS) {
        const next = iterator.next();
        if (next.done) {
          if (chunk !== "") controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      iterator.return?.();
    },
  });
}
