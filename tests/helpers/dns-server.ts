/**
 * A small authoritative DNS server for tests: answers A, AAAA, MX, NS and SOA from a table, on
 * UDP at 127.0.0.1 and ::1 on the same port, so checks can be pointed at it with a resolver
 * setting and name servers can be asked "over IPv6".
 */
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import dnsPacket from "dns-packet";

export interface ZoneRecords {
  A?: string[];
  AAAA?: string[];
  MX?: Array<{ preference: number; exchange: string }>;
  NS?: string[];
  SOA?: { mname: string; rname: string; serial: number };
}

export interface LocalDns {
  port: number;
  records: Map<string, ZoneRecords>;
  /** Queries seen, as `TYPE name via family`. */
  queries: string[];
  close(): Promise<void>;
}

function answersFor(records: ZoneRecords, name: string, type: string): dnsPacket.Answer[] {
  const base = { name, ttl: 60, class: "IN" as const };
  switch (type) {
    case "A":
      return (records.A ?? []).map((data) => ({ ...base, type: "A", data }));
    case "AAAA":
      return (records.AAAA ?? []).map((data) => ({ ...base, type: "AAAA", data }));
    case "MX":
      return (records.MX ?? []).map((data) => ({ ...base, type: "MX", data }));
    case "NS":
      return (records.NS ?? []).map((data) => ({ ...base, type: "NS", data }));
    case "SOA":
      return records.SOA
        ? [
            {
              ...base,
              type: "SOA",
              data: { ...records.SOA, refresh: 3600, retry: 600, expire: 86400, minimum: 60 },
            },
          ]
        : [];
    default:
      return [];
  }
}

export async function startLocalDns(records: Map<string, ZoneRecords> = new Map()): Promise<LocalDns> {
  const queries: string[] = [];
  const v4 = dgram.createSocket("udp4");
  const v6 = dgram.createSocket({ type: "udp6", ipv6Only: true });
  const handle = (socket: dgram.Socket, family: string) => (message: Buffer, peer: dgram.RemoteInfo) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    queries.push(`${question.type} ${name} via ${family}`);
    const known = records.get(name);
    const answers = known ? answersFor(known, name, question.type) : [];
    const response = dnsPacket.encode({
      id: query.id,
      type: "response",
      // NXDOMAIN for unknown names, NOERROR with no answers (NODATA) for a missing type.
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
      questions: [question],
      answers,
    });
    socket.send(response, peer.port, peer.address);
  };
  v4.on("message", handle(v4, "ipv4"));
  v6.on("message", handle(v6, "ipv6"));
  await new Promise<void>((resolve) => v4.bind(0, "127.0.0.1", resolve));
  const port = (v4.address() as AddressInfo).port;
  await new Promise<void>((resolve, reject) => {
    v6.once("error", reject);
    v6.bind(port, "::1", resolve);
  });
  return {
    port,
    records,
    queries,
    close: async () => {
      await new Promise<void>((r) => v4.close(() => r()));
      await new Promise<void>((r) => v6.close(() => r()));
    },
  };
}
