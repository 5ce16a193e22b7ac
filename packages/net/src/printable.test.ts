import { describe, expect, it } from "vitest";
import { printable } from "./printable";

describe("printable", () => {
  it("escapes NUL, line breaks and other control characters, keeping tabs and text", () => {
    expect(printable("a\u0000b\nc\rd\te\u001bf\u007fg\u009bh")).toBe(
      "a\\x00b\\x0ac\\x0dd\te\\x1bf\\x7fg\\x9bh",
    );
    expect(printable("São Paulo – Curaçao ✓ 😀 \ufffd")).toBe("São Paulo – Curaçao ✓ 😀 \ufffd");
  });

  it("escapes lone surrogates, which UTF-8 cannot encode, and keeps pairs", () => {
    expect(printable("x\ud800y\udc00z\ud83d\ude00")).toBe("x\\ud800y\\udc00z\ud83d\ude00");
    expect(Buffer.from(printable("\ud800"), "utf8").toString("utf8")).toBe("\\ud800");
  });

  it("cuts long text, saying how much was left out, without splitting a pair", () => {
    expect(printable("abcdef", 4)).toBe("abcd… (2 more characters)");
    expect(printable("abc\ud83d\ude00", 4)).toBe("abc… (2 more characters)");
    expect(printable("abc", 3)).toBe("abc");
  });
});
