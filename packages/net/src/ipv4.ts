/** IPv4 address arithmetic on plain numbers (0 … 2^32-1), exact for every address. */

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 address; returns null when it is not one. */
export function parseIpv4(text: string): number | null {
  const m = IPV4_RE.exec(text);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    // "01" is ambiguous (octal in some parsers): refuse it rather than guess.
    if (part.length > 1 && part.startsWith("0")) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** Largest power of two that divides `value` (2^32 for 0), i.e. the alignment of an address. */
function alignment(value: number): number {
  if (value === 0) return 2 ** 32;
  let size = 1;
  while (value % (size * 2) === 0) size *= 2;
  return size;
}

/**
 * Splits the address range [start, start+count) into the fewest exact CIDR blocks, in address order.
 * RIR statistics give IPv4 space as an address count that is not always a power of two
 * (e.g. 768 addresses = a /23 plus a /24).
 */
export function ipv4RangeToCidrs(start: number, count: number): Array<{ prefix: string; length: number }> {
  if (!Number.isSafeInteger(count) || count <= 0)
    throw new RangeError(`address count must be positive: ${count}`);
  if (start + count > 2 ** 32) throw new RangeError(`range runs past 255.255.255.255`);
  const out: Array<{ prefix: string; length: number }> = [];
  let cursor = start;
  let left = count;
  while (left > 0) {
    let size = alignment(cursor);
    while (size > left) size /= 2;
    const length = 32 - Math.log2(size);
    out.push({ prefix: `${formatIpv4(cursor)}/${length}`, length });
    cursor += size;
    left -= size;
  }
  return out;
}
