import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { realData } from "../../../../tests/helpers/shared-data";
import { readMrtRecords } from "../mrt/parser";
import * as t from "../mrt/testing";
import { formatPrefix } from "../prefix";
import { formatOrigin } from "./route";
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

describe("RouteTable on synthetic RIB records", () => {
  const { mrt, u32 } = t;
  const peers = [
    { bgpId: [10, 0, 0, 1], address: t.ipv4("192.0.2.1"), as: 64496 },
    { bgpId: [10, 0, 0, 2], address: t.ipv6("2001:db8:0:0:0:0:0:2"), as: 4200000000 },
    { bgpId: [10, 0, 0, 3], address: t.ipv4("192.0.2.3"), as: 64498 },
  ];
  const entry = (peer: number, path: Array<number[] | [number, number[]]>) =>
    t.ribEntry(peer, 1700000000, [t.origin(0), t.asPath(path), t.nextHop("192.0.2.1")]);

  it("gives back every prefix and origin exactly, with distinct peers per (prefix, origin)", async () => {
    const input = t.bytes(
      mrt(13, 1, t.peerIndexTable([192, 0, 2, 254], "", peers)),
      // Host bits beyond /20 are set on the wire and cleared in the route.
      mrt(
        13,
        2,
        t.ribBody(0, [198, 51, 100, 255], 20, [entry(0, [[64496, 64511]]), entry(1, [[4200000000, 64511]])]),
      ),
      // Two origins (MOAS), one of them an AS_SET.
      mrt(
        13,
        2,
        t.ribBody(1, [203, 0, 113, 0], 24, [
          entry(0, [[64496, 64500]]),
          entry(2, [[64498], [1, [64502, 64501]]]),
        ]),
      ),
      mrt(
        13,
        4,
        t.ribBody(2, t.ipv6("2001:db8:ffff:0:0:0:0:0"), 48, [
          entry(1, [[4200000000]]),
          entry(2, [[64498, 4200000000]]),
        ]),
      ),
      mrt(13, 4, t.ribBody(3, t.ipv6("0:0:0:0:0:0:0:0"), 0, [entry(0, [[64496, 64499]])])),
      // ADD-PATH: the same peer twice for one prefix and origin counts once.
      mrt(
        13,
        8,
        t.bytes(
          u32(4),
          t.nlri([192, 0, 2, 0], 24),
          t.u16(2),
          ...[7, 8].map((id) =>
            t.bytes(t.u16(0), u32(0), u32(id), t.attributeBlock(t.origin(0), t.asPath([[64496, 64510]]))),
          ),
        ),
      ),
    );
    const table = new RouteTable();
    for await (const record of readMrtRecords(
      (async function* () {
        yield input;
      })(),
    ))
      table.add(record);
    const routes = [...table.routes()].map(
      (r) => `${formatPrefix(r.prefix)} ${formatOrigin(r.origin)} ${r.peers}`,
    );
    expect(routes).toEqual([
      "198.51.96.0/20 64511 2",
      "203.0.113.0/24 64500 1",
      "203.0.113.0/24 {64501,64502} 1",
      "2001:db8:ffff::/48 4200000000 2",
      "::/0 64499 1",
      "192.0.2.0/24 64510 1",
    ]);
    expect(table.size).toBe(6);
    expect([...table.routes(2)]).toHaveLength(2);
  });
});
