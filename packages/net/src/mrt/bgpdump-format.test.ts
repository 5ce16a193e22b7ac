import { describe, expect, it } from "vitest";
import { bgpdumpIpv6, formatBgpdump } from "./bgpdump-format";
import { readMrtRecords } from "./parser";
import * as t from "./testing";

const { bytes, u16, u32, mrt, attribute } = t;
const P4 = { as: 64496, address: t.ipv4("192.0.2.1") };
const L4 = { as: 64511, address: t.ipv4("192.0.2.254") };
const P6 = { as: 64497, address: t.ipv6("2001:db8:0:1:1:1:1:1") };
const L6 = { as: 64510, address: t.ipv6("2001:db8:0:0:0:0:0:fe") };

async function format(...records: Uint8Array[]): Promise<string[]> {
  const input = bytes(...records);
  let out = "";
  for await (const r of readMrtRecords(
    (async function* () {
      yield input;
    })(),
  )) {
    out += formatBgpdump(r);
  }
  return out.split("\n").slice(0, -1);
}

describe("bgpdumpIpv6", () => {
  // The cases of bgpdump's own `-T` self-test, plus the ways it departs from RFC 5952.
  it.each([
    ["fe80:0:0:0:0:0:0:0", "fe80::"],
    ["2001:db8:0:0:0:0:0:1", "2001:db8::1"],
    ["0:0:0:0:0:ffff:c0a8:201", "::ffff:192.168.2.1"],
    ["0:0:0:0:0:0:c0a8:102", "::192.168.1.2"],
    ["2001:7f8:30:0:2:1:0:8447", "2001:7f8:30::2:1:0:8447"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8::1:1:1:1:1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
  ])("%s -> %s", (groups, text) => {
    expect(bgpdumpIpv6(Uint8Array.from(t.ipv6(groups)))).toBe(text);
  });
});

// Every expected line below was produced by running Debian's bgpdump 1.6.2 (`bgpdump -m`) on the
// same synthetic bytes; they pin the corners the real archives in tests/integration do not reach.
describe("formatBgpdump matches bgpdump 1.6.2 on synthetic records", () => {
  it("merges AS4_PATH into a 2-byte AS_PATH by repeating the first segment, as bgpdump does", async () => {
    const update = t.bgpUpdate(
      [],
      [t.origin(0), t.asPath([[1], [2, 23456]], 2), t.as4Path([[70000]]), t.nextHop("192.0.2.1")],
      t.nlri([10, 0, 0, 0], 8),
    );
    expect(await format(mrt(16, 1, t.bgp4mpMessageBody(2, P4, L4, update)))).toEqual([
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.0.0.0/8|1 1 70000|IGP|192.0.2.1|0|0||NAG||",
    ]);
  });

  it("writes sets with commas in braces and confederation segments in () and []", async () => {
    const path = t.asPath([[3, [65001, 65002]], [3356], [1, [1, 2]], [4, [7, 8]]]);
    const update = t.bgpUpdate([], [t.origin(1), path, t.nextHop("192.0.2.1")], t.nlri([10, 1, 0, 0], 16));
    expect(await format(mrt(16, 4, t.bgp4mpMessageBody(4, P4, L4, update)))).toEqual([
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.1.0.0/16|(65001 65002) 3356 {1,2} [7,8]|EGP|192.0.2.1|0|0||NAG||",
    ]);
  });

  it("prints ADD-PATH path ids, and the local side for MESSAGE_LOCAL_ADDPATH", async () => {
    const update = t.bgpUpdate(
      t.nlri([10, 9, 0, 0], 16, 7),
      [t.origin(2), t.asPath([[64511]], 2), t.nextHop("192.0.2.254")],
      t.nlri([10, 2, 0, 0], 16, 5),
    );
    expect(await format(mrt(16, 10, t.bgp4mpMessageBody(2, P4, L4, update)))).toEqual([
      "BGP4MP_AP|1700000000|W|192.0.2.254|64511|10.9.0.0/16|7",
      "BGP4MP_AP|1700000000|A|192.0.2.254|64511|10.2.0.0/16|5|64511|INCOMPLETE|192.0.2.254|0|0||NAG||",
    ]);
  });

  it("prints MP_REACH/MP_UNREACH IPv6 routes of a sent message (BGP4MP_LOCAL)", async () => {
    const unreach = attribute(0x80, 15, bytes(u16(2), [1], t.nlri(t.ipv6("2001:db8:1:0:0:0:0:0"), 48)));
    const reach = attribute(
      0x80,
      14,
      bytes(
        u16(2),
        [1],
        [32],
        t.ipv6("2001:db8:0:0:0:0:0:1"),
        t.ipv6("fe80:0:0:0:0:0:0:1"),
        [0],
        t.nlri(t.ipv6("2001:db8:2:0:0:0:0:0"), 48),
      ),
    );
    const update = t.bgpUpdate([], [t.origin(0), t.asPath([[64511]], 2), reach, unreach], []);
    expect(await format(mrt(16, 6, t.bgp4mpMessageBody(2, P4, L4, update)))).toEqual([
      // bgpdump formats the IPv4 peer address as IPv6 in this one place.
      "BGP4MP_LOCAL|1700000000|W|c000:201::|64496|2001:db8:1::/48",
      "BGP4MP_LOCAL|1700000000|A|192.0.2.1|64496|2001:db8:2::/48|64511|IGP|2001:db8::1|0|0||NAG||",
    ]);
  });

  it("prints communities (well-known ones by name), AG, and AS4_AGGREGATOR in place of AS_TRANS", async () => {
    const update = t.bgpUpdate(
      [],
      [
        t.origin(0),
        t.asPath([[64496, 23456]], 2),
        t.as4Path([[64496, 200000]]),
        t.nextHop("192.0.2.1"),
        attribute(0x40, 6, []),
        attribute(0xc0, 7, bytes(u16(23456), t.ipv4("198.51.100.1"))),
        attribute(0xc0, 18, bytes(u32(200000), t.ipv4("198.51.100.2"))),
        t.communities([0xffffff01, 0xffffff02, 0xffffff03, (65000 << 16) | 1]),
        t.med(5),
        t.localPref(200),
      ],
      t.nlri([10, 3, 0, 0], 24),
    );
    expect(await format(mrt(16, 1, t.bgp4mpMessageBody(2, P4, L4, update)))).toEqual([
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.3.0.0/24|64496 200000|IGP|192.0.2.1|200|5|no-export no-advertise local-AS 65000:1|AG|200000 198.51.100.2|",
    ]);
  });

  it("prints defaults for missing ORIGIN and NEXT_HOP, and LOCAL_PREF/MED of MP IPv4 routes as signed", async () => {
    const noNextHop = t.bgpUpdate([], [t.asPath([[64496]])], t.nlri([10, 4, 0, 0], 24));
    const reach4 = attribute(
      0x80,
      14,
      bytes(u16(1), [1], [16], t.ipv6("2001:db8:0:0:0:0:0:1"), [0], t.nlri([10, 5, 0, 0], 24)),
    );
    const rfc5549 = t.bgpUpdate(
      [],
      [t.origin(0), t.asPath([[64497]]), reach4, t.localPref(3000000000), t.med(4000000000)],
      [],
    );
    expect(
      await format(
        mrt(16, 4, t.bgp4mpMessageBody(4, P4, L4, noNextHop)),
        mrt(16, 4, t.bgp4mpMessageBody(4, P6, L6, rfc5549)),
      ),
    ).toEqual([
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.4.0.0/24|64496|INCOMPLETE|255.255.255.255|0|0||NAG||",
      "BGP4MP|1700000000|A|2001:db8::1:1:1:1:1|64497|10.5.0.0/24|64497|IGP|2001:db8::1|-1294967296|-294967296||NAG||",
    ]);
  });

  it("appends microseconds to BGP4MP_ET times", async () => {
    const body = bytes(u32(4200000000), u32(64510), u16(0), u16(2), P6.address, L6.address, u16(1), u16(2));
    expect(await format(mrt(17, 5, body, { microseconds: 42 }))).toEqual([
      "BGP4MP_ET|1700000000.000042|STATE|2001:db8::1:1:1:1:1|4200000000|1|2",
    ]);
  });

  it("cuts AS paths past 7900 characters with '...', and prints malformed ones as '! Error !'", async () => {
    const big = Array.from({ length: 255 }, () => 4294967295);
    const long = t.bgpUpdate(
      [],
      [t.origin(0), t.asPath([big, big, big, [1, [1, 2]]]), t.nextHop("192.0.2.1")],
      t.nlri([10, 6, 0, 0], 24),
    );
    const broken = t.bgpUpdate(
      [],
      [t.origin(0), attribute(0x40, 2, [2, 1, 0, 0, 0, 1, 9, 1, 0]), t.nextHop("192.0.2.1")],
      t.nlri([10, 7, 0, 0], 24),
    );
    const [longLine, brokenLine] = await format(
      mrt(16, 4, t.bgp4mpMessageBody(4, P4, L4, long)),
      mrt(16, 4, t.bgp4mpMessageBody(4, P4, L4, broken)),
    );
    const path = longLine?.split("|")[6] ?? "";
    expect(path).toBe(`${Array.from({ length: 719 }, () => "4294967295").join(" ")}...`);
    expect(brokenLine).toBe(
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.7.0.0/24|! Error !|IGP|192.0.2.1|0|0||NAG||",
    );
  });

  it("ignores an AS4_PATH longer than AS_PATH, and writes an empty set as {}", async () => {
    const update = t.bgpUpdate(
      [],
      [
        t.origin(0),
        t.asPath([[1, 23456], [1, []], [5]], 2),
        t.as4Path([[70000, 70001, 70002, 70003, 70004]]),
        t.nextHop("192.0.2.1"),
      ],
      t.nlri([10, 8, 0, 0], 24),
    );
    expect(await format(mrt(16, 1, t.bgp4mpMessageBody(2, P4, L4, update)))).toEqual([
      "BGP4MP|1700000000|A|192.0.2.1|64496|10.8.0.0/24|1 23456 {}5|IGP|192.0.2.1|0|0||NAG||",
    ]);
  });

  it("prints the peer of a sent IPv4 message (BGP4MP_LOCAL) for withdrawals and announcements", async () => {
    const update = t.bgpUpdate(
      t.nlri([10, 10, 0, 0], 16),
      [t.origin(0), t.asPath([[64511]]), t.nextHop("192.0.2.254")],
      t.nlri([10, 11, 0, 0], 16),
    );
    expect(await format(mrt(16, 7, t.bgp4mpMessageBody(4, P4, L4, update)))).toEqual([
      "BGP4MP_LOCAL|1700000000|W|192.0.2.1|64496|10.10.0.0/16",
      "BGP4MP_LOCAL|1700000000|A|192.0.2.1|64496|10.11.0.0/16|64511|IGP|192.0.2.254|0|0||NAG||",
    ]);
  });

  it("prints TABLE_DUMP_V2 ADD-PATH entries with their path id and the abbreviated MP next hop", async () => {
    const peers = bytes(
      t.ipv4("192.0.2.100"),
      u16(0),
      u16(2),
      [2],
      t.ipv4("192.0.2.1"),
      t.ipv4("192.0.2.1"),
      u32(64496),
      [3],
      t.ipv4("192.0.2.2"),
      t.ipv6("2001:db8:0:0:0:0:0:2"),
      u32(4200000000),
    );
    const mpNextHop = attribute(0x80, 14, bytes([16], t.ipv6("2001:db8:0:0:0:0:0:2")));
    const rib = bytes(
      u32(0),
      t.nlri(t.ipv6("2001:db8:100:0:0:0:0:0"), 40),
      u16(2),
      u16(0),
      u32(1600000000),
      u32(11),
      t.attributeBlock(t.origin(0), t.asPath([[64496]])),
      u16(1),
      u32(1600000000),
      u32(12),
      t.attributeBlock(t.origin(0), t.asPath([[4200000000, 64496]]), mpNextHop),
    );
    expect(await format(mrt(13, 1, peers), mrt(13, 10, rib))).toEqual([
      "TABLE_DUMP2_AP|1700000000|B|192.0.2.1|64496|2001:db8:100::/40|11|64496|IGP|255.255.255.255|0|0||NAG||",
      "TABLE_DUMP2_AP|1700000000|B|2001:db8::2|4200000000|2001:db8:100::/40|12|4200000000 64496|IGP|2001:db8::2|0|0||NAG||",
    ]);
  });

  it("prints nothing for records bgpdump does not print", async () => {
    const keepalive = bytes(new Uint8Array(16).fill(0xff), u16(19), [4]);
    const multicast = bytes(u32(0), t.nlri([224, 0, 0, 0], 8), u16(0));
    expect(
      await format(mrt(16, 1, t.bgp4mpMessageBody(2, P4, L4, keepalive)), mrt(13, 3, multicast)),
    ).toEqual([]);
  });
});
