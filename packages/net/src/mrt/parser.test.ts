import { describe, expect, it } from "vitest";
import { formatBgpdump } from "./bgpdump-format";
import type { MrtRecord } from "./models";
import { MrtParseError, MrtStreamDecoder, readMrtRecords } from "./parser";
import * as t from "./testing";

const { bytes, u16, u32, mrt } = t;
const P4 = { as: 64496, address: t.ipv4("192.0.2.1") };
const L4 = { as: 64511, address: t.ipv4("192.0.2.254") };

async function* chunked(input: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const size of sizes) {
    yield input.subarray(at, at + size);
    at += size;
  }
  if (at < input.length) yield input.subarray(at);
}

async function collect(input: Uint8Array, options = {}, sizes: number[] = []): Promise<MrtRecord[]> {
  const out: MrtRecord[] = [];
  for await (const r of readMrtRecords(chunked(input, sizes), options)) out.push(r);
  return out;
}

function update(prefix: number[], length: number): Uint8Array {
  return mrt(
    16,
    4,
    t.bgp4mpMessageBody(
      4,
      P4,
      L4,
      t.bgpUpdate(
        [],
        [t.origin(0), t.asPath([[64496, 64497]]), t.nextHop("192.0.2.1")],
        t.nlri(prefix, length),
      ),
    ),
  );
}

const stateChange = mrt(
  16,
  0,
  bytes(u16(64496), u16(64511), u16(0), u16(1), P4.address, L4.address, u16(3), u16(6)),
);

describe("readMrtRecords", () => {
  it("decodes a BGP4MP_ET state change with its microseconds", async () => {
    const body = bytes(u16(64496), u16(64511), u16(0), u16(1), P4.address, L4.address, u16(1), u16(2));
    const [r] = await collect(mrt(17, 0, body, { timestamp: 1445565678, microseconds: 509481 }));
    expect(r).toMatchObject({
      kind: "bgp4mp_state_change",
      header: { offset: 0, timestamp: 1445565678, microseconds: 509481, type: 17, length: 20 },
      peerAs: 64496,
      localAs: 64511,
      oldState: 1,
      newState: 2,
      issues: [],
    });
  });

  it("yields the same records whatever the chunking, a record split at every byte position", async () => {
    const input = bytes(stateChange, update([10, 1, 0, 0], 16));
    const whole = (await collect(input)).map(formatBgpdump).join("");
    expect(whole.split("\n")).toHaveLength(3);
    for (let cut = 1; cut < input.length; cut++) {
      const split = (await collect(input, {}, [cut])).map(formatBgpdump).join("");
      expect(split, `split at byte ${cut}`).toBe(whole);
    }
    const bytewise = (await collect(input, {}, Array<number>(input.length).fill(1)))
      .map(formatBgpdump)
      .join("");
    expect(bytewise).toBe(whole);
  });

  it("reports a corrupt record with its byte offset and carries on", async () => {
    const good = update([10, 1, 0, 0], 16);
    const badMarker = bytes(good);
    badMarker[12 + 20] = 0x00; // first marker byte, after the 12-byte header and 20 bytes of peer fields
    const input = bytes(stateChange, badMarker, good);
    const records = await collect(input);
    expect(records.map((r) => r.kind)).toEqual(["bgp4mp_state_change", "corrupt", "bgp4mp_message"]);
    expect(records[1]).toMatchObject({
      kind: "corrupt",
      offset: stateChange.length,
      reason: "bad BGP marker",
    });
    expect(records[2]?.kind === "bgp4mp_message" && records[2].header.offset).toBe(
      stateChange.length + badMarker.length,
    );
  });

  it("stops at the first corrupt record in strict mode, naming its offset", async () => {
    const bad = mrt(16, 0, bytes(u16(64496), u16(64511), u16(0), u16(7), u32(0), u32(0), u16(1), u16(2)));
    const input = bytes(stateChange, bad, stateChange);
    const seen: string[] = [];
    const run = async () => {
      for await (const r of readMrtRecords(chunked(input, []), { strict: true })) seen.push(r.kind);
    };
    await expect(run()).rejects.toThrow(MrtParseError);
    await expect(run()).rejects.toMatchObject({ offset: stateChange.length });
    expect(seen[0]).toBe("bgp4mp_state_change");
    // Lenient mode reports the same record and reads the one after it.
    expect((await collect(input)).map((r) => r.kind)).toEqual([
      "bgp4mp_state_change",
      "corrupt",
      "bgp4mp_state_change",
    ]);
  });

  it("in strict mode also refuses records decoded only by tolerating damage", async () => {
    const cut = update([10, 1, 0, 0], 16);
    // Claim a BGP message 4 bytes longer than what the record holds.
    const sizeAt = 12 + 20 + 16;
    const size = ((cut[sizeAt] as number) << 8) | (cut[sizeAt + 1] as number);
    cut[sizeAt + 1] = (size + 4) & 255;
    const [lenient] = await collect(cut);
    expect(lenient?.kind === "bgp4mp_message" && lenient.issues[0]).toMatch(/BGP message cut short/);
    await expect(collect(cut, { strict: true })).rejects.toThrow(/byte 0: BGP message cut short/);
  });

  it("reports a stream that ends inside a record", async () => {
    const input = bytes(stateChange, stateChange.subarray(0, 15));
    const records = await collect(input, {}, [7, 20]);
    expect(records[1]).toMatchObject({ kind: "corrupt", offset: stateChange.length });
    await expect(collect(input, { strict: true })).rejects.toThrow(`byte ${stateChange.length}`);
  });

  it("gives up on a length it will not buffer instead of reading the rest of the file into memory", async () => {
    const huge = bytes(u32(0), u16(16), u16(1), u32(0xfffffff0), new Uint8Array(64));
    const records = await collect(bytes(stateChange, huge, stateChange), { maxRecordLength: 1 << 20 });
    expect(records.map((r) => r.kind)).toEqual(["bgp4mp_state_change", "corrupt"]);
  });

  it("needs a PEER_INDEX_TABLE before RIB entries and checks peer indexes", async () => {
    const entry = bytes(u16(1), u32(0), t.attributeBlock(t.origin(0)));
    const rib = mrt(13, 2, bytes(u32(0), t.nlri([10, 0, 0, 0], 8), u16(1), entry));
    const peers = mrt(
      13,
      1,
      bytes(
        t.ipv4("192.0.2.100"),
        u16(4),
        [0x61, 0x62, 0x63, 0x64],
        u16(1),
        [0],
        P4.address,
        P4.address,
        u16(64496),
      ),
    );
    const records = await collect(bytes(rib, peers, rib));
    expect(records[0]).toMatchObject({ kind: "corrupt", reason: "RIB entry before any PEER_INDEX_TABLE" });
    expect(records[1]).toMatchObject({ kind: "peer_index_table", viewName: "abcd", peers: [{ asn: 64496 }] });
    expect(records[2]).toMatchObject({
      kind: "corrupt",
      reason: "peer index 1 not in the PEER_INDEX_TABLE (1 peers)",
    });
  });

  it("decodes TABLE_DUMP_V2 RIB_GENERIC and ADD-PATH entries", async () => {
    const peers = mrt(
      13,
      1,
      bytes(t.ipv4("192.0.2.100"), u16(0), u16(1), [2], P4.address, P4.address, u32(64496)),
    );
    const entry = bytes(u16(0), u32(1600000000), u32(9), t.attributeBlock(t.origin(0), t.asPath([[64496]])));
    const generic = mrt(13, 12, bytes(u32(5), u16(1), [2], t.nlri([232, 1, 0, 0], 16), u16(1), entry));
    const [, r] = await collect(bytes(peers, generic));
    expect(r).toMatchObject({
      kind: "rib",
      afi: 1,
      safi: 2,
      addPath: true,
      sequence: 5,
      prefix: { length: 16, address: Uint8Array.from([232, 1, 0, 0]) },
      entries: [{ peerIndex: 0, pathId: 9, originatedTime: 1600000000, attributes: { origin: 0 } }],
    });
    // bgpdump prints nothing for RIB_GENERIC, and neither does its formatter here.
    expect(r && formatBgpdump(r)).toBe("");
  });

  it("decodes TABLE_DUMP (v1) entries", async () => {
    const body = bytes(
      u16(0),
      u16(7),
      [193, 0, 0, 0],
      [16, 1],
      u32(1000),
      P4.address,
      u16(64496),
      t.attributeBlock(t.origin(0), t.asPath([[64496, 3333]], 2), t.nextHop("192.0.2.1")),
    );
    const [r] = await collect(mrt(12, 1, body, { timestamp: 1027381055 }));
    expect(r && formatBgpdump(r)).toBe(
      "TABLE_DUMP|1027381055|B|192.0.2.1|64496|193.0.0.0/16|64496 3333|IGP|192.0.2.1|0|0||NAG||\n",
    );
  });

  it("yields records of types it does not decode as unsupported", async () => {
    const [r] = await collect(mrt(11, 1, [1, 2, 3]));
    expect(r).toMatchObject({ kind: "unsupported", header: { type: 11, length: 3 } });
  });
});

describe("MrtStreamDecoder", () => {
  it("hands out each record as soon as the chunk that completes it is pushed", () => {
    const input = bytes(update([10, 0, 0, 0], 8), stateChange, update([10, 1, 0, 0], 16));
    const decoder = new MrtStreamDecoder();
    const cut = update([10, 0, 0, 0], 8).length + 5;
    expect([...decoder.push(input.subarray(0, 3))]).toEqual([]);
    expect([...decoder.push(input.subarray(3, cut))].map((r) => r.kind)).toEqual(["bgp4mp_message"]);
    expect([...decoder.push(input.subarray(cut))].map((r) => r.kind)).toEqual([
      "bgp4mp_state_change",
      "bgp4mp_message",
    ]);
    expect(decoder.end()).toBeNull();
  });

  it("reports a stream cut inside a record at its end, and stops for good once framing is lost", () => {
    const cutShort = new MrtStreamDecoder();
    expect([...cutShort.push(stateChange.subarray(0, 20))]).toEqual([]);
    expect(cutShort.end()).toMatchObject({ kind: "corrupt", offset: 0 });

    const lost = new MrtStreamDecoder({ maxRecordLength: 32 });
    const records = [...lost.push(bytes(stateChange, update([10, 0, 0, 0], 8)))];
    expect(records.map((r) => r.kind)).toEqual(["bgp4mp_state_change", "corrupt"]);
    expect(lost.lost).toBe(true);
    expect([...lost.push(stateChange)]).toEqual([]);
    expect(lost.end()).toBeNull();
  });
});
