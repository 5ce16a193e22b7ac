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

describe("secrets in log lines", () => {
  const lines: string[] = [];
  const both = (["text", "json"] as const).map((format) =>
    createLogger("debug", (line) => lines.push(line), format),
  );

  it("writes fields named for a secret as [redacted], in both formats", () => {
    lines.length = 0;
    for (const log of both)
      log.info("sign-in", {
        password: "hunter2hunter2",
        new_password: "correct horse",
        token: "tok_abc123",
        csrfToken: "csrf-xyz",
        api_key: "k-123",
        Authorization: "Bearer s3cr3t",
        cookie: "__Host-atalaya-session=abc",
        client_secret: "cs-1",
        user: "ana@example.org",
      });
    expect(lines).toHaveLength(2);
    for (const line of lines)
      for (const secret of [
        "hunter2",
        "correct horse",
        "tok_abc123",
        "csrf-xyz",
        "k-123",
        "s3cr3t",
        "abc",
        "cs-1",
      ])
        expect(line.includes(secret), line).toBe(false);
    expect(lines[0]).toContain("password=[redacted]");
    expect(lines[0]).toContain("user=ana@example.org");
    const json = JSON.parse(lines[1] as string) as Record<string, unknown>;
    expect(json).toMatchObject({
      level: "info",
      msg: "sign-in",
      password: "[redacted]",
      user: "ana@example.org",
    });
  });

  it("masks the password of a URL anywhere in a line, never the rest of it", () => {
    lines.length = 0;
    for (const log of both)
      log.error("connect failed: postgres://atalaya:pa55word@db.example:5432/atalaya", {
        where: "postgresql://u:p%40ss@10.0.0.1/x?sslmode=require",
        plain: "postgres://atalaya@db.example/atalaya",
      });
    for (const line of lines) {
      expect(line).not.toMatch(/pa55word|p%40ss/);
      expect(line).toContain("postgres://atalaya:***@db.example:5432/atalaya");
      expect(line).toContain("postgresql://u:***@10.0.0.1/x?sslmode=require");
      expect(line).toContain("postgres://atalaya@db.example/atalaya");
    }
  });
});

describe("JSON log lines", () => {
  it("are one object per line with time, level, msg and the fields, control characters escaped", () => {
    const lines: string[] = [];
    const log = createLogger("info", (line) => lines.push(line), "json");
    log.debug("not written");
    log.warn("path \u2028 and \u202e", {
      status: 404,
      ok: false,
      path: "/a\nb",
      time: "field",
      none: undefined,
    });
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["time", "level", "msg", "status", "ok", "path", "field_time"]);
    expect(parsed).toMatchObject({
      level: "warn",
      msg: "path \u2028 and \u202e",
      status: 404,
      ok: false,
      path: "/a\nb",
      field_time: "field",
    });
    expect(new Date(parsed.time as string).toISOString()).toBe(parsed.time);
  });
});
