import { describe, expect, it } from "vitest";
import { LineSplitter, splitLines } from "./lines";

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
});
