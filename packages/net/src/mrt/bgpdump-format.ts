/**
 * Formats MRT records exactly as `bgpdump -m` (version 1.6.2, the Debian/Ubuntu package) prints
 * them, one `|`-separated line per route: B for RIB entries, A/W for announcements and
 * withdrawals, STATE for session state changes. Other records print nothing, as in bgpdump.
 *
 * bgpdump's own rules are kept even where they are odd, because the point is a drop-in replacement
 * whose output diffs clean against archived bgpdump output:
 * - IPv6 text is bgpdump's, not RFC 5952: a single zero group is shortened to "::", and
 *   IPv4-mapped/-compatible addresses are written ::ffff:a.b.c.d / ::a.b.c.d;
 * - a missing NEXT_HOP prints 255.255.255.255 (INADDR_NONE), a missing LOCAL_PREF or MED 0, a
 *   missing ORIGIN INCOMPLETE; LARGE_COMMUNITY is not printed (bgpdump needs -l for that);
 * - AS4_PATH is merged into a 2-byte AS_PATH with bgpdump's algorithm (see bgpdumpAsPath);
 * - RIB entries are printed only for the IPv4/IPv6 unicast subtypes (2, 4, 8, 10): bgpdump
 *   ignores multicast and RIB_GENERIC records;
 * - MESSAGE_LOCAL_ADDPATH lines show the local side and are labelled BGP4MP_AP, because bgpdump
 *   only treats subtypes 6 and 7 as sent messages.
 * The one deliberate difference: NLRI host bits are cleared (by the parser), which upstream
 * bgpdump does since 2020 and 1.6.2 does not (test file updates.nlri_mask_trailing_bits).
 */
import { AS_TRANS } from "./attributes";
import {
  Afi,
  type AsPathSegment,
  AsSegmentType,
  type Bgp4mpMessageRecord,
  type Bgp4mpStateChangeRecord,
  Bgp4mpSubtype,
  type MpReach,
  type MrtRecord,
  MrtType,
  type PathAttributes,
  type Peer,
  type Prefix,
  type RibRecord,
  Safi,
  type TableDumpRecord,
  TableDumpV2Subtype,
} from "./models";

const OCTET: string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted quad of the first four bytes (inet_ntoa on an in_addr). */
export function bgpdumpIpv4(bytes: Uint8Array): string {
  return `${OCTET[bytes[0] ?? 0]}.${OCTET[bytes[1] ?? 0]}.${OCTET[bytes[2] ?? 0]}.${OCTET[bytes[3] ?? 0]}`;
}

/** bgpdump's fmt_ipv6 on 16 bytes (shorter input is zero-padded, as in its address union). */
export function bgpdumpIpv6(bytes: Uint8Array): string {
  const b = (i: number) => bytes[i] ?? 0;
  let first96Zero = true;
  for (let i = 0; i < 10; i++) {
    if (b(i) !== 0) {
      first96Zero = false;
      break;
    }
  }
  if (first96Zero) {
    const v4 = `${OCTET[b(12)]}.${OCTET[b(13)]}.${OCTET[b(14)]}.${OCTET[b(15)]}`;
    if (b(10) === 0xff && b(11) === 0xff) return `::ffff:${v4}`;
    const tail = ((b(12) << 24) | (b(13) << 16) | (b(14) << 8) | b(15)) >>> 0;
    if (b(10) === 0 && b(11) === 0 && tail > 1) return `::${v4}`;
  }
  const groups = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = (b(2 * i) << 8) | b(2 * i + 1);
  // Longest run of zero groups, the first of equals; unlike RFC 5952 a run of one qualifies.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += i === 0 ? "::" : ":";
      i += bestLength - 1;
      continue;
    }
    out += (groups[i] as number).toString(16);
    if (i !== 7) out += ":";
  }
  return out;
}

const DELIMITERS: Record<number, [string, string]> = {
  [AsSegmentType.AS_SET]: ["{", "}"],
  [AsSegmentType.AS_CONFED_SEQUENCE]: ["(", ")"],
  [AsSegmentType.AS_CONFED_SET]: ["[", "]"],
};
/** bgpdump writes AS paths into an 8000-byte buffer and gives up 100 bytes before its end. */
const AS_PATH_TEXT_LIMIT = 7900;

interface PathText {
  text: string;
  /** bgpdump's AS count: sequences by length (confederation ones too), sets as one. */
  count: number;
}

/** bgpdump's process_attr_aspath_string: the text and count of a path. */
function pathText(segments: readonly AsPathSegment[], malformed: boolean): PathText {
  let text = "";
  let count = 0;
  let previous: number = AsSegmentType.AS_SEQUENCE;
  let space = false;
  for (const segment of segments) {
    if (previous !== AsSegmentType.AS_SEQUENCE) text += DELIMITERS[previous]?.[1] ?? " ";
    if (space) text += " ";
    if (segment.type !== AsSegmentType.AS_SEQUENCE) text += DELIMITERS[segment.type]?.[0] ?? " ";
    space = false;
    const isSet = segment.type === AsSegmentType.AS_SET || segment.type === AsSegmentType.AS_CONFED_SET;
    count += isSet ? 1 : segment.asns.length;
    for (const asn of segment.asns) {
      if (space) text += isSet ? "," : " ";
      else space = true;
      text += asn;
      if (text.length > AS_PATH_TEXT_LIMIT) return { text: `${text}...`, count };
    }
    previous = segment.type;
  }
  if (malformed) return { text: "! Error !", count: 0 };
  if (previous !== AsSegmentType.AS_SEQUENCE && segments.length > 0) text += DELIMITERS[previous]?.[1] ?? " ";
  return { text, count };
}

/**
 * The AS path text bgpdump prints. For 2-byte sessions bgpdump merges AS4_PATH itself:
 * ignored when AS4_AGGREGATOR is present and AGGREGATOR is not AS_TRANS (as RFC 6793 says) or
 * when AS4_PATH is longer; otherwise it copies AS_PATH's *first* segment (it never advances to
 * the next one) until the count reaches len(AS_PATH) - len(AS4_PATH), trimming a sequence that
 * overshoots, then appends AS4_PATH. For a path with one leading sequence, the usual case, that
 * equals RFC 6793 §4.2.3; `reconstructAsPath` in attributes.ts gives the RFC result for others.
 */
export function bgpdumpAsPath(attrs: PathAttributes, asnLength: 2 | 4): string {
  const asPath = attrs.asPath;
  if (!asPath) return "";
  const own = pathText(asPath.segments, asPath.malformed);
  const as4 = attrs.as4Path;
  if (asnLength === 4 || !as4) return own.text;
  if (attrs.aggregator && attrs.as4Aggregator && attrs.aggregator.asn !== AS_TRANS) return own.text;
  const theirs = pathText(as4.segments, as4.malformed);
  if (own.count < theirs.count) return own.text;
  const target = own.count - theirs.count;
  const merged: AsPathSegment[] = [];
  const first = asPath.segments[0];
  let count = 0;
  while (first && count < target) {
    const isSet = first.type === AsSegmentType.AS_SET || first.type === AsSegmentType.AS_CONFED_SET;
    // An empty leading sequence would make bgpdump loop forever; stop instead.
    if (!isSet && first.asns.length === 0) break;
    const copy: AsPathSegment = { type: first.type, asns: first.asns.slice() };
    if (isSet) count += 1;
    else {
      count += copy.asns.length;
      if (count > target) copy.asns.length -= count - target;
    }
    merged.push(copy);
  }
  return pathText([...merged, ...as4.segments], as4.malformed).text;
}

function originText(origin: number | undefined): string {
  if (origin === 0) return "IGP";
  if (origin === 1) return "EGP";
  return "INCOMPLETE";
}

function communityText(communities: readonly number[]): string {
  let out = "";
  for (const c of communities) {
    if (out !== "") out += " ";
    if (c === 0xffffff01) out += "no-export";
    else if (c === 0xffffff02) out += "no-advertise";
    else if (c === 0xffffff03) out += "local-AS";
    else out += `${c >>> 16}:${c & 0xffff}`;
  }
  return out;
}

const INADDR_NONE = new Uint8Array([255, 255, 255, 255]);

/** The fields every A/B line shares, computed once per attribute set. */
interface AttributeText {
  asPath: string;
  origin: string;
  nextHop: string;
  localPref: number;
  med: number;
  /** communities|AG-or-NAG|aggregator| */
  tail: string;
}

function attributeText(attrs: PathAttributes, asnLength: 2 | 4): AttributeText {
  let aggregator = attrs.aggregator;
  if (asnLength === 2 && aggregator?.asn === AS_TRANS && attrs.as4Aggregator)
    aggregator = attrs.as4Aggregator;
  const aggregatorAddress = aggregator?.address ?? INADDR_NONE;
  const noAggregator =
    aggregatorAddress[0] === 255 &&
    aggregatorAddress[1] === 255 &&
    aggregatorAddress[2] === 255 &&
    aggregatorAddress[3] === 255;
  const tail =
    `${attrs.communities ? communityText(attrs.communities) : ""}|` +
    `${attrs.atomicAggregate ? "AG" : "NAG"}|` +
    `${noAggregator ? "" : `${aggregator?.asn} ${bgpdumpIpv4(aggregatorAddress)}`}|`;
  return {
    asPath: bgpdumpAsPath(attrs, asnLength),
    origin: originText(attrs.origin),
    nextHop: bgpdumpIpv4(attrs.nextHop ?? INADDR_NONE),
    localPref: attrs.localPref ?? 0,
    med: attrs.med ?? 0,
    tail,
  };
}

/** `AS path|origin|next hop|LOCAL_PREF|MED|tail` and the line's end. */
function restOfLine(a: AttributeText, nextHop: string): string {
  return `${a.asPath}|${a.origin}|${nextHop}|${a.localPref}|${a.med}|${a.tail}\n`;
}

function prefixText(prefix: Prefix, asIpv6: boolean): string {
  return `${asIpv6 ? bgpdumpIpv6(prefix.address) : bgpdumpIpv4(prefix.address)}/${prefix.length}`;
}

/** The MP next hop as bgpdump prints it, or null when its length is one bgpdump prints nothing for. */
function mpNextHopText(mp: MpReach): string | null {
  const n = mp.nextHop.length;
  if (n === 4) return bgpdumpIpv4(mp.nextHop);
  if (n === 16 || n === 32) return bgpdumpIpv6(mp.nextHop);
  return null;
}

/** bgpdump files an abbreviated MP_REACH (RIB entries) under IPv6 unicast, whatever it holds. */
function isIpv6UnicastSlot(mp: MpReach): boolean {
  return mp.abbreviated || (mp.afi === Afi.IPV6 && mp.safi === Safi.UNICAST);
}

function formatTableDump(r: TableDumpRecord): string {
  // bgpdump formats addresses as IPv6 for subtype 2 only, so the AS4 IPv6 subtype 4 prints the
  // first four address bytes as IPv4.
  const v6 = r.header.subtype === 2;
  const a = attributeText(r.attributes, r.header.subtype <= 2 ? 2 : 4);
  const mp = r.attributes.mpReach;
  const nextHop = mp && isIpv6UnicastSlot(mp) ? bgpdumpIpv6(mp.nextHop) : a.nextHop;
  const peer = v6 ? bgpdumpIpv6(r.peerAddress) : bgpdumpIpv4(r.peerAddress);
  return `TABLE_DUMP|${r.header.timestamp}|B|${peer}|${r.peerAs}|${prefixText(r.prefix, v6)}|${restOfLine(a, nextHop)}`;
}

function ribNextHop(attrs: PathAttributes, fallback: string): string {
  const mp = attrs.mpReach;
  if (mp && (isIpv6UnicastSlot(mp) || (mp.afi === Afi.IPV4 && mp.safi === Safi.UNICAST))) {
    // For other lengths bgpdump prints whatever its buffer held; an empty field is our best guess.
    return mpNextHopText(mp) ?? "";
  }
  return fallback;
}

const PRINTED_RIB_SUBTYPES = new Set<number>([
  TableDumpV2Subtype.RIB_IPV4_UNICAST,
  TableDumpV2Subtype.RIB_IPV6_UNICAST,
  TableDumpV2Subtype.RIB_IPV4_UNICAST_ADDPATH,
  TableDumpV2Subtype.RIB_IPV6_UNICAST_ADDPATH,
]);

/** A peer's `address|AS|`, the same on every line of a RIB dump: made once per peer. */
const peerTexts = new WeakMap<Peer, string>();

function peerText(peer: Peer): string {
  let text = peerTexts.get(peer);
  if (text === undefined) {
    text = `${peer.peerType & 1 ? bgpdumpIpv6(peer.address) : bgpdumpIpv4(peer.address)}|${peer.asn}|`;
    peerTexts.set(peer, text);
  }
  return text;
}

function formatRib(r: RibRecord): string {
  if (!PRINTED_RIB_SUBTYPES.has(r.header.subtype)) return "";
  const lead = `${r.addPath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2"}|${r.header.timestamp}|B|`;
  const prefix = `${prefixText(r.prefix, r.afi === Afi.IPV6)}|`;
  let out = "";
  for (const e of r.entries) {
    const a = attributeText(e.attributes, 4);
    const rest = restOfLine(a, ribNextHop(e.attributes, a.nextHop));
    out += `${lead}${peerText(e.peer)}${prefix}${r.addPath ? `${e.pathId}|` : ""}${rest}`;
  }
  return out;
}

function timeText(r: { header: { type: number; timestamp: number; microseconds: number } }): string {
  const h = r.header;
  return h.type === MrtType.BGP4MP_ET
    ? `${h.timestamp}.${String(h.microseconds).padStart(6, "0")}`
    : `${h.timestamp}`;
}

function formatStateChange(r: Bgp4mpStateChangeRecord): string {
  const label = r.header.type === MrtType.BGP4MP_ET ? "BGP4MP_ET" : "BGP4MP";
  const peer = r.afi === Afi.IPV6 ? bgpdumpIpv6(r.peerAddress) : bgpdumpIpv4(r.peerAddress);
  return `${label}|${timeText(r)}|STATE|${peer}|${r.peerAs}|${r.oldState}|${r.newState}\n`;
}

/** printf("%d") of an unsigned 32-bit value, as bgpdump uses for LOCAL_PREF/MED in one place. */
function signed(n: number): number {
  return n | 0;
}

function formatMessage(r: Bgp4mpMessageRecord): string {
  const m = r.message;
  if (m.type !== "update") return "";
  const subtype = r.header.subtype;
  // bgpdump's notion of "sent": subtypes 6 and 7 only (not the ADD-PATH local ones).
  const sent = subtype === Bgp4mpSubtype.MESSAGE_LOCAL || subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL;
  const et = r.header.type === MrtType.BGP4MP_ET;
  const label = `BGP4MP${et ? "_ET" : ""}${sent ? "_LOCAL" : ""}${r.addPath ? "_AP" : ""}`;
  const useLocal =
    subtype === Bgp4mpSubtype.MESSAGE_LOCAL_ADDPATH || subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL_ADDPATH;
  const address = useLocal ? r.localAddress : r.peerAddress;
  const asn = useLocal ? r.localAs : r.peerAs;
  const v6Session = r.afi === Afi.IPV6;
  const who = v6Session ? bgpdumpIpv6(address) : bgpdumpIpv4(address);
  const head = `${label}|${timeText(r)}|`;
  const addPath = r.addPath;
  const attrs = m.attributes;
  let out = "";

  const unreach = attrs.mpUnreach;
  const unreachNlri =
    unreach && unreach.safi >= Safi.UNICAST && unreach.safi <= Safi.UNICAST_MULTICAST ? unreach.nlri : [];
  if (m.withdrawn.length > 0 || unreachNlri.length > 0) {
    const withdrawal = `${head}W|${who}|${asn}|`;
    for (const p of m.withdrawn)
      out += `${withdrawal}${prefixText(p, false)}${addPath ? `|${p.pathId}` : ""}\n`;
    if (unreach?.afi === Afi.IPV4) {
      for (const p of unreachNlri)
        out += `${withdrawal}${prefixText(p, false)}${addPath ? `|${p.pathId}` : ""}\n`;
    } else if (unreach?.afi === Afi.IPV6) {
      // bgpdump's IPv6 withdrawal line formats a sent message's IPv4 session address as IPv6.
      const who6 = v6Session || !sent ? who : bgpdumpIpv6(address);
      const withdrawal6 = `${head}W|${who6}|${asn}|`;
      for (const p of unreachNlri)
        out += `${withdrawal6}${prefixText(p, true)}${addPath ? `|${p.pathId}` : ""}\n`;
    }
  }

  const reach = attrs.mpReach;
  const mpPrefixes =
    reach && !reach.abbreviated && reach.safi >= Safi.UNICAST && reach.safi <= Safi.UNICAST_MULTICAST
      ? reach.nlri
      : [];
  if (m.announced.length === 0 && mpPrefixes.length === 0) return out;
  const a = attributeText(attrs, r.asnLength);
  const announcement = `${head}A|${who}|${asn}|`;
  if (m.announced.length > 0) {
    const rest = restOfLine(a, a.nextHop);
    for (const p of m.announced) {
      out += `${announcement}${prefixText(p, false)}|${addPath ? `${p.pathId}|` : ""}${rest}`;
    }
  }
  if (reach && mpPrefixes.length > 0) {
    const nextHop = mpNextHopText(reach);
    let rest: string | null = null;
    let v6 = false;
    if (reach.afi === Afi.IPV4) {
      rest = `${a.asPath}|${a.origin}|${nextHop === null ? "" : `${nextHop}|${signed(a.localPref)}|${signed(a.med)}|`}${a.tail}\n`;
    } else if (reach.afi === Afi.IPV6) {
      rest = `${nextHop === null ? "" : `${a.asPath}|${a.origin}|${nextHop}|${a.localPref}|${a.med}|`}${a.tail}\n`;
      v6 = true;
    }
    if (rest !== null) {
      for (const p of mpPrefixes) {
        out += `${announcement}${prefixText(p, v6)}|${addPath ? `${p.pathId}|` : ""}${rest}`;
      }
    }
  }
  return out;
}

/**
 * The `bgpdump -m` lines for one record, each ending in "\n"; "" for records bgpdump prints
 * nothing for (peer index tables, OPEN/KEEPALIVE/NOTIFICATION, corrupt and unsupported records).
 */
export function formatBgpdump(record: MrtRecord): string {
  switch (record.kind) {
    case "table_dump":
      return formatTableDump(record);
    case "rib":
      return formatRib(record);
    case "bgp4mp_state_change":
      return formatStateChange(record);
    case "bgp4mp_message":
      return formatMessage(record);
    default:
      return "";
  }
}
