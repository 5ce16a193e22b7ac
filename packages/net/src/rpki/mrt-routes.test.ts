import { describe, expect, it } from "vitest";
import { AsSegmentType, type MrtRecord } from "../mrt/models";
import { readMrtRecords } from "../mrt/parser";
import * as t from "../mrt/testing";
import { formatPrefix } from "../prefix";
import { mrtRouteItems, pathOrigin } from "./mrt-routes";
import { formatOrigin } from "./route";

const { bytes, u16, u32, mrt } = t;
const PEER = { as: 64496, address: t.ipv4("192.0.2.1") };
const LOCAL = { as: 64511, address: t.ipv4("192.0.2.254") };

async function records(input: Uint8Array): Promise<MrtRecord[]> {
  const out: MrtRecord[] = [];
  async function* once() {
    yield input;
  }
  for await (const r of readMrtRecords(once())) out.push(r);
  return out;
}

async function items(input: Uint8Array): Promise<string[]> {
  return (await records(input))
    .flatMap(mrtRouteItems)
    .map((i) =>
      i.kind === "route"
        ? `${formatPrefix(i.route.prefix)} ${formatOrigin(i.route.origin)}`
        : `skipped ${i.prefix ? formatPrefix(i.prefix) : "-"}: ${i.reason}`,
    );
}

function update(
  asnLength: 2 | 4,
  withdrawn: number[],
  attributes: Uint8Array[],
  announced: number[],
): Uint8Array {
  return mrt(
    16,
    asnLength === 2 ? 1 : 4,
    t.bgp4mpMessageBody(asnLength, PEER, LOCAL, t.bgpUpdate(withdrawn, attributes, announced)),
  );
}

describe("routes out of MRT records", () => {
  it("takes each announced prefix with the last AS of the path, and no withdrawal", async () => {
    const input = update(
      4,
      t.nlri([203, 0, 113, 0], 24),
      [t.origin(0), t.asPath([[64496, 64500, 4200000000]]), t.nextHop("192.0.2.1")],
      [...t.nlri([198, 51, 100, 0], 24), ...t.nlri([198, 51, 100, 128], 25)],
    );
    expect(await items(input)).toEqual(["198.51.100.0/24 4200000000", "198.51.100.128/25 4200000000"]);
  });

  it("takes MP_REACH_NLRI (IPv6) announcements too", async () => {
    const reach = t.attribute(
      0x80,
      14,
      bytes(
        u16(2),
        [1],
        [16],
        t.ipv6("2001:db8:0:0:0:0:0:1"),
        [0],
        t.nlri(t.ipv6("2001:db8:1:0:0:0:0:0"), 48),
      ),
    );
    const input = update(4, [], [t.origin(0), t.asPath([[64496, 64501]]), reach], []);
    expect(await items(input)).toEqual(["2001:db8:1::/48 64501"]);
  });

  it("gives an AS_SET origin when the path ends in a set", async () => {
    const input = update(
      4,
      [],
      [
        t.origin(2),
        t.asPath([[64496], [AsSegmentType.AS_SET, [64502, 64501, 64502]]]),
        t.nextHop("192.0.2.1"),
      ],
      t.nlri([192, 0, 2, 0], 24),
    );
    expect(await items(input)).toEqual(["192.0.2.0/24 {64501,64502}"]);
  });

  it("uses AS4_PATH on 2-byte sessions (RFC 6793)", async () => {
    const input = update(
      2,
      [],
      [t.origin(0), t.asPath([[64496, 23456]], 2), t.as4Path([[64496, 4200000001]]), t.nextHop("192.0.2.1")],
      t.nlri([192, 0, 2, 0], 24),
    );
    expect(await items(input)).toEqual(["192.0.2.0/24 4200000001"]);
  });

  it("skips, with the reason, routes whose origin a collector cannot name", async () => {
    const nlri = t.nlri([192, 0, 2, 0], 24);
    expect(await items(update(4, [], [t.origin(0), t.asPath([]), t.nextHop("192.0.2.1")], nlri))).toEqual([
      "skipped 192.0.2.0/24: empty AS_PATH",
    ]);
    expect(await items(update(4, [], [t.origin(0), t.nextHop("192.0.2.1")], nlri))).toEqual([
      "skipped 192.0.2.0/24: no AS_PATH",
    ]);
    const confed = t.asPath([[64496], [AsSegmentType.AS_CONFED_SEQUENCE, [65001]]]);
    expect(await items(update(4, [], [t.origin(0), confed, t.nextHop("192.0.2.1")], nlri))).toEqual([
      "skipped 192.0.2.0/24: AS_PATH ends in a confederation segment",
    ]);
  });

  it("reads every TABLE_DUMP_V2 RIB entry, and TABLE_DUMP v1 with host bits cleared", async () => {
    const peers = mrt(
      13,
      1,
      bytes(
        t.ipv4("192.0.2.100"),
        u16(0),
        u16(2),
        [2],
        PEER.address,
        PEER.address,
        u32(64496),
        [2],
        LOCAL.address,
        LOCAL.address,
        u32(64511),
      ),
    );
    const entry = (peer: number, path: number[]) =>
      bytes(u16(peer), u32(1600000000), t.attributeBlock(t.origin(0), t.asPath([path])));
    const rib = mrt(
      13,
      2,
      bytes(u32(0), t.nlri([10, 0, 0, 0], 8), u16(2), entry(0, [64496, 64503]), entry(1, [64511, 64504])),
    );
    const multicast = mrt(13, 3, bytes(u32(1), t.nlri([232, 0, 0, 0], 8), u16(1), entry(0, [64496])));
    const v1 = mrt(
      12,
      1,
      bytes(
        u16(0),
        u16(7),
        [193, 0, 0, 1],
        [16, 1],
        u32(1000),
        PEER.address,
        u16(64496),
        t.attributeBlock(t.origin(0), t.asPath([[64496, 3333]], 2)),
      ),
    );
    expect(await items(bytes(peers, rib, multicast, v1))).toEqual([
      "10.0.0.0/8 64503",
      "10.0.0.0/8 64504",
      "193.0.0.0/16 3333",
    ]);
  });

  it("reads the origin off a path", () => {
    expect(pathOrigin({ asnLength: 4, malformed: true, segments: [{ type: 2, asns: [1] }] })).toBe(
      "malformed AS_PATH",
    );
    expect(pathOrigin({ asnLength: 4, malformed: false, segments: [{ type: 2, asns: [1, 2] }] })).toBe(2);
  });
});
