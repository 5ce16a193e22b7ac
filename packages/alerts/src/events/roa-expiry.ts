/**
 * ROAs about to lapse (issue 13): the VRPs of a region network's ASN whose expiry (rpki-client's
 * `expires`, roas.csv's `Not After`; vrps.expires) falls within ROA_EXPIRY_DAYS of now and has not
 * passed. One event per network listing every such VRP, reported when the set holds a VRP (or an
 * expiry day) the last detection did not see: the same set, or a set that only shrank as ROAs
 * were renewed, is not reported again.
 *
 * rpki-client's `expires` is the earliest moment anything in the VRP's chain lapses, manifests
 * and CRLs included, which CAs re-issue every day or two: with such a list most VRPs are always
 * "about to expire", and their expiry moves forward as the CA re-signs. Expiry is compared by
 * day, so a list re-signed within the day does not make a new event.
 */
import { createHash } from "node:crypto";
import { routingQueries } from "@atalaya/db";
import type { Detected, Detector } from "./detectors";
import { stateSubject } from "./types";

export const ROA_EXPIRY_DAYS = 14;

interface ExpiringRoa {
  prefix: string;
  maxLength: number;
  asn: number;
  /** The UTC day, `YYYY-MM-DD`. */
  expires: string;
}

const itemOf = (r: ExpiringRoa) => `${r.prefix} ${r.maxLength} ${r.expires}`;

export const roaExpiring: Detector = async (database, input, previous, run) => {
  const detected: Detected = { events: [], states: [], cleared: [] };
  const members = new Map(input.networks.map((n) => [n.asn, n]));
  const until = new Date(run.now.getTime() + ROA_EXPIRY_DAYS * 86_400_000);
  const byAsn = new Map<number, ExpiringRoa[]>();
  for (const v of await routingQueries.vrpsExpiringBetween(database, [...members.keys()], run.now, until)) {
    const list = byAsn.get(v.asn) ?? [];
    list.push({ prefix: v.prefix, maxLength: v.maxLength, asn: v.asn, expires: v.expires.slice(0, 10) });
    byAsn.set(v.asn, list);
  }
  for (const [subject] of previous) if (!byAsn.has(Number(subject.slice(3)))) detected.cleared.push(subject);
  for (const [asn, roas] of byAsn) {
    const subject = stateSubject.network(asn);
    const now = roas.map(itemOf);
    const before = previous.get(subject) as string[] | undefined;
    const known = new Set(before ?? []);
    const fresh = now.some((item) => !known.has(item));
    if (before && !fresh && before.length === now.length) continue;
    detected.states.push({ subject, value: now });
    if (!run.baselined || !fresh) continue;
    const network = members.get(asn);
    const digest = createHash("sha256")
      .update([...now].sort().join("\n"))
      .digest("hex")
      .slice(0, 16);
    detected.events.push({
      key: `roa-expiring:${subject}:${digest}`,
      kind: "roa-expiring",
      asn,
      organisationId: network?.organisationId ?? null,
      cc: network?.cc ?? null,
      payload: { scope: "network", name: network?.name ?? null, roas },
      link: `/as/${asn}#routing`,
    });
  }
  return detected;
};
