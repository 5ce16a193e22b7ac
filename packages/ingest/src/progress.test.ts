import { createLogger } from "@atalaya/config";
import { describe, expect, it } from "vitest";
import { Progress } from "./progress";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("Progress", () => {
  it("redraws one status line in place on a terminal, at most five times a second", () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const c = clock();
    const p = new Progress({
      label: "delegated",
      totalBytes: 2048,
      log: createLogger("info", () => {}),
      tty,
      now: c.now,
    });
    c.advance(100);
    p.update(10, 512);
    expect(written).toEqual([]); // too soon after the start
    c.advance(900);
    p.update(50_000, 1024);
    expect(written).toEqual(["\r\x1b[Kdelegated: 50,000 lines, 1.0 KiB (50%), 50,000 lines/s"]);
    p.finish();
    expect(written.at(-1)).toBe("\r\x1b[Kdelegated: 50,000 lines, 1.0 KiB (50%), 50,000 lines/s\n");
  });

  it("writes a plain log line every few seconds elsewhere", () => {
    const lines: string[] = [];
    const c = clock();
    const p = new Progress({
      label: "delegated",
      totalBytes: null,
      log: createLogger("info", (l) => lines.push(l)),
      now: c.now,
      logEverySeconds: 5,
    });
    c.advance(1000);
    p.update(1000, 10);
    expect(lines).toEqual([]);
    c.advance(4000);
    p.update(5000, 50);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ info delegated: progress lines=5000 bytes=50 lines_per_s=1000\n$/);
    p.finish(); // nothing to clear without a terminal
    expect(lines).toHaveLength(1);
  });
});
