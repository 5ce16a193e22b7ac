/**
 * Wire models for MRT (RFC 6396, RFC 8050 ADD-PATH, RFC 6793 AS4) and the BGP messages inside it.
 * Plain data only: decoding lives in parser.ts/attributes.ts, text output in bgpdump-format.ts.
 *
 * Addresses are kept as bytes (4 for IPv4, 16 for IPv6) rather than strings: a RIB dump holds
 * millions of them and most consumers only compare or format a few.
 */

/** MRT type codes (RFC 6396 §4, IANA "MRT Types"). */
export const MrtType = {
  TABLE_DUMP: 12,
  TABLE_DUMP_V2: 13,
  BGP4MP: 16,
  BGP4MP_ET: 17,
} as const;

/** TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §4.1). */
export const TableDumpV2Subtype = {
  PEER_INDEX_TABLE: 1,
  RIB_IPV4_UNICAST: 2,
  RIB_IPV4_MULTICAST: 3,
  RIB_IPV6_UNICAST: 4,
  RIB_IPV6_MULTICAST: 5,
  RIB_GENERIC: 6,
  RIB_IPV4_UNICAST_ADDPATH: 8,
  RIB_IPV4_MULTICAST_ADDPATH: 9,
  RIB_IPV6_UNICAST_ADDPATH: 10,
  RIB_IPV6_MULTICAST_ADDPATH: 11,
  RIB_GENERIC_ADDPATH: 12,
} as const;

/** BGP4MP / BGP4MP_ET subtypes (RFC 6396 §4.4, RFC 8050 §4.2). */
export const Bgp4mpSubtype = {
  STATE_CHANGE: 0,
  MESSAGE: 1,
  /** Deprecated (pre-RFC 6396 drafts, written by OpenBGPD): not decoded. */
  ENTRY: 2,
  /** Deprecated, likewise not decoded. */
  SNAPSHOT: 3,
  MESSAGE_AS4: 4,
  STATE_CHANGE_AS4: 5,
  MESSAGE_LOCAL: 6,
  MESSAGE_AS4_LOCAL: 7,
  MESSAGE_ADDPATH: 8,
  MESSAGE_AS4_ADDPATH: 9,
  MESSAGE_LOCAL_ADDPATH: 10,
  MESSAGE_AS4_LOCAL_ADDPATH: 11,
} as const;

export const Afi = { IPV4: 1, IPV6: 2 } as const;
export const Safi = { UNICAST: 1, MULTICAST: 2, UNICAST_MULTICAST: 3 } as const;

/** The common MRT header. `offset` is the byte position of the record in the decompressed stream. */
export interface MrtHeader {
  offset: number;
  /** Seconds since the epoch, unsigned 32-bit. */
  timestamp: number;
  /** BGP4MP_ET microseconds; 0 for every other type. */
  microseconds: number;
  type: number;
  subtype: number;
  /** Body length in bytes, without the BGP4MP_ET microsecond field. */
  length: number;
}

/** An IP prefix as carried in NLRI. `address` is 4 (IPv4) or 16 (IPv6) bytes, host bits cleared. */
export interface Prefix {
  afi: number;
  length: number;
  address: Uint8Array;
  /** RFC 7911 path identifier, when the record is an ADD-PATH one. */
  pathId?: number;
}

/** AS_PATH segment types (RFC 4271, RFC 5065). */
export const AsSegmentType = { AS_SET: 1, AS_SEQUENCE: 2, AS_CONFED_SEQUENCE: 3, AS_CONFED_SET: 4 } as const;

export interface AsPathSegment {
  type: number;
  asns: number[];
}

export interface AsPath {
  /** Width of each ASN on the wire: 2 in old sessions' AS_PATH, 4 in AS4 sessions and AS4_PATH. */
  asnLength: 2 | 4;
  /** The segments decoded before any error. */
  segments: AsPathSegment[];
  /** True when a segment had an unknown type or ran past the attribute (bgpdump prints "! Error !"). */
  malformed: boolean;
}

export interface Aggregator {
  asn: number;
  address: Uint8Array;
}

export interface LargeCommunity {
  globalAdmin: number;
  localData1: number;
  localData2: number;
}

/**
 * MP_REACH_NLRI. In TABLE_DUMP_V2 RIB entries the attribute is abbreviated to the next-hop
 * length and address only (RFC 6396 §4.3.4): then `abbreviated` is true and afi/safi are 0.
 */
export interface MpReach {
  abbreviated: boolean;
  afi: number;
  safi: number;
  /** The next-hop field as on the wire: 4, 16 or 32 (global + link-local) bytes; empty if odd-sized. */
  nextHop: Uint8Array;
  nlri: Prefix[];
}

export interface MpUnreach {
  afi: number;
  safi: number;
  nlri: Prefix[];
}

/** An attribute this parser does not decode, kept byte for byte. */
export interface RawAttribute {
  flags: number;
  code: number;
  value: Uint8Array;
}

/**
 * Path attributes. A field is defined exactly when the attribute was in the message (the decoder
 * sets absent ones to undefined, so that every set has the same object shape).
 */
export interface PathAttributes {
  origin?: number;
  /** AS_PATH as received. See `asPath` in attributes.ts for the RFC 6793 merged path. */
  asPath?: AsPath;
  as4Path?: AsPath;
  nextHop?: Uint8Array;
  med?: number;
  localPref?: number;
  atomicAggregate: boolean;
  aggregator?: Aggregator;
  as4Aggregator?: Aggregator;
  communities?: number[];
  largeCommunities?: LargeCommunity[];
  originatorId?: Uint8Array;
  clusterList?: Uint8Array[];
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  unknown: RawAttribute[];
}

export interface Peer {
  /** Peer type byte: bit 0 = IPv6 address, bit 1 = 4-byte ASN. */
  peerType: number;
  bgpId: Uint8Array;
  address: Uint8Array;
  asn: number;
}

/** Anomalies the decoder tolerated (as bgpdump does) in an otherwise usable record. */
export type Issues = string[];

export interface TableDumpRecord {
  kind: "table_dump";
  header: MrtHeader;
  afi: number;
  view: number;
  sequence: number;
  prefix: Prefix;
  status: number;
  originatedTime: number;
  peerAddress: Uint8Array;
  peerAs: number;
  attributes: PathAttributes;
  issues: Issues;
}

export interface PeerIndexTableRecord {
  kind: "peer_index_table";
  header: MrtHeader;
  collectorBgpId: Uint8Array;
  viewName: string;
  peers: Peer[];
  issues: Issues;
}

export interface RibEntry {
  peerIndex: number;
  peer: Peer;
  originatedTime: number;
  pathId?: number;
  attributes: PathAttributes;
}

export interface RibRecord {
  kind: "rib";
  header: MrtHeader;
  afi: number;
  safi: number;
  addPath: boolean;
  sequence: number;
  prefix: Prefix;
  entries: RibEntry[];
  issues: Issues;
}

export interface Bgp4mpStateChangeRecord {
  kind: "bgp4mp_state_change";
  header: MrtHeader;
  asnLength: 2 | 4;
  peerAs: number;
  localAs: number;
  interfaceIndex: number;
  afi: number;
  peerAddress: Uint8Array;
  localAddress: Uint8Array;
  oldState: number;
  newState: number;
  issues: Issues;
}

export interface BgpUpdate {
  type: "update";
  withdrawn: Prefix[];
  attributes: PathAttributes;
  announced: Prefix[];
}

export interface BgpOpen {
  type: "open";
  version: number;
  myAs: number;
  holdTime: number;
  bgpId: Uint8Array;
  optionalParameters: Uint8Array;
}

export interface BgpNotification {
  type: "notification";
  code: number;
  subcode: number;
  data: Uint8Array;
}

export interface BgpKeepalive {
  type: "keepalive";
}

/** ROUTE-REFRESH and anything else: kept raw. */
export interface BgpOtherMessage {
  type: "other";
  code: number;
  body: Uint8Array;
}

export type BgpMessage = BgpUpdate | BgpOpen | BgpNotification | BgpKeepalive | BgpOtherMessage;

export interface Bgp4mpMessageRecord {
  kind: "bgp4mp_message";
  header: MrtHeader;
  asnLength: 2 | 4;
  /** MESSAGE_LOCAL subtypes: a message this router sent rather than received. */
  local: boolean;
  addPath: boolean;
  /** RFC 6396 field order: the peer's AS and address come first, then the local ones. */
  peerAs: number;
  localAs: number;
  interfaceIndex: number;
  afi: number;
  peerAddress: Uint8Array;
  localAddress: Uint8Array;
  message: BgpMessage;
  issues: Issues;
}

/** A well-formed record of a type or subtype this parser does not decode. */
export interface UnsupportedRecord {
  kind: "unsupported";
  header: MrtHeader;
  reason: string;
}

/** A record that could not be decoded; the stream continues after it unless parsing is strict. */
export interface CorruptRecord {
  kind: "corrupt";
  /** Byte offset of the record in the decompressed stream. */
  offset: number;
  header: MrtHeader | null;
  reason: string;
}

export type MrtRecord =
  | TableDumpRecord
  | PeerIndexTableRecord
  | RibRecord
  | Bgp4mpStateChangeRecord
  | Bgp4mpMessageRecord
  | UnsupportedRecord
  | CorruptRecord;
