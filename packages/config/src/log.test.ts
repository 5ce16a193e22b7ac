import { describe, expect, it } from "vitest";
import { createLogger, escapeControl } from "./log";

function logged(message: string, fields: Record<string, string | number>): string {
  const lines: string[] = [];
  createLogger("debug", (line) => lines.push(line)).info(message, fields);
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

// Anything a terminal or a log reader would act on, besides the line's own final newline.
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe("log lines", () => {
  it("escapes control characters in values, keys and the message, keeping one line", () => {
    const hostile = "/api/\u0000x\n2026-01-01T00:00:00.000Z error forged\u001b[31m\u009b\u2028\u202e";
    const line = logged(`request ${hostile}`, { path: hostile, "k\u0007": 1 });
    expect(line.endsWith("\n")).toBe(true);
    expect(CONTROL.test(line.slice(0, -1))).toBe(false);
    expect(line).toContain(
      'path="/api/\\x00x\\n2026-01-01T00:00:00.000Z error forged\\x1b[31m\\x9b\\u2028\\u202e"',
    );
    expect(line).toContain(" request /api/\\x00x\\n2026");
    expect(line).toContain(" k\\x07=1");
  });

  it("leaves plain values bare and quotes the rest unambiguously", () => {
    const line = logged("request", { method: "GET", status: 200, note: 'a "b" c', slash: "a\\x00" });
    expect(line).toMatch(/ info request method=GET status=200 note="a \\"b\\" c" slash="a\\\\x00"\n$/);
  });

  it("escapes with \\x for bytes and \\u beyond", () => {
    expect(escapeControl("a\u0000b\tc\u00adé\ufeff")).toBe("a\\x00b\\tc\\xadé\\ufeff");
  });
});
