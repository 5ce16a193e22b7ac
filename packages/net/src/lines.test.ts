import { describe, expect, it } from "vitest";
import { LineSplitter, LineTooLongError, splitLines } from "./lines";

async function* chunks(...parts: Uint8Array[]) {
  for (const p of parts) yield p;
}
const enc = new TextEncoder();

describe("LineSplitter", () => {
  it("splits LF and CRLF lines and numbers them", async () => {
    const out = [];
    for await (const l of splitLines(chunks(enc.encode("a|b\r\nc|d\n")))) out.push(l);
    expect(out).toEqual([
      { number: 1, text: "a|b" },
      { number: 2, text: "c|d" },
    ]);
  });
  it("joins lines and multi-byte characters cut across chunks", async () => {
    const bytes = enc.encode("Curaçao|1\nSão Paulo|2\n");
    const out = [];
    for await (const l of splitLines(
      chunks(bytes.subarray(0, 5), bytes.subarray(5, 14), bytes.subarray(14)),
    )) {
      out.push(l.text);
    }
    expect(out).toEqual(["Curaçao|1", "São Paulo|2"]);
  });
  it("yields an unterminated last line and says the input was cut", () => {
    const s = new LineSplitter();
    expect(s.push(enc.encode("x\ny"))).toEqual([{ number: 1, text: "x" }]);
    expect(s.end()).toEqual([{ number: 2, text: "y" }]);
    expect(s.endsWithNewline).toBe(false);
  });
  it("maps bytes one to one in bytes mode", () => {
    const s = new LineSplitter("bytes");
    const [line] = s.push(new Uint8Array([0x41, 0x80, 0xe9, 0x0a]));
    expect([...(line?.text ?? "")].map((c) => c.charCodeAt(0))).toEqual([0x41, 0x80, 0xe9]);
  });
  it("refuses a line longer than the limit as soon as it grows past it, naming the line", () => {
    const s = new LineSplitter("utf-8", 10);
    expect(s.push(enc.encode("0123456789\nab"))).toEqual([{ number: 1, text: "0123456789" }]);
    // Line 2 has no end yet: it is refused once its start alone is too long.
    expect(() => s.push(enc.encode("cdefghijk"))).toThrow(new LineTooLongError(2, 10));
    const t = new LineSplitter("utf-8", 10);
    expect(() => t.push(enc.encode("ok\n0123456789a\n"))).toThrow(/line 2 is longer than 10 bytes/);
  });
  it("adds up a line cut across chunks, refusing it only past the limit", () => {
    const s = new LineSplitter("utf-8", 10);
    s.push(enc.encode("ããa"));
    expect(s.push(enc.encode("bcde\n"))).toEqual([{ number: 1, text: "ããabcde" }]);
    const t = new LineSplitter("utf-8", 10);
    t.push(enc.encode("ããa"));
    expect(() => t.push(enc.encode("bcdefg\n"))).toThrow(/line 1 is longer than 10 bytes/);
  });
  it("counts the limit in bytes of UTF-8, not in characters", () => {
    // Four characters of two bytes each: 8 bytes fit in 8, not in 7.
    expect(new LineSplitter("utf-8", 8).push(enc.encode("ãããã\n"))).toHaveLength(1);
    expect(() => new LineSplitter("utf-8", 7).push(enc.encode("ãããã\n"))).toThrow(LineTooLongError);
    expect(() => new LineSplitter("bytes", 3).push(enc.encode("ãã\n"))).toThrow(LineTooLongError);
  });
  it("keeps a file of zeros without line breaks to the limit, chunk after chunk", () => {
    const s = new LineSplitter("utf-8", 1 << 16);
    const zeros = new Uint8Array(1 << 14);
    expect(() => {
      for (let i = 0; i < 1 << 16; i++) s.push(zeros);
    }).toThrow(/line 1 is longer than 65536 bytes/);
  });
});
