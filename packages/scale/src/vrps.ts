/**
 * 800k VRPs in rpki-client's JSON layout (`{"metadata": …, "roas": [{asn, prefix, maxLength, ta,
 * expires}]}`), drawn from the table's own announcements so that validation has every outcome:
 * most signed routes valid, some invalid by origin or by length, a block of AS0 ROAs, and one
 * prefix covered by many ROAs (the validity endpoint's worst case).
 */
import type { Random } from "@atalaya/demo";
import { type Announcement, announcementPrefix, DUMP_TIME } from "./rib";

export const FULL_VRPS = 800_000;
const TRUST_ANCHORS = ["lacnic", "arin", "ripe", "apnic", "afrinic"];

export interface GeneratedVrps {
  json: string;
  count: number;
  /** A prefix covered by many VRPs, for the benchmark's worst-case validity lookup. */
  crowdedPrefix: string;
}

/** The prefix one bit shorter that covers `a`. */
function parentPrefix(a: Announcement): string {
  const length = a.length - 1;
  const clear = (value: number, keep: number) =>
    keep >= 32 ? value : keep <= 0 ? 0 : (value & ~(2 ** (32 - keep) - 1)) >>> 0;
  return announcementPrefix({
    ...a,
    high: clear(a.high, length),
    low: a.family === 6 ? clear(a.low, length - 32) : 0,
    length,
  });
}

export function generateVrps(
  table: { v4: readonly Announcement[]; v6: readonly Announcement[] },
  count: number,
  random: Random,
): GeneratedVrps {
  const all = [...table.v4, ...table.v6];
  const seen = new Set<string>();
  const roas: string[] = [];
  const add = (asn: number, prefix: string, maxLength: number, ta: string) => {
    const key = `${asn}|${prefix}|${maxLength}`;
    if (seen.has(key)) return;
    seen.add(key);
    const expires = DUMP_TIME + 86_400 * random.int(1, 14);
    roas.push(
      `{"asn":${asn},"prefix":"${prefix}","maxLength":${maxLength},"ta":"${ta}","expires":${expires}}`,
    );
  };
  // One IPv4 /16 covered by ROAs of 64 different ASNs at every length down to /24.
  const crowded = all.find((a) => a.family === 4 && a.length === 16) ?? (all[0] as Announcement);
  const crowdedPrefix = announcementPrefix(crowded);
  for (let i = 0; i < 64; i++) add(crowded.origin + i, crowdedPrefix, 16 + (i % 9), "ripe");
  const probability = Math.min(1, count / all.length);
  for (const a of all) {
    if (roas.length >= count) break;
    if (!random.chance(probability)) continue;
    const prefix = announcementPrefix(a);
    const max = a.family === 4 ? 32 : 128;
    const roll = random.next();
    const ta = random.pick(TRUST_ANCHORS);
    if (roll < 0.9)
      add(a.origin, prefix, Math.min(max, a.length + (random.chance(0.3) ? random.int(1, 4) : 0)), ta);
    else if (roll < 0.95)
      add(a.origin + 1, prefix, a.length, ta); // invalid by origin
    else if (roll < 0.99 && a.length > 8)
      add(a.origin, parentPrefix(a), a.length - 1, ta); // invalid by length
    else add(0, prefix, a.length, ta); // AS0: the holder says "never route this"
  }
  // Top up with ROAs for more-specifics nobody announces, as real repositories hold.
  for (let i = 0; roas.length < count && i < count * 4; i++) {
    const a = all[random.int(0, all.length - 1)] as Announcement;
    const max = a.family === 4 ? 32 : 128;
    add(a.origin, announcementPrefix(a), Math.min(max, a.length + 1 + (i % 8)), random.pick(TRUST_ANCHORS));
  }
  const metadata = {
    buildmachine: "atalaya-scale",
    buildtime: new Date(DUMP_TIME * 1000).toISOString(),
    vrps: roas.length,
  };
  return {
    json: `{"metadata":${JSON.stringify(metadata)},"roas":[\n${roas.join(",\n")}\n]}\n`,
    count: roas.length,
    crowdedPrefix,
  };
}
