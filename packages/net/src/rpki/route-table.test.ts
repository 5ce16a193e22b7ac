import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { realData } from "../../../../tests/helpers/shared-data";
import { readMrtRecords } from "../mrt/parser";
import { RouteTable } from "./route-table";

async function table(file: string) {
  const t = new RouteTable();
  for await (const record of readMrtRecords(createReadStream(file).pipe(createGunzip()))) t.add(record);
  return t;
}

function summary(t: RouteTable, minPeers = 1) {
  const routes = [...t.routes(minPeers)];
  return {
    pairs: routes.length,
    multiPeer: routes.filter((r) => r.peers >= 2).length,
    peers: routes.reduce((n, r) => n + r.peers, 0),
  };
}

// Expected numbers from bgpdump's own output for the same files (test_expect/*.bgp.gz), routes
// with a non-empty path: origin = last path token, peers = distinct peer addresses per pair:
//   zcat F.bgp.gz | awk -F'|' '$7!="" {n=split($7,a," "); k=$6" "a[n]; if (!((k SUBSEP $4) in s))
//     {s[k SUBSEP $4]=1; c[k]++}} END {for (k in c) {p++; t+=c[k]; if (c[k]>=2) m++}; print p, m, t}'
describe("RouteTable against bgpdump's output", () => {
  const cases = [
    // One TABLE_DUMP_V2 RIB record carrying 23 peers' paths for one prefix.
    ["bview.64k_stream_overflow.gz", { pairs: 1, multiPeer: 1, peers: 23 }],
    // TABLE_DUMP v1: one record per (prefix, peer), so peers are collected across records.
    ["bview.20020722.2337.gz", { pairs: 112_992, multiPeer: 2_007, peers: 115_521 }],
    // ADD-PATH RIB (TABLE_DUMP2_AP lines carry the path id as field 7, so the path is $8): several
    // paths of one peer with the same origin count once.
    ["bview.ipv4_unicast_add_path.gz", { pairs: 60, multiPeer: 0, peers: 60 }],
    ["bview.ipv6_unicast_add_path.gz", { pairs: 60, multiPeer: 0, peers: 60 }],
  ] as const;
  for (const [name, expected] of cases) {
    const file = realData(`mrt-ripe-bgpdump/test_data/${name}`);
    it.skipIf(!file)(`aggregates ${name}`, async () => {
      expect(summary(await table(file as string))).toEqual(expected);
    });
  }

  it.skipIf(!realData("mrt-ripe-bgpdump/test_data/bview.20020722.2337.gz"))(
    "drops routes fewer peers carry",
    async () => {
      const t = await table(realData("mrt-ripe-bgpdump/test_data/bview.20020722.2337.gz") as string);
      expect(summary(t, 2)).toEqual({ pairs: 2_007, multiPeer: 2_007, peers: expect.any(Number) });
    },
  );
});
