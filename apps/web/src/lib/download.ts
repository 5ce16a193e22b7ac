/**
 * The numbers behind a chart as a file: CSV (RFC 4180, CRLF lines, quoted where needed) or
 * JSON, built in the browser from the rows on screen, so every chart's data is one click away.
 */
export type Cell = string | number | boolean | null | undefined;

function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** Saves text as a file through a temporary object URL (no server round trip). */
export function downloadFile(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Chromium reads the blob after the click's task; revoking at once can cancel the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
