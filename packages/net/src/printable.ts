/**
 * Text from broken or hostile input (random bytes, a NUL in a JSON string) made safe to store in a
 * Postgres text column and to print on one terminal line. Postgres refuses NUL in text and lone
 * UTF-16 surrogates cannot be encoded as UTF-8; control characters would break a one-line message
 * or drive the terminal that prints it. Meant for diagnostics (rejected lines, error messages),
 * not for data: a backslash in the input is kept as it is, so the escaping is not reversible.
 */

const LONE_SURROGATE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
// C0 controls but tab, DEL, C1 controls (a terminal may act on them), and lone surrogates.
const UNPRINTABLE = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f]|${LONE_SURROGATE}`, "g");
// Control characters, U+FFFD (what a decoder puts where bytes were not UTF-8) and lone surrogates.
const NOT_TEXT = new RegExp(`[\\u0000-\\u001f\\u007f\\ufffd]|${LONE_SURROGATE}`);

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}

/**
 * `text` with control characters and lone surrogates written as `\xNN` / `\uNNNN`, cut to at most
 * `maxChars` characters of the input (the cut says how much was left out).
 */
export function printable(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const cut = text.length > maxChars;
  // Never cut a surrogate pair in two: the half left would be escaped as garbage.
  let end = cut ? maxChars : text.length;
  if (cut && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end--;
  const kept = text.slice(0, end).replace(UNPRINTABLE, escaped);
  return cut ? `${kept}… (${text.length - end} more characters)` : kept;
}

/**
 * Whether a field of a text format holds only text: no control characters, nothing that was not
 * UTF-8, no lone surrogates. Parsers reject fields that fail it rather than store them: a NUL
 * cannot go into Postgres text, and the rest means the bytes were never text.
 */
export function isPlainText(text: string): boolean {
  return !NOT_TEXT.test(text);
}
