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

const INADDR_NONE = new Uint8Array([255, 255, 255, 255]);

const PIPE = 0x7c;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const DOT = 0x2e;
const SLASH = 0x2f;
const COLON = 0x3a;
const COMMA = 0x2c;
const ZERO = 0x30;

/** Where a line's next hop comes from, which differs by record kind. */
enum NextHopFrom {
  /** NEXT_HOP (BGP4MP announcements of IPv4 NLRI). */
  Attribute,
  /** An MP_REACH filed under IPv6 unicast, else NEXT_HOP (TABLE_DUMP). */
  TableDump,
  /** MP_REACH for IPv6 or IPv4 unicast, else NEXT_HOP (TABLE_DUMP_V2). */
  Rib,
}

/** bgpdump files an abbreviated MP_REACH (RIB entries) under IPv6 unicast, whatever it holds. */
function isIpv6UnicastSlot(mp: MpReach): boolean {
  return mp.abbreviated || (mp.afi === Afi.IPV6 && mp.safi === Safi.UNICAST);
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

/**
 * Writes `bgpdump -m` lines as ASCII bytes into one growing buffer: what `atalaya mrt` prints,
 * without a string per field or per line (a full RIB is tens of millions of lines, and strings
 * built and joined for each cost more than the decoding). What repeats on every line of a record
 * (label and time, a RIB record's prefix, an UPDATE's attributes) is written once and copied
 * within the buffer for the next lines.
 */
export class BgpdumpWriter {
  #buf = new Uint8Array(1 << 16);
  #pos = 0;

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.#pos;
  }

  /** The bytes written so far, handed over: the writer goes on in a buffer of its own. */
  take(): Uint8Array {
    const out = this.#buf.subarray(0, this.#pos);
    this.#buf = new Uint8Array(this.#buf.length);
    this.#pos = 0;
    return out;
  }

  /** The lines written so far as text; the writer is then empty. */
  takeText(): string {
    const text = ASCII.decode(this.#buf.subarray(0, this.#pos));
    this.#pos = 0;
    return text;
  }

  /** The record's lines; nothing for records bgpdump prints nothing for. */
  write(record: MrtRecord): void {
    switch (record.kind) {
      case "table_dump":
        this.#tableDump(record);
        return;
      case "rib":
        this.#rib(record);
        return;
      case "bgp4mp_state_change":
        this.#stateChange(record);
        return;
      case "bgp4mp_message":
        this.#message(record);
        return;
      default:
        return;
    }
  }

  #grow(n: number): void {
    const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.#pos + n));
    bigger.set(this.#buf.subarray(0, this.#pos));
    this.#buf = bigger;
  }

  #byte(c: number): void {
    if (this.#pos >= this.#buf.length) this.#grow(1);
    this.#buf[this.#pos++] = c;
  }

  #ascii(s: string): void {
    const n = s.length;
    if (this.#pos + n > this.#buf.length) this.#grow(n);
    const buf = this.#buf;
    let p = this.#pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.#pos = p;
  }

  /** A whole number in decimal (what `${n}` prints for one). */
  #uint(n: number): void {
    if (this.#pos + 16 > this.#buf.length) this.#grow(16);
    const buf = this.#buf;
    if (n < 10) {
      buf[this.#pos++] = ZERO + n;
      return;
    }
    let digits = 2;
    for (let m = n; m >= 100; m = Math.floor(m / 10)) digits++;
    let p = this.#pos + digits;
    this.#pos = p;
    let m = n;
    while (m >= 10) {
      const q = Math.floor(m / 10);
      buf[--p] = ZERO + (m - q * 10);
      m = q;
    }
    buf[--p] = ZERO + m;
  }

  /** printf("%d") of an unsigned 32-bit value, as bgpdump uses for LOCAL_PREF/MED in one place. */
  #signed(n: number): void {
    const value = n | 0;
    if (value < 0) {
      this.#byte(0x2d);
      this.#uint(-value);
    } else this.#uint(value);
  }

  /** A path id, which ADD-PATH records always have (`${undefined}` would print it so otherwise). */
  #pathId(id: number | undefined): void {
    if (id === undefined) this.#ascii("undefined");
    else this.#uint(id);
  }

  /**
   * A writer for a part that repeats across a record's lines: the first call writes it, later
   * calls copy those bytes (a record's lines share their lead and, per family, their attributes).
   */
  #repeated(write: () => void): () => void {
    let start = -1;
    let end = -1;
    return () => {
      if (start >= 0) return this.#copy(start, end);
      start = this.#pos;
      write();
      end = this.#pos;
    };
  }

  #copy(start: number, end: number): void {
    const n = end - start;
    if (this.#pos + n > this.#buf.length) this.#grow(n);
    this.#buf.copyWithin(this.#pos, start, end);
    this.#pos += n;
  }

  /** Dotted quad of the first four bytes, as bgpdumpIpv4. */
  #ipv4(bytes: Uint8Array): void {
    this.#uint(bytes[0] ?? 0);
    this.#byte(DOT);
    this.#uint(bytes[1] ?? 0);
    this.#byte(DOT);
    this.#uint(bytes[2] ?? 0);
    this.#byte(DOT);
    this.#uint(bytes[3] ?? 0);
  }

  #prefix(prefix: Prefix, asIpv6: boolean): void {
    if (asIpv6) this.#ascii(bgpdumpIpv6(prefix.address));
    else this.#ipv4(prefix.address);
    this.#byte(SLASH);
    this.#uint(prefix.length);
  }

  #time(header: { type: number; timestamp: number; microseconds: number }): void {
    this.#uint(header.timestamp);
    if (header.type !== MrtType.BGP4MP_ET) return;
    this.#byte(DOT);
    // padStart(6, "0"): a value over six digits prints whole.
    for (let limit = 100000; limit > 1 && header.microseconds < limit; limit /= 10) this.#byte(ZERO);
    this.#uint(header.microseconds);
  }

  /** bgpdump's process_attr_aspath_string, as pathText, written in place. */
  #path(segments: readonly AsPathSegment[], malformed: boolean): void {
    const start = this.#pos;
    let previous: number = AsSegmentType.AS_SEQUENCE;
    let space = false;
    for (const segment of segments) {
      if (previous !== AsSegmentType.AS_SEQUENCE) this.#ascii(DELIMITERS[previous]?.[1] ?? " ");
      if (space) this.#byte(SPACE);
      if (segment.type !== AsSegmentType.AS_SEQUENCE) this.#ascii(DELIMITERS[segment.type]?.[0] ?? " ");
      space = false;
      const isSet = segment.type === AsSegmentType.AS_SET || segment.type === AsSegmentType.AS_CONFED_SET;
      for (const asn of segment.asns) {
        if (space) this.#byte(isSet ? COMMA : SPACE);
        else space = true;
        this.#uint(asn);
        if (this.#pos - start > AS_PATH_TEXT_LIMIT) {
          this.#ascii("...");
          return;
        }
      }
      previous = segment.type;
    }
    if (malformed) {
      this.#pos = start;
      this.#ascii("! Error !");
      return;
    }
    if (previous !== AsSegmentType.AS_SEQUENCE && segments.length > 0)
      this.#ascii(DELIMITERS[previous]?.[1] ?? " ");
  }

  /** bgpdumpAsPath, written in place where no AS4_PATH merge is due (nearly always). */
  #asPath(attrs: PathAttributes, asnLength: 2 | 4): void {
    const asPath = attrs.asPath;
    if (!asPath) return;
    if (
      asnLength === 4 ||
      !attrs.as4Path ||
      (attrs.aggregator && attrs.as4Aggregator && attrs.aggregator.asn !== AS_TRANS)
    ) {
      this.#path(asPath.segments, asPath.malformed);
    } else this.#ascii(bgpdumpAsPath(attrs, asnLength));
  }

  #origin(origin: number | undefined): void {
    this.#ascii(origin === 0 ? "IGP" : origin === 1 ? "EGP" : "INCOMPLETE");
  }

  /** `communities|AG-or-NAG|aggregator|` */
  #tail(attrs: PathAttributes, asnLength: 2 | 4): void {
    const communities = attrs.communities;
    if (communities) {
      for (let i = 0; i < communities.length; i++) {
        const c = communities[i] as number;
        if (i > 0) this.#byte(SPACE);
        if (c === 0xffffff01) this.#ascii("no-export");
        else if (c === 0xffffff02) this.#ascii("no-advertise");
        else if (c === 0xffffff03) this.#ascii("local-AS");
        else {
          this.#uint(c >>> 16);
          this.#byte(COLON);
          this.#uint(c & 0xffff);
        }
      }
    }
    this.#byte(PIPE);
    this.#ascii(attrs.atomicAggregate ? "AG" : "NAG");
    this.#byte(PIPE);
    let aggregator = attrs.aggregator;
    if (asnLength === 2 && aggregator?.asn === AS_TRANS && attrs.as4Aggregator)
      aggregator = attrs.as4Aggregator;
    const address = aggregator?.address ?? INADDR_NONE;
    if (
      aggregator &&
      !(address[0] === 255 && address[1] === 255 && address[2] === 255 && address[3] === 255)
    ) {
      this.#uint(aggregator.asn);
      this.#byte(SPACE);
      this.#ipv4(address);
    }
    this.#byte(PIPE);
  }

  /** The MP next hop as bgpdump prints it; false (nothing written) for lengths it prints nothing for. */
  #mpNextHop(mp: MpReach): boolean {
    const n = mp.nextHop.length;
    if (n === 4) this.#ipv4(mp.nextHop);
    else if (n === 16 || n === 32) this.#ascii(bgpdumpIpv6(mp.nextHop));
    else return false;
    return true;
  }

  /** `AS path|origin|next hop|LOCAL_PREF|MED|communities|AG|aggregator|` and the line's end. */
  #rest(attrs: PathAttributes, asnLength: 2 | 4, nextHop: NextHopFrom): void {
    this.#asPath(attrs, asnLength);
    this.#byte(PIPE);
    this.#origin(attrs.origin);
    this.#byte(PIPE);
    const mp = attrs.mpReach;
    if (nextHop === NextHopFrom.TableDump && mp && isIpv6UnicastSlot(mp))
      this.#ascii(bgpdumpIpv6(mp.nextHop));
    else if (
      nextHop === NextHopFrom.Rib &&
      mp &&
      (isIpv6UnicastSlot(mp) || (mp.afi === Afi.IPV4 && mp.safi === Safi.UNICAST))
    ) {
      // For other lengths bgpdump prints whatever its buffer held; an empty field is our best guess.
      this.#mpNextHop(mp);
    } else this.#ipv4(attrs.nextHop ?? INADDR_NONE);
    this.#byte(PIPE);
    this.#uint(attrs.localPref ?? 0);
    this.#byte(PIPE);
    this.#uint(attrs.med ?? 0);
    this.#byte(PIPE);
    this.#tail(attrs, asnLength);
    this.#byte(NEWLINE);
  }

  #tableDump(r: TableDumpRecord): void {
    // bgpdump formats addresses as IPv6 for subtype 2 only, so the AS4 IPv6 subtype 4 prints the
    // first four address bytes as IPv4.
    const v6 = r.header.subtype === 2;
    this.#ascii("TABLE_DUMP|");
    this.#uint(r.header.timestamp);
    this.#ascii("|B|");
    if (v6) this.#ascii(bgpdumpIpv6(r.peerAddress));
    else this.#ipv4(r.peerAddress);
    this.#byte(PIPE);
    this.#uint(r.peerAs);
    this.#byte(PIPE);
    this.#prefix(r.prefix, v6);
    this.#byte(PIPE);
    this.#rest(r.attributes, r.header.subtype <= 2 ? 2 : 4, NextHopFrom.TableDump);
  }

  #rib(r: RibRecord): void {
    if (!PRINTED_RIB_SUBTYPES.has(r.header.subtype)) return;
    // The first line writes the label and the prefix; the others copy them.
    const lead = this.#repeated(() => {
      this.#ascii(r.addPath ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|");
      this.#uint(r.header.timestamp);
      this.#ascii("|B|");
    });
    const prefix = this.#repeated(() => {
      this.#prefix(r.prefix, r.afi === Afi.IPV6);
      this.#byte(PIPE);
    });
    for (const e of r.entries) {
      lead();
      this.#ascii(peerText(e.peer));
      prefix();
      if (r.addPath) {
        this.#pathId(e.pathId);
        this.#byte(PIPE);
      }
      this.#rest(e.attributes, 4, NextHopFrom.Rib);
    }
  }

  #stateChange(r: Bgp4mpStateChangeRecord): void {
    this.#ascii(r.header.type === MrtType.BGP4MP_ET ? "BGP4MP_ET|" : "BGP4MP|");
    this.#time(r.header);
    this.#ascii("|STATE|");
    if (r.afi === Afi.IPV6) this.#ascii(bgpdumpIpv6(r.peerAddress));
    else this.#ipv4(r.peerAddress);
    this.#byte(PIPE);
    this.#uint(r.peerAs);
    this.#byte(PIPE);
    this.#uint(r.oldState);
    this.#byte(PIPE);
    this.#uint(r.newState);
    this.#byte(NEWLINE);
  }

  #message(r: Bgp4mpMessageRecord): void {
    const m = r.message;
    if (m.type !== "update") return;
    const subtype = r.header.subtype;
    // bgpdump's notion of "sent": subtypes 6 and 7 only (not the ADD-PATH local ones).
    const sent = subtype === Bgp4mpSubtype.MESSAGE_LOCAL || subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL;
    const et = r.header.type === MrtType.BGP4MP_ET;
    const label = `BGP4MP${et ? "_ET" : ""}${sent ? "_LOCAL" : ""}${r.addPath ? "_AP" : ""}|`;
    const useLocal =
      subtype === Bgp4mpSubtype.MESSAGE_LOCAL_ADDPATH || subtype === Bgp4mpSubtype.MESSAGE_AS4_LOCAL_ADDPATH;
    const address = useLocal ? r.localAddress : r.peerAddress;
    const asn = useLocal ? r.localAs : r.peerAs;
    const v6Session = r.afi === Afi.IPV6;
    const who = v6Session ? bgpdumpIpv6(address) : bgpdumpIpv4(address);
    const addPath = r.addPath;
    const attrs = m.attributes;

    // `label|time|` is written once and copied; so is each line's lead and the attribute part.
    const head = this.#repeated(() => {
      this.#ascii(label);
      this.#time(r.header);
      this.#byte(PIPE);
    });
    const lead = (kind: string, whoText: string) => {
      head();
      this.#ascii(kind);
      this.#ascii(whoText);
      this.#byte(PIPE);
      this.#uint(asn);
      this.#byte(PIPE);
    };
    const withdrawal = (p: Prefix, asIpv6: boolean) => {
      this.#prefix(p, asIpv6);
      if (addPath) {
        this.#byte(PIPE);
        this.#pathId(p.pathId);
      }
      this.#byte(NEWLINE);
    };

    const withdrawalLead = this.#repeated(() => lead("W|", who));
    for (const p of m.withdrawn) {
      withdrawalLead();
      withdrawal(p, false);
    }
    const unreach = attrs.mpUnreach;
    if (unreach && unreach.safi >= Safi.UNICAST && unreach.safi <= Safi.UNICAST_MULTICAST) {
      if (unreach.afi === Afi.IPV4) {
        for (const p of unreach.nlri) {
          withdrawalLead();
          withdrawal(p, false);
        }
      } else if (unreach.afi === Afi.IPV6) {
        // bgpdump's IPv6 withdrawal line formats a sent message's IPv4 session address as IPv6.
        const who6 = v6Session || !sent ? who : bgpdumpIpv6(address);
        const withdrawalLead6 = this.#repeated(() => lead("W|", who6));
        for (const p of unreach.nlri) {
          withdrawalLead6();
          withdrawal(p, true);
        }
      }
    }

    const reach = attrs.mpReach;
    const mpPrefixes =
      reach && !reach.abbreviated && reach.safi >= Safi.UNICAST && reach.safi <= Safi.UNICAST_MULTICAST
        ? reach.nlri
        : [];
    if (m.announced.length === 0 && mpPrefixes.length === 0) return;
    const announcementLead = this.#repeated(() => lead("A|", who));
    const announcement = (p: Prefix, asIpv6: boolean) => {
      announcementLead();
      this.#prefix(p, asIpv6);
      this.#byte(PIPE);
      if (addPath) {
        this.#pathId(p.pathId);
        this.#byte(PIPE);
      }
    };
    const rest = this.#repeated(() => this.#rest(attrs, r.asnLength, NextHopFrom.Attribute));
    for (const p of m.announced) {
      announcement(p, false);
      rest();
    }
    if (!reach || mpPrefixes.length === 0 || (reach.afi !== Afi.IPV4 && reach.afi !== Afi.IPV6)) return;
    let mpRest = -1;
    let mpRestEnd = -1;
    for (const p of mpPrefixes) {
      announcement(p, reach.afi === Afi.IPV6);
      if (mpRest >= 0) {
        this.#copy(mpRest, mpRestEnd);
        continue;
      }
      mpRest = this.#pos;
      if (reach.afi === Afi.IPV4) {
        this.#asPath(attrs, r.asnLength);
        this.#byte(PIPE);
        this.#origin(attrs.origin);
        this.#byte(PIPE);
        const at = this.#pos;
        if (this.#mpNextHop(reach)) {
          this.#byte(PIPE);
          this.#signed(attrs.localPref ?? 0);
          this.#byte(PIPE);
          this.#signed(attrs.med ?? 0);
          this.#byte(PIPE);
        } else this.#pos = at;
      } else {
        const at = this.#pos;
        this.#asPath(attrs, r.asnLength);
        this.#byte(PIPE);
        this.#origin(attrs.origin);
        this.#byte(PIPE);
        if (this.#mpNextHop(reach)) {
          this.#byte(PIPE);
          this.#uint(attrs.localPref ?? 0);
          this.#byte(PIPE);
          this.#uint(attrs.med ?? 0);
          this.#byte(PIPE);
        } else this.#pos = at;
      }
      this.#tail(attrs, r.asnLength);
      this.#byte(NEWLINE);
      mpRestEnd = this.#pos;
    }
  }
}

const ASCII = new TextDecoder();
const shared = new BgpdumpWriter();

/**
 * The `bgpdump -m` lines for one record, each ending in "\n"; "" for records bgpdump prints
 * nothing for (peer index tables, OPEN/KEEPALIVE/NOTIFICATION, corrupt and unsupported records).
 */
export function formatBgpdump(record: MrtRecord): string {
  shared.write(record);
  return shared.takeText();
}
