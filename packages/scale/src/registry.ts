/**
 * What the scale dataset builds on: the real LACNIC delegated-extended file, read once into the
 * region's holders, their ASNs and their address blocks. Every generated file (measurements,
 * routes, VRPs) is keyed on these, so that a country page on the scale data shows the real
 * economy's networks rather than invented ones.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { lacnicCountry } from "@atalaya/net";

export interface Holder {
  holderId: string;
  cc: string;
  asns: number[];
  /** IPv4 blocks as (first address, address count); IPv6 as (address text, length). */
  ipv4: Array<{ start: string; count: number }>;
  ipv6: Array<{ start: string; length: number }>;
}

export interface Registry {
  /** `YYYY-MM-DD` of the file's header: the data date. */
  date: string;
  /** Holders with at least one allocated or assigned unit in a LACNIC-region economy. */
  holders: Holder[];
  /** The file as published (gzip), to serve as is. */
  gzip: Buffer;
}

export function readRegistry(file: string): Registry {
  const gzip = readFileSync(file);
  const text = gunzipSync(gzip).toString("utf8");
  const byHolder = new Map<string, Holder>();
  let date = "";
  for (const line of text.split("\n")) {
    const f = line.split("|");
    if (f[0] === "2.3" || f[0] === "2") {
      const d = f[5] ?? "";
      date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      continue;
    }
    const [, cc, type, start, value, , status, holderId] = f;
    if (!cc || !holderId || (status !== "allocated" && status !== "assigned")) continue;
    if (!lacnicCountry(cc) || !start || !value) continue;
    let holder = byHolder.get(holderId);
    if (!holder) {
      holder = { holderId, cc, asns: [], ipv4: [], ipv6: [] };
      byHolder.set(holderId, holder);
    }
    if (type === "asn") for (let i = 0; i < Number(value); i++) holder.asns.push(Number(start) + i);
    else if (type === "ipv4") holder.ipv4.push({ start, count: Number(value) });
    else if (type === "ipv6") holder.ipv6.push({ start, length: Number(value) });
  }
  if (!date) throw new Error(`${file}: no delegated-extended header line`);
  return { date, holders: [...byHolder.values()], gzip };
}

/** Every region ASN with its registry economy, in AS-number order. */
export function regionAsns(registry: Registry): Array<{ asn: number; cc: string; holder: Holder }> {
  return registry.holders
    .flatMap((holder) => holder.asns.map((asn) => ({ asn, cc: holder.cc, holder })))
    .sort((a, b) => a.asn - b.asn);
}
