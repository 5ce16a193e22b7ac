import { csvField as quote } from "@atalaya/net";

/** CSV per RFC 4180 (quoting shared with the validate command); null and undefined are empty. */
export function csvField(value: string | number | null | undefined): string {
  return value === null || value === undefined ? "" : quote(String(value));
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
