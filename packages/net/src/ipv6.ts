/** IPv6 address arithmetic on 128-bit bigints, with RFC 5952 text output. */

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses an IPv6 address (with optional embedded IPv4 tail); returns null when it is not one. */
export function parseIpv6(text: string): bigint | null {
  if (text.length === 0 || text.length > 45) return null;
  let groups: string[];
  const doubleColon = text.indexOf("::");
  if (doubleColon !== text.lastIndexOf("::")) return null;
  let body = text;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".")) {
    const v4 = body.slice(lastColon + 1).split(".");
    if (v4.length !== 4) return null;
    const octets = v4.map((o) => (/^\d{1,3}$/.test(o) ? Number(o) : 256));
    if (octets.some((o) => o > 255)) return null;
    tail = [
      ((octets[0] as number) << 8) | (octets[1] as number),
      ((octets[2] as number) << 8) | (octets[3] as number),
    ];
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(":") && !body.endsWith("::")) body = body.slice(0, -1);
  }
  const want = 8 - tail.length;
  if (doubleColon >= 0) {
    const [head, rest] = body.split("::") as [string, string];
    const h = head === "" ? [] : head.split(":");
    const r = rest === "" ? [] : rest.split(":");
    const missing = want - h.length - r.length;
    if (missing < 1) return null;
    groups = [...h, ...Array<string>(missing).fill("0"), ...r];
  } else {
    groups = body === "" ? [] : body.split(":");
    if (groups.length !== want) return null;
  }
  let value = 0n;
  for (const g of groups) {
    if (!HEX_GROUP.test(g)) return null;
    value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  }
  for (const t of tail) value = (value << 16n) | BigInt(t);
  return value;
}

/** Formats a 128-bit value as RFC 5952 text: lower case, no leading zeros, longest zero run as "::". */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never shortened (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

/** True when `value` has no bits set beyond the first `length` bits. */
export function ipv6HostBitsClear(value: bigint, length: number): boolean {
  const hostBits = 128n - BigInt(length);
  return (value & ((1n << hostBits) - 1n)) === 0n;
}
