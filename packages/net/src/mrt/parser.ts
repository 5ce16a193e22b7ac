/**
 * Streaming MRT reader (RFC 6396, RFC 8050 ADD-PATH, BGP4MP_ET microsecond timestamps).
 *
 * Takes decompressed bytes as an async iterable of chunks and yields one record at a time: only
 * the record being decoded is buffered, so memory stays flat whatever the file size. A record
 * that cannot be decoded is yielded as `{kind: "corrupt", offset}` and skipped, or, in strict
 * mode, ends the stream with an `MrtParseError` carrying its byte offset.
 *
 * Where the format leaves room for damaged input, decoding follows bgpdump 1.6 (the reference
 * this project is checked against): short fields read as zeros, and records bgpdump refuses
 * (bad BGP marker, unknown address family, impossible state-change length) are the corrupt ones.
 */
import { readPathAttributes, readPrefixList } from "./attributes";
import { ByteCursor } from "./byte-cursor";
import {
  Afi,
  Bgp4mpSubtype,
  type BgpMessage,
  type Issues,
  type MrtHeader,
  type MrtRecord,
  MrtType,
  type Peer,
  type Prefix,
  Safi,
  TableDumpV2Subtype,
} from "./models";

export class MrtParseError extends Error {
  readonly offset: number;
  constructor(offset: number, reason: string) {
    super(`MRT record at byte ${offset}: ${reason}`);
    this.name = "MrtParseError";
    this.offset = offset;
  }
}

export interface MrtParseOptions {
  /**
   * Stop with an MrtParseError at the first corrupt record, and at the first record whose
   * decoding had to tolerate damage (its `issues` are not empty). Default false: report and go on.
   */
  strict?: boolean;
  /**
   * Largest record body accepted. A length field beyond it is taken as corruption (the framing is
   * lost, so reading stops) rather than buffering the rest of the file. Default 64 MiB.
   */
  maxRecordLength?: number;
}

/** What decoding a record needs from the records before it. */
export interface MrtDecoderState {
  peerIndexTable: Peer[] | null;
}

class RecordCorrupt extends Error {}

function corrupt(reason: string): never {
  throw new RecordCorrupt(reason);
}

const TEXT = new TextDecoder("utf-8");

/** Decodes one record body. Exposed for tests and for callers that frame records themselves. */
export function decodeRecord(header: MrtHeader, body: ByteCursor, state: MrtDecoderState): MrtRecord {
  try {
    switch (header.type) {
      case MrtType.TABLE_DUMP:
        return decodeTableDump(header, body);
      case MrtType.TABLE_DUMP_V2:
        return decodeTableDumpV2(header, body, state);
      case MrtType.BGP4MP:
      case MrtType.BGP4MP_ET:
        return decodeBgp4mp(header, body);
      default:
        return { kind: "unsupported", header, reason: `MRT type ${header.type} is not decoded` };
    }
  } catch (error) {
    if (error instanceof RecordCorrupt) {
      return { kind: "corrupt", offset: header.offset, header, reason: error.message };
    }
    throw error;
  }
}

function finish(body: ByteCursor, issues: Issues): void {
  if (body.overrun) issues.push("record body shorter than its fields");
}

function decodeTableDump(header: MrtHeader, body: ByteCursor): MrtRecord {
  // Subtypes 3 and 4 are the AS4 variants some pre-RFC dumpers wrote; RFC 6396 has 1 and 2 only.
  const subtype = header.subtype;
  if (subtype < 1 || subtype > 4) {
    return { kind: "unsupported", header, reason: `TABLE_DUMP subtype ${subtype} is not an AFI` };
  }
  const afi = subtype === 1 || subtype === 3 ? Afi.IPV4 : Afi.IPV6;
  const asnLength = subtype <= 2 ? 2 : 4;
  const size = afi === Afi.IPV4 ? 4 : 16;
  const issues: Issues = [];
  const view = body.u16();
  const sequence = body.u16();
  const address = body.take(size);
  const length = body.u8();
  const status = body.u8();
  const originatedTime = body.u32();
  const peerAddress = body.take(size);
  const peerAs = asnLength === 2 ? body.u16() : body.u32();
  const attributes = readPathAttributes(body, asnLength, false, issues);
  finish(body, issues);
  return {
    kind: "table_dump",
    header,
    afi,
    view,
    sequence,
    prefix: { afi, length, address },
    status,
    originatedTime,
    peerAddress,
    peerAs,
    attributes,
    issues,
  };
}

function decodePeerIndexTable(header: MrtHeader, body: ByteCursor, state: MrtDecoderState): MrtRecord {
  const issues: Issues = [];
  const collectorBgpId = body.take(4);
  const viewName = TEXT.decode(body.take(body.u16()));
  const count = body.u16();
  const peers: Peer[] = [];
  for (let i = 0; i < count; i++) {
    const peerType = body.u8();
    const bgpId = body.take(4);
    const address = body.take(peerType & 1 ? 16 : 4);
    const asn = peerType & 2 ? body.u32() : body.u16();
    peers.push({ peerType, bgpId, address, asn });
  }
  finish(body, issues);
  state.peerIndexTable = peers;
  return { kind: "peer_index_table", header, collectorBgpId, viewName, peers, issues };
}

/** The RIB subtypes with a fixed AFI/SAFI, and whether they carry ADD-PATH path identifiers. */
const RIB_SUBTYPES: Record<number, { afi: number; safi: number; addPath: boolean }> = {
  [TableDumpV2Subtype.RIB_IPV4_UNICAST]: { afi: Afi.IPV4, safi: Safi.UNICAST, addPath: false },
  [TableDumpV2Subtype.RIB_IPV4_MULTICAST]: { afi: Afi.IPV4, safi: Safi.MULTICAST, addPath: false },
  [TableDumpV2Subtype.RIB_IPV6_UNICAST]: { afi: Afi.IPV6, safi: Safi.UNICAST, addPath: false },
  [TableDumpV2Subtype.RIB_IPV6_MULTICAST]: { afi: Afi.IPV6, safi: Safi.MULTICAST, addPath: false },
  [TableDumpV2Subtype.RIB_IPV4_UNICAST_ADDPATH]: { afi: Afi.IPV4, safi: Safi.UNICAST, addPath: true },
  [TableDumpV2Subtype.RIB_IPV4_MULTICAST_ADDPATH]: { afi: Afi.IPV4, safi: Safi.MULTICAST, addPath: true },
  [TableDumpV2Subtype.RIB_IPV6_UNICAST_ADDPATH]: { afi: Afi.IPV6, safi: Safi.UNICAST, addPath: true },
  [TableDumpV2Subtype.RIB_IPV6_MULTICAST_ADDPATH]: { afi: Afi.IPV6, safi: Safi.MULTICAST, addPath: true },
};

function decodeTableDumpV2(header: MrtHeader, body: ByteCursor, state: MrtDecoderState): MrtRecord {
  const subtype = header.subtype;
  if (subtype === TableDumpV2Subtype.PEER_INDEX_TABLE) return decodePeerIndexTable(header, body, state);
  const issues: Issues = [];
  let kind = RIB_SUBTYPES[subtype];
  const generic =
    subtype === TableDumpV2Subtype.RIB_GENERIC || subtype === TableDumpV2Subtype.RIB_GENERIC_ADDPATH;
  const sequence = body.u32();
  if (generic) {
    const afi = body.u16();
    const safi = body.u8();
    // Only plain prefixes are decoded; other SAFIs (labelled, VPN, flowspec) encode NLRI differently.
    if ((afi !== Afi.IPV4 && afi !== Afi.IPV6) || (safi !== Safi.UNICAST && safi !== Safi.MULTICAST)) {
      return {
        kind: "unsupported",
        header,
        reason: `RIB_GENERIC for AFI ${afi} SAFI ${safi} is not decoded`,
      };
    }
    kind = { afi, safi, addPath: subtype === TableDumpV2Subtype.RIB_GENERIC_ADDPATH };
  }
  if (!kind)
    return { kind: "unsupported", header, reason: `TABLE_DUMP_V2 subtype ${subtype} is not decoded` };
  const prefix = readRibPrefix(body, kind.afi, issues);
  const count = body.u16();
  const peers = state.peerIndexTable;
  if (count > 0 && !peers) corrupt("RIB entry before any PEER_INDEX_TABLE");
  const entries = [];
  for (let i = 0; i < count; i++) {
    const peerIndex = body.u16();
    const peer = peers?.[peerIndex];
    if (!peer) corrupt(`peer index ${peerIndex} not in the PEER_INDEX_TABLE (${peers?.length ?? 0} peers)`);
    const originatedTime = body.u32();
    const pathId = kind.addPath ? body.u32() : undefined;
    // RFC 6396 §4.3.4: attributes in RIB entries always use 4-byte ASNs.
    const attributes = readPathAttributes(body, 4, kind.addPath, issues);
    entries.push(
      pathId === undefined
        ? { peerIndex, peer, originatedTime, attributes }
        : { peerIndex, peer, originatedTime, pathId, attributes },
    );
  }
  finish(body, issues);
  return {
    kind: "rib",
    header,
    afi: kind.afi,
    safi: kind.safi,
    addPath: kind.addPath,
    sequence,
    prefix,
    entries,
    issues,
  };
}

function readRibPrefix(body: ByteCursor, afi: number, issues: Issues): Prefix {
  const size = afi === Afi.IPV4 ? 4 : 16;
  const length = body.u8();
  const byteCount = (length + 7) >> 3;
  if (byteCount > size) corrupt(`prefix length ${length} too long for AFI ${afi}`);
  const address = new Uint8Array(size);
  const bytes = body.bytes;
  const available = Math.min(byteCount, body.remaining);
  for (let i = 0, p = body.pos; i < available; i++, p++) address[i] = bytes[p] as number;
  body.skip(byteCount);
  if (body.overrun) issues.push("RIB prefix cut short");
  return { afi, length, address };
}

const BGP_MARKER_LENGTH = 16;
const BGP_HEADER_LENGTH = 19;

function decodeBgp4mp(header: MrtHeader, body: ByteCursor): MrtRecord {
  switch (header.subtype) {
    case Bgp4mpSubtype.STATE_CHANGE:
      return decodeStateChange(header, body, 2);
    case Bgp4mpSubtype.STATE_CHANGE_AS4:
      return decodeStateChange(header, body, 4);
    case Bgp4mpSubtype.MESSAGE:
    case Bgp4mpSubtype.MESSAGE_LOCAL:
    case Bgp4mpSubtype.MESSAGE_ADDPATH:
    case Bgp4mpSubtype.MESSAGE_LOCAL_ADDPATH:
      return decodeMessage(header, body, 2);
    case Bgp4mpSubtype.MESSAGE_AS4:
    case Bgp4mpSubtype.MESSAGE_AS4_LOCAL:
    case Bgp4mpSubtype.MESSAGE_AS4_ADDPATH:
    case Bgp4mpSubtype.MESSAGE_AS4_LOCAL_ADDPATH:
      return decodeMessage(header, body, 4);
    default:
      return { kind: "unsupported", header, reason: `BGP4MP subtype ${header.subtype} is not decoded` };
  }
}

function decodeStateChange(header: MrtHeader, body: ByteCursor, asnLength: 2 | 4): MrtRecord {
  const issues: Issues = [];
  const peerAs = asnLength === 2 ? body.u16() : body.u32();
  const localAs = asnLength === 2 ? body.u16() : body.u32();
  let interfaceIndex = 0;
  let afi: number = Afi.IPV4;
  let peerAddress: Uint8Array = new Uint8Array(4);
  let localAddress: Uint8Array = new Uint8Array(4);
  // Old Zebra wrote 8-byte state changes without interface, AFI and addresses.
  if (header.length === 8) {
    issues.push("8-byte state change without addresses (old Zebra)");
  } else {
    interfaceIndex = body.u16();
    afi = body.u16();
    // bgpdump checks the record length rather than the ASN width; keep its rule.
    if (afi === Afi.IPV4) {
      if (header.length !== 20 && header.length !== 24)
        corrupt(`state change of ${header.length} bytes for IPv4`);
      peerAddress = body.take(4);
      localAddress = body.take(4);
    } else if (afi === Afi.IPV6) {
      if (header.length !== 44 && header.length !== 48)
        corrupt(`state change of ${header.length} bytes for IPv6`);
      peerAddress = body.take(16);
      localAddress = body.take(16);
    } else corrupt(`state change for unknown AFI ${afi}`);
  }
  const oldState = body.u16();
  const newState = body.u16();
  finish(body, issues);
  return {
    kind: "bgp4mp_state_change",
    header,
    asnLength,
    peerAs,
    localAs,
    interfaceIndex,
    afi,
    peerAddress,
    localAddress,
    oldState,
    newState,
    issues,
  };
}

function decodeMessage(header: MrtHeader, body: ByteCursor, asnLength: 2 | 4): MrtRecord {
  const subtype = header.subtype;
  const local =
    subtype === Bgp4mpSubtype.MESSAGE_LOCAL ||
    subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL ||
    subtype === Bgp4mpSubtype.MESSAGE_LOCAL_ADDPATH ||
    subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL_ADDPATH;
  const addPath = subtype >= Bgp4mpSubtype.MESSAGE_ADDPATH;
  const issues: Issues = [];
  const peerAs = asnLength === 2 ? body.u16() : body.u32();
  const localAs = asnLength === 2 ? body.u16() : body.u32();
  let interfaceIndex = body.u16();
  let afi = body.u16();
  let peerAddress: Uint8Array;
  let localAddress: Uint8Array;
  let markerOk: boolean;
  if (afi === Afi.IPV4 || afi === Afi.IPV6) {
    const size = afi === Afi.IPV4 ? 4 : 16;
    peerAddress = body.take(size);
    localAddress = body.take(size);
    markerOk = body.allOnes(BGP_MARKER_LENGTH);
  } else if (afi === 0xffff && interfaceIndex === 0xffff) {
    // Zebra wrote OPEN messages without interface, AFI and addresses: what was read as those two
    // fields is the first half of the BGP marker.
    issues.push("message without interface and addresses (old Zebra OPEN)");
    markerOk = body.allOnes(BGP_MARKER_LENGTH - 4);
    interfaceIndex = 0;
    afi = Afi.IPV4;
    peerAddress = new Uint8Array(4);
    localAddress = new Uint8Array(4);
  } else corrupt(`message for unsupported AFI ${afi}`);
  if (!markerOk) corrupt("bad BGP marker");
  const size = body.u16();
  const expected = size - BGP_MARKER_LENGTH - 2;
  // A size below the header's own length is nonsense; bgpdump then takes the rest of the record.
  const messageBytes = body.sub(expected < 0 ? body.remaining : expected);
  if (messageBytes.remaining < expected) {
    issues.push(`BGP message cut short (${messageBytes.remaining + 3} of ${size} bytes)`);
  }
  const message = decodeBgpMessage(messageBytes, size, asnLength, addPath, issues);
  finish(body, issues);
  return {
    kind: "bgp4mp_message",
    header,
    asnLength,
    local,
    addPath,
    peerAs,
    localAs,
    interfaceIndex,
    afi,
    peerAddress,
    localAddress,
    message,
    issues,
  };
}

function decodeBgpMessage(
  m: ByteCursor,
  size: number,
  asnLength: 2 | 4,
  addPath: boolean,
  issues: Issues,
): BgpMessage {
  const type = m.u8();
  switch (type) {
    case 1: {
      const version = m.u8();
      // The OPEN's My AS is 2 bytes whatever the session (RFC 6793 §4.1).
      const myAs = m.u16();
      const holdTime = m.u16();
      const bgpId = m.take(4);
      const optionalParameters = m.take(m.u8());
      return { type: "open", version, myAs, holdTime, bgpId, optionalParameters };
    }
    case 2: {
      const withdrawnBytes = m.sub(m.u16());
      const withdrawn = readPrefixList(withdrawnBytes, Afi.IPV4, addPath, issues);
      const attributes = readPathAttributes(m, asnLength, addPath, issues);
      const announced = readPrefixList(m, Afi.IPV4, addPath, issues);
      if (m.overrun) issues.push("UPDATE shorter than its fields");
      return { type: "update", withdrawn, attributes, announced };
    }
    case 3: {
      const code = m.u8();
      const subcode = m.u8();
      const data = m.take(Math.max(0, Math.min(size - BGP_HEADER_LENGTH - 2, m.remaining)));
      return { type: "notification", code, subcode, data };
    }
    case 4:
      return { type: "keepalive" };
    default:
      return { type: "other", code: type, body: m.take(m.remaining) };
  }
}

const DEFAULT_MAX_RECORD = 64 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function reportOrThrow(record: MrtRecord, strict: boolean): void {
  if (!strict) return;
  if (record.kind === "corrupt") throw new MrtParseError(record.offset, record.reason);
  if (record.kind !== "unsupported" && record.issues.length > 0) {
    throw new MrtParseError(record.header.offset, record.issues.join("; "));
  }
}

/**
 * Frames and decodes an MRT stream pushed chunk by chunk, synchronously: the core of
 * `readMrtRecords`, for callers that handle each record at once and should not pay a promise per
 * record (`atalaya mrt`). Chunks may split records anywhere.
 */
export class MrtStreamDecoder {
  readonly #strict: boolean;
  readonly #maxRecord: number;
  readonly #state: MrtDecoderState = { peerIndexTable: null };
  #buf: Uint8Array = EMPTY;
  #pos = 0;
  /** Stream offset of #buf[0]. */
  #base = 0;
  /** Chunks held back until enough bytes arrive to make progress. */
  #waiting: Uint8Array[] = [];
  #waitingBytes = 0;
  #need = 12;
  /** Set once the stream cannot be framed any more: nothing after that is decoded. */
  #lost = false;

  constructor(options: MrtParseOptions = {}) {
    this.#strict = options.strict ?? false;
    this.#maxRecord = options.maxRecordLength ?? DEFAULT_MAX_RECORD;
  }

  /** True once a record length made the rest of the stream unreadable. */
  get lost(): boolean {
    return this.#lost;
  }

  /**
   * The records this chunk completes, in order. In strict mode the first corrupt or damaged
   * record throws an MrtParseError instead.
   */
  *push(chunk: Uint8Array): Generator<MrtRecord> {
    if (chunk.length === 0 || this.#lost) return;
    const have = this.#buf.length - this.#pos + this.#waitingBytes + chunk.length;
    if (have < this.#need) {
      this.#waiting.push(chunk);
      this.#waitingBytes += chunk.length;
      return;
    }
    const parts =
      this.#pos < this.#buf.length
        ? [this.#buf.subarray(this.#pos), ...this.#waiting, chunk]
        : [...this.#waiting, chunk];
    this.#base += this.#pos;
    const b = concat(parts, have);
    this.#buf = b;
    this.#waiting = [];
    this.#waitingBytes = 0;
    let pos = 0;
    this.#pos = 0;

    while (true) {
      const available = b.length - pos;
      if (available < 12) {
        this.#need = 12;
        break;
      }
      const type = ((b[pos + 4] as number) << 8) | (b[pos + 5] as number);
      const headerLength = type === MrtType.BGP4MP_ET ? 16 : 12;
      if (available < headerLength) {
        this.#need = headerLength;
        break;
      }
      const length =
        (((b[pos + 8] as number) << 24) |
          ((b[pos + 9] as number) << 16) |
          ((b[pos + 10] as number) << 8) |
          (b[pos + 11] as number)) >>>
        0;
      const offset = this.#base + pos;
      if (length > this.#maxRecord || (type === MrtType.BGP4MP_ET && length < 4)) {
        const record: MrtRecord = {
          kind: "corrupt",
          offset,
          header: null,
          reason: `record length ${length} is impossible; the rest of the stream cannot be framed`,
        };
        this.#lost = true;
        this.#pos = b.length;
        reportOrThrow(record, this.#strict);
        yield record;
        return;
      }
      if (available < 12 + length) {
        this.#need = 12 + length;
        break;
      }
      const header: MrtHeader = {
        offset,
        timestamp:
          (((b[pos] as number) << 24) |
            ((b[pos + 1] as number) << 16) |
            ((b[pos + 2] as number) << 8) |
            (b[pos + 3] as number)) >>>
          0,
        microseconds:
          type === MrtType.BGP4MP_ET
            ? (((b[pos + 12] as number) << 24) |
                ((b[pos + 13] as number) << 16) |
                ((b[pos + 14] as number) << 8) |
                (b[pos + 15] as number)) >>>
              0
            : 0,
        type,
        subtype: ((b[pos + 6] as number) << 8) | (b[pos + 7] as number),
        length: type === MrtType.BGP4MP_ET ? length - 4 : length,
      };
      const bodyStart = pos + headerLength;
      pos += 12 + length;
      // Kept current before yielding: the consumer may stop here and never come back.
      this.#pos = pos;
      const record = decodeRecord(
        header,
        new ByteCursor(b, bodyStart, bodyStart + header.length),
        this.#state,
      );
      reportOrThrow(record, this.#strict);
      yield record;
    }
  }

  /** At the end of the stream: a corrupt record when it ended inside one, else null. */
  end(): MrtRecord | null {
    const left = this.#buf.length - this.#pos + this.#waitingBytes;
    if (this.#lost || left === 0) return null;
    const record: MrtRecord = {
      kind: "corrupt",
      offset: this.#base + this.#pos,
      header: null,
      reason: `stream ends inside a record (${left} bytes left, ${this.#need} needed)`,
    };
    reportOrThrow(record, this.#strict);
    return record;
  }
}

/**
 * Yields the records of an MRT stream. Chunks may split records anywhere. The caller owns
 * decompression (see `openDecompressed` in @atalaya/ingest).
 */
export async function* readMrtRecords(
  chunks: AsyncIterable<Uint8Array>,
  options: MrtParseOptions = {},
): AsyncGenerator<MrtRecord> {
  const decoder = new MrtStreamDecoder(options);
  for await (const chunk of chunks) {
    yield* decoder.push(chunk);
    if (decoder.lost) return;
  }
  const last = decoder.end();
  if (last) yield last;
}
