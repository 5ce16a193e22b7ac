/**
 * Demo routes (CAIDA pfx2as layout) and VRPs (Routinator `jsonext` layout, generated on the demo's
 * date) for the demo providers, so the routing pages show every case: valid routes, invalid by
 * origin and by length, routes no ROA covers, an AS0 ROA, registry IPv6 space that is never
 * announced, and ROAs that expire within two weeks of the demo's date.
 */
import { createHash } from "node:crypto";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "@atalaya/net";
import type { DemoOrganisation } from "./generate";
import type { Random } from "./random";

export interface DemoRouting {
  /** `prefix<TAB>length<TAB>origin` lines. */
  pfx2as: string;
  /** Routinator's jsonext: `{"metadata": {generated, generatedTime}, "roas": [{asn, prefix, maxLength, source}]}`. */
  vrpsJson: string;
}

const DAY = 86_400;

/**
 * When a demo VRP expires (Unix seconds): from its own text, not the random stream, so that
 * every other figure stays what it was. One in twelve within 1–13 days of `builtAt` (what the
 * provider pages and the roa-expiring alert report), the rest 30–395 days on.
 */
function demoExpiry(vrp: string, builtAt: number): number {
  const n = createHash("sha256").update(vrp).digest().readUInt32BE(0);
  const soon = n % 12 === 0;
  const days = soon ? 1 + ((n >>> 8) % 13) : 30 + ((n >>> 8) % 366);
  return builtAt + days * DAY + ((n >>> 16) % 24) * 3600;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

/**
 * `AS<asn>,<prefix>,<maxLength>,<ta>` lines as Routinator's `jsonext`: each VRP with its ROA
 * source, the ROA's own validity (what expires) and its chain's, which a CA's next CRL and
 * manifest cut to a day.
 */
function vrpsJson(lines: readonly string[], builtAt: number): string {
  const roas = lines.map((line) => {
    const [asn, prefix, maxLength, ta] = line.split(",") as [string, string, string, string];
    const notBefore = builtAt - 200 * DAY;
    const notAfter = demoExpiry(line, builtAt);
    const name = createHash("sha256").update(line).digest("hex").slice(0, 16);
    return {
      asn,
      prefix,
      maxLength: Number(maxLength),
      source: [
        {
          type: "roa",
          uri: `rsync://repository.lacnic.net/rpki/atalaya-demo/${name}.roa`,
          tal: ta,
          validity: { notBefore: iso(notBefore), notAfter: iso(notAfter) },
          chainValidity: { notBefore: iso(notBefore), notAfter: iso(Math.min(notAfter, builtAt + DAY)) },
        },
      ],
    };
  });
  const metadata = { generated: builtAt, generatedTime: iso(builtAt) };
  // One entry a line, so that a diff of two demos reads.
  return `{"metadata":${JSON.stringify(metadata)},"roas":[\n${roas.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`;
}

/** The first half of a block, one bit longer: a more-specific announcement. */
function moreSpecific(start: string, length: number): { start: string; length: number } {
  return { start, length: length + 1 };
}

/** `date`: the demo's date (`YYYYMMDD`), when its VRP list was "built". */
export function demoRouting(
  organisations: readonly DemoOrganisation[],
  random: Random,
  date: string,
): DemoRouting {
  const routes: string[] = [];
  const vrps: string[] = [];
  let index = 0;
  for (const org of organisations) {
    const origin = org.asns[0] as number;
    const signs = random.chance(0.6); // this provider publishes ROAs
    const v4 = org.ipv4.map((b) => ({ start: b.start, length: 32 - Math.floor(Math.log2(b.count)) }));
    for (const block of v4) {
      routes.push(`${block.start}\t${block.length}\t${origin}`);
      if (signs) vrps.push(`AS${origin},${block.start}/${block.length},${block.length},lacnic`);
    }
    for (const p of org.ipv6) {
      // About a fifth of the IPv6 space held is never announced: the second rung of the ladder.
      if (random.chance(0.2)) continue;
      routes.push(`${p.start}\t${p.length}\t${origin}`);
      if (signs)
        vrps.push(`AS${origin},${p.start}/${p.length},${p.length + (random.chance(0.5) ? 0 : 8)},lacnic`);
      const specific = moreSpecific(p.start, p.length);
      if (signs && random.chance(0.3)) routes.push(`${specific.start}\t${specific.length}\t${origin}`);
    }
    index++;
    // A few fixed cases so every state is present whatever the seed does.
    if (index === 3 && v4[0]) {
      // Announced by a neighbour's ASN: invalid (as).
      const neighbour = organisations[index]?.asns[0] ?? origin + 1;
      routes.push(`${v4[0].start}\t${v4[0].length}\t${neighbour}`);
      vrps.push(`AS${origin},${v4[0].start}/${v4[0].length},${v4[0].length},lacnic`);
    }
    if (index === 4 && org.ipv6[0]) {
      // An AS0 ROA on space the holder does not route (RFC 7607); a stray announcement is invalid.
      const p = org.ipv6[0];
      const address = parseIpv6(p.start) as bigint;
      const spare = formatIpv6(address + (1n << BigInt(128 - p.length - 1)));
      vrps.push(`AS0,${spare}/${p.length + 1},${p.length + 1},lacnic`);
      routes.push(`${spare}\t${p.length + 1}\t${origin}`);
    }
    if (index === 5 && v4[0]) {
      // Signed, but announced more specifically than the ROA allows: invalid (length).
      vrps.push(`AS${origin},${v4[0].start}/${v4[0].length},${v4[0].length},lacnic`);
      const half = formatIpv4((parseIpv4(v4[0].start) as number) + 2 ** (32 - v4[0].length - 1));
      routes.push(`${half}\t${v4[0].length + 1}\t${origin}`);
    }
  }
  return {
    pfx2as: `${routes.join("\n")}\n`,
    vrpsJson: vrpsJson(
      [...new Set(vrps)],
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) / 1000,
    ),
  };
}
