import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackHost } from "./public-origin";

describe("loopback tests", () => {
  it("knows loopback socket addresses, IPv4-mapped ones included", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, "", "192.0.2.1", "::", "::ffff:192.0.2.1", "2001:db8::1", "localhost"])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it("knows Host values naming loopback, and nothing that merely contains one", () => {
    for (const h of ["localhost", "LOCALHOST:8080", "atalaya.localhost:8080", "127.0.0.1:8080", "[::1]:8080"])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [
      "",
      "evil.example",
      "localhost.evil.example",
      "evil.example@localhost",
      "localhost/x",
      "[::1",
    ])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
