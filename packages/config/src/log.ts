/**
 * Structured log lines on stderr, in one of two formats (ATALAYA_LOG_FORMAT):
 * - text (default): `2026-11-26T08:00:00.000Z info message key=value …`, values quoted when they
 *   contain spaces;
 * - json: one object per line, `{"time":…,"level":…,"msg":…,"key":value,…}`, for log collectors.
 *
 * Callers never log secrets: nothing logs request bodies, cookies or query strings. As a second
 * line of defence, a field whose name says it holds a secret (password, token, secret, cookie,
 * authorization, API key, credential, CSRF) is written as "[redacted]" whatever its value, and a
 * password inside a URL (`postgres://user:pw@host`) is masked wherever it appears in a line.
 *
 * Logged text often comes from outside (request paths, upstream files, error messages quoting
 * them), so control characters are escaped everywhere in a line: a raw NUL, newline or escape
 * sequence would otherwise forge log lines or drive the terminal that reads them.
 */
import { output } from "./output";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

// C0 and C1 controls and DEL, line and paragraph separators, format characters (bidirectional
// overrides that reorder what a reader sees) and lone surrogates.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "gu");
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) as number;
  const hex = code.toString(16);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${hex.padStart(2, "0")}` : `\\u${hex.padStart(4, "0")}`);
}

/** `text` with every unsafe character written as an escape (`\x00`, `\n`, `\u202e`). */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE_ALL, escapeChar);
}

/** Field names whose values are never written. */
const SECRET_FIELD =
  /passw(or)?d|passphrase|secret|token|cookie|authori[sz]ation|api[-_]?key|credential|csrf/i;
export const REDACTED = "[redacted]";

// scheme://user:password@ — the password part, up to the `@` (URLs percent-encode any other `@`).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/gi;

/** `text` with any password inside a URL masked (`postgres://user:***@host/db`). */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@");
}

type FieldValue = string | number | boolean | null | undefined;

/** What may be written of one field: "[redacted]" for secret names, URL passwords masked. */
export function safeFieldValue(key: string, value: FieldValue): FieldValue {
  if (value === undefined || value === null) return value;
  if (SECRET_FIELD.test(key)) return REDACTED;
  return typeof value === "string" ? maskUrlPasswords(value) : value;
}

/** JSON with every unsafe character escaped too (JSON.stringify leaves C1, bidi, U+2028 raw). */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_ALL, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join(
      "",
    ),
  );
}

/** The keys a JSON line uses itself: a field of that name is written as `field_<name>`. */
const JSON_KEYS = new Set(["time", "level", "msg"]);

function formatValue(value: string | number | boolean | null | undefined): string {
  const text = String(value);
  // Quoted when it has spaces, quotes, `=`, a backslash or anything escaped, so that an escape in
  // the log always reads as one and a value never runs into the next key.
  if (text !== "" && !/[\s"=\\]/.test(text) && !UNSAFE.test(text)) return text;
  return `"${escapeControl(text.replace(/["\\]/g, "\\$&"))}"`;
}

export function createLogger(
  level: LogLevel = "info",
  // The current command's stderr (see output.ts), looked up per line.
  write: (line: string) => void = (line) => {
    output().stderr.write(line);
  },
  format: LogFormat = "text",
): Logger {
  const emit = (at: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString();
    const msg = maskUrlPasswords(message);
    const entries = Object.entries(fields ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, safeFieldValue(k, v)] as const);
    if (format === "json") {
      const line: Record<string, unknown> = { time, level: at, msg };
      for (const [k, v] of entries) line[JSON_KEYS.has(k) ? `field_${k}` : k] = v;
      write(`${safeJson(line)}\n`);
      return;
    }
    const extra = entries.map(([k, v]) => ` ${escapeControl(k)}=${formatValue(v)}`).join("");
    write(`${time} ${at} ${escapeControl(msg)}${extra}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger("error", () => {});
