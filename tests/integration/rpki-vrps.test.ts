/**
 * The VRP parser on two RIPE NCC RPKI archive `roas.csv` files (../shared/data/real,
 * PROVENANCE.md §3). Expected counts were computed with awk, independently of this code:
 *   awk -F, 'NR>1 {rows++; k=$2" "$3" "$4; if (!(k in s)) {s[k]=1; u++; if ($2=="AS0") z++;
 *                  if ($3~/:/) v6++; else v4++}} END {print rows, u, z, v4, v6}'
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { formatPrefix, parseVrps, type Vrp } from "@atalaya/net";
import { describe, expect, it } from "vitest";
import { realData } from "../helpers/shared-data";

const afrinic = realData("rpki-afrinic-roas-ripe-archive/roas-afrinic-2022-01.csv.gz");
const lacnic = realData("rpki-lacnic-roas-ripe-archive/roas_202512.first74rows.csv");

/** (ASN, prefix, max length) exactly as the file spells them, for comparison with the parsed VRPs. */
function rawTriples(text: string): Set<string> {
  return new Set(
    text
      .split("\n")
      .slice(1)
      .filter((l) => l !== "")
      .map((l) => {
        const f = l.split(",");
        return `${f[1]} ${f[2]} ${f[3]}`;
      }),
  );
}

const triple = (v: Vrp) => `AS${v.asn} ${formatPrefix(v.prefix)} ${v.maxLength}`;

describe("RIPE NCC archive roas.csv", () => {
  it.skipIf(!afrinic)("AFRINIC 2022-01: 4,372 rows, as awk counts them", () => {
    const text = gunzipSync(readFileSync(afrinic as string)).toString("utf8");
    const result = parseVrps(text);
    expect(result).toMatchObject({
      format: "roas-csv",
      entries: 4_372,
      duplicates: 0,
      hostBitsCleared: 0,
      rejects: [],
    });
    expect(result.vrps).toHaveLength(4_372);
    expect(result.vrps.filter((v) => v.asn === 0)).toHaveLength(23);
    expect(result.vrps.filter((v) => v.prefix.family === 4)).toHaveLength(4_007);
    expect(result.vrps.filter((v) => v.prefix.family === 6)).toHaveLength(365);
    // The archive already writes canonical text (RFC 5952): parsed and re-printed, nothing changes.
    expect(new Set(result.vrps.map(triple))).toEqual(rawTriples(text));
    expect(result.vrps[0]).toEqual({
      asn: 0,
      prefix: expect.objectContaining({ family: 6, length: 48 }),
      maxLength: 128,
      ta: null,
      // Not After, 2029-07-18 11:40:32 UTC.
      expires: Date.UTC(2029, 6, 18, 11, 40, 32) / 1000,
    });
    expect(result.vrps.every((v) => v.expires !== null)).toBe(true);
  });

  it.skipIf(!lacnic)("LACNIC 2025-12 (first 74 rows), as awk counts them", () => {
    const text = readFileSync(lacnic as string, "utf8");
    const result = parseVrps(text);
    expect(result).toMatchObject({ format: "roas-csv", entries: 74, duplicates: 0, rejects: [] });
    expect(result.vrps).toHaveLength(74);
    expect(result.vrps.filter((v) => v.asn === 0)).toHaveLength(0);
    expect(result.vrps.filter((v) => v.prefix.family === 4)).toHaveLength(74);
    expect(new Set(result.vrps.map(triple))).toEqual(rawTriples(text));
    expect(triple(result.vrps[0] as Vrp)).toBe("AS52471 5.183.80.0/22 24");
  });

  it.skipIf(!afrinic)("reads the same VRPs once converted to Routinator json and csv", () => {
    const text = gunzipSync(readFileSync(afrinic as string)).toString("utf8");
    const fromCsv = parseVrps(text).vrps.map(triple);
    const json = JSON.stringify({
      roas: fromCsv.map((t) => {
        const [asn, prefix, maxLength] = t.split(" ");
        return { asn, prefix, maxLength: Number(maxLength), ta: "afrinic" };
      }),
    });
    expect(parseVrps(json).vrps.map(triple)).toEqual(fromCsv);
    const csv = `ASN,IP Prefix,Max Length,Trust Anchor\n${fromCsv.map((t) => `${t.replaceAll(" ", ",")},afrinic`).join("\n")}\n`;
    expect(parseVrps(csv).vrps.map(triple)).toEqual(fromCsv);
  });
});
