import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./address-guard";

describe("isPublicAddress", () => {
  it("refuses loopback, private, link-local, unique-local, unspecified, multicast and documentation addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "192.0.2.10",
      "::1",
      "::",
      "[::1]",
      "fe80::1",
      "fd00::1",
      "fc12:3456::1",
      "ff02::1",
      "2001:db8::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not an address",
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it("accepts public unicast addresses of both families", () => {
    for (const address of [
      "200.3.14.10",
      "8.8.8.8",
      "172.32.0.1",
      "2800:68:19::1",
      "2606:4700::1111",
      "::ffff:200.3.14.10",
    ])
      expect(isPublicAddress(address), address).toBe(true);
  });
});
