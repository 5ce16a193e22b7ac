/**
 * Which addresses a webhook may be delivered to. An endpoint's URL is chosen by an account, so
 * without this rule Atalaya's server would post to whatever its own network reaches (the
 * database, a cloud metadata service, an admin interface on loopback): server-side request
 * forgery. By default only public unicast addresses are used; ATALAYA_WEBHOOK_ALLOW_PRIVATE=1
 * lifts the rule (a closed network, the tests). Pure: no I/O.
 */
import { BlockList, isIP } from "node:net";

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");

/** Whether `address` (an IP literal) is a public unicast address; anything else is not. */
export function isPublicAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, "").toLowerCase();
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(plain);
  if (family === 0) return false;
  if (family === 6 && /^::ffff:/.test(plain)) return false;
  return !NOT_PUBLIC.check(plain, family === 4 ? "ipv4" : "ipv6");
}
