/**
 * Plain structured log lines on stderr: `2026-11-26T08:00:00.000Z info message key=value …`.
 * Values are quoted when they contain spaces. Callers never log secrets: the database URL is
 * redacted before it reaches a log line, and nothing logs request bodies or cookies.
 *
 * Logged text often comes from outside (request paths, upstream files, error messages quoting
 * them), so control characters are escaped everywhere in a line: a raw NUL, newline or escape
 * sequence would otherwise forge log lines or drive the terminal that reads them.
 */
import { output } from "./output";

export type LogLevel = "debug" | "info" | "warn" | "error";
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
): Logger {
  const emit = (at: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = Object.entries(fields ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${escapeControl(k)}=${formatValue(v)}`)
      .join("");
    write(`${new Date().toISOString()} ${at} ${escapeControl(message)}${extra}\n`);
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
