/**
 * The pfx2as parser on CAIDA's RouteViews prefix-to-AS files of 2014-02-05 12:00
 * (../shared/data/real/caida-pfx2as, PROVENANCE.md §4). Expected counts were computed with awk,
 * independently of this code:
 *   zcat F | awk -F'\t' '{n=split($3,a,"_"); routes+=n; if ($3~/_/) moas++; if ($3~/,/) aset++;
 *                         for (i=1;i<=n;i++) if (a[i]~/,/) setroutes++} END {print NR, routes, moas, aset, setroutes}'
 * and the LACNIC-space counts by first octet (IPv4) or leading groups (IPv6).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  covers,
  formatOrigin,
  formatPrefix,
  type Pfx2asEntry,
  parsePfx2asLine,
  pfx2asRoutes,
  prefixOf,
  type TextLine,
} from "@atalaya/net";
import { describe, expect, it } from "vitest";
import { realData } from "../helpers/shared-data";

const rv2 = realData("caida-pfx2as/routeviews-rv2-20140205-1200.pfx2as.gz");
const rv6 = realData("caida-pfx2as/routeviews-rv6-20140205-1200.pfx2as.gz");

function* lines(file: string): Generator<TextLine> {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  let number = 0;
  for (const raw of text.split("\n")) {
    number++;
    if (raw !== "") yield { number, text: raw };
  }
}

interface Tally {
  lines: number;
  entries: Pfx2asEntry[];
  rejects: number;
  moasLines: number;
  asSetLines: number;
  routes: number;
  setRoutes: number;
  distinct: Set<string>;
}

function tally(file: string): Tally {
  const t: Tally = {
    lines: 0,
    entries: [],
    rejects: 0,
    moasLines: 0,
    asSetLines: 0,
    routes: 0,
    setRoutes: 0,
    distinct: new Set(),
  };
  for (const line of lines(file)) {
    t.lines++;
    const item = parsePfx2asLine(line);
    if (!item) continue;
    if (item.kind === "reject") {
      t.rejects++;
      continue;
    }
    t.entries.push(item);
    if (item.origins.length > 1) t.moasLines++;
    if (item.origins.some((o) => typeof o !== "number")) t.asSetLines++;
    for (const route of pfx2asRoutes(item)) {
      t.routes++;
      if (typeof route.origin !== "number") t.setRoutes++;
      t.distinct.add(`${formatPrefix(route.prefix)} ${formatOrigin(route.origin)}`);
    }
  }
  return t;
}

describe("CAIDA pfx2as, RouteViews 2014-02-05", () => {
  it.skipIf(!rv2)("rv2: every line, MOAS and AS_SET as awk counts them", () => {
    const t = tally(rv2 as string);
    expect(t).toMatchObject({
      lines: 501_353,
      rejects: 0,
      moasLines: 3_665,
      asSetLines: 17,
      routes: 505_149,
      setRoutes: 18,
    });
    expect(t.entries).toHaveLength(501_353);
    expect(t.distinct.size).toBe(505_149);
    expect(t.entries.filter((e) => e.hostBitsCleared)).toHaveLength(0);
    const lacnic = [177, 179, 181, 186, 187, 189, 190, 191, 200, 201].map((o) => prefixOf(`${o}.0.0.0/8`));
    expect(t.entries.filter((e) => lacnic.some((p) => covers(p, e.prefix)))).toHaveLength(57_899);
    // The line PROVENANCE.md quotes for a MOAS of AS_SETs.
    const both = t.entries.find((e) => formatPrefix(e.prefix) === "84.64.0.0/13");
    expect(both?.origins.map(formatOrigin)).toEqual(["1273", "{38266,65010,65101,65102}"]);
  });

  it.skipIf(!rv6)("rv6: every line, MOAS and AS_SET as awk counts them", () => {
    const t = tally(rv6 as string);
    expect(t).toMatchObject({
      lines: 17_059,
      rejects: 0,
      moasLines: 136,
      asSetLines: 8,
      routes: 17_259,
      setRoutes: 8,
    });
    expect(t.distinct.size).toBe(17_259);
    const lacnic = [prefixOf("2800::/12"), prefixOf("2001:1200::/23")];
    expect(t.entries.filter((e) => lacnic.some((p) => covers(p, e.prefix)))).toHaveLength(940);
    expect(t.entries.slice(0, 2).map((e) => formatPrefix(e.prefix))).toEqual(["1::1/128", "2::2/128"]);
    const set = t.entries.find((e) => formatPrefix(e.prefix) === "2001:410::/32");
    expect(set?.origins.map(formatOrigin)).toEqual(["{271,7860,8111}"]);
  });
});
