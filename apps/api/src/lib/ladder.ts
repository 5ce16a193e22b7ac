/**
 * The readiness ladder of DESIGN.md §4, from evidence already on the page: 1 holds IPv6 space ·
 * 2 announces it · 3 its IPv6 announcements are covered by ROAs and none is invalid · 4 measurable
 * IPv6 users · 5 share at or above the award threshold. Each step says what to do next.
 */
import { z } from "@hono/zod-openapi";
import type { RoutingStanding } from "./routing-standing";
import type { Standing } from "./standing";

export const LadderSchema = z
  .array(
    z.object({
      step: z.number().int(),
      title: z.string(),
      done: z.boolean(),
      evidence: z.string(),
      next: z.string().nullable().openapi({ description: "What to do to reach this step; null when done" }),
    }),
  )
  .openapi("ReadinessLadder");

export function readinessLadder(routing: RoutingStanding, standing: Standing) {
  const v6 = routing.coverage.ipv6;
  const preferred = standing.metrics.preferred;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    {
      step: 1,
      title: "Holds IPv6 space",
      done: routing.heldIpv6 > 0,
      evidence: `${routing.heldIpv6} IPv6 prefix(es) in the registry data`,
      next: routing.heldIpv6 > 0 ? null : "Request an IPv6 allocation from LACNIC.",
    },
    {
      step: 2,
      title: "Announces it in BGP",
      done: v6 !== null,
      evidence: v6
        ? `${v6.routes} IPv6 route(s) announced; ${routing.unannouncedIpv6.length} registry prefix(es) unannounced`
        : "no IPv6 route seen",
      next: v6 ? null : "Announce your IPv6 prefixes to your upstreams and peers.",
    },
    {
      step: 3,
      title: "IPv6 routes covered by ROAs, none invalid",
      done: v6 !== null && v6.counts.valid === v6.counts.announced,
      evidence: v6
        ? `${v6.counts.valid} of ${v6.counts.announced} IPv6 route(s) valid, ${v6.counts.invalid} invalid, ${v6.counts.notFound} without a ROA`
        : "no IPv6 route to cover",
      next:
        v6 === null || v6.counts.valid === v6.counts.announced
          ? null
          : v6.counts.invalid > 0
            ? "Fix the invalid routes: adjust the ROAs' max length or origin AS, or stop the announcements."
            : "Create ROAs for the IPv6 routes that have none (LACNIC's RPKI portal).",
    },
    {
      step: 4,
      title: "Measurable IPv6 users",
      done: preferred.samples > 0 && (preferred.share ?? 0) > 0,
      evidence:
        preferred.samples > 0
          ? `${preferred.samples.toLocaleString("en-US")} samples in the window, ${pct(preferred.share ?? 0)} preferring IPv6`
          : "no measurement in the window",
      next:
        preferred.samples > 0 && (preferred.share ?? 0) > 0
          ? null
          : "Enable IPv6 towards subscribers (CPE, BNG, DHCPv6-PD).",
    },
    {
      step: 5,
      title: `IPv6 share at or above ${pct(standing.threshold)}`,
      done: preferred.state === "eligible",
      evidence: `state ${preferred.state}${preferred.share === null ? "" : `, ${pct(preferred.share)} [${pct(preferred.lo ?? 0)}, ${pct(preferred.hi ?? 0)}]`}`,
      next:
        preferred.state === "eligible"
          ? null
          : "Extend IPv6 to more subscribers and services; the trend shows when you cross at this pace.",
    },
  ];
}
