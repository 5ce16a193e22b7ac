/** The headline figures of a standing: state, pooled share with its interval, rank, distance and projection. */
import { StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import type { AsnStanding } from "../api/get-asn-standing";

export type Standing = AsnStanding["data"]["standing"];

export function projectionText(s: Standing): string {
  if (s.projection === null) return "not enough days for a trend";
  if (s.projection.kind === "above") return "above the line on its 90-day trend";
  if (s.projection.kind === "crossing")
    return `crosses the line around ${s.projection.date} at its 90-day pace`;
  return `not at this pace (${s.projection.reason})`;
}

export function distanceText(distance: number | null): string {
  if (distance === null) return "—";
  return distance <= 0
    ? `${(-100 * distance).toFixed(1)} pts above`
    : `${(100 * distance).toFixed(1)} pts to go`;
}

export function StandingSummary({
  standing: s,
  cc,
  ranked,
}: {
  standing: Standing;
  cc: string | null;
  /** What the ranks are among: networks or organisations. */
  ranked: "networks" | "organisations";
}) {
  const preferred = s.metrics.preferred;
  return (
    <dl className="totals">
      <div>
        <dt>Jim Bound state</dt>
        <dd>
          <StateBadge state={preferred.state} />
        </dd>
        {preferred.reason && <dd className="muted">{preferred.reason}</dd>}
      </div>
      <div title="Pooled over the window, with its 95% Wilson interval">
        <dt>IPv6 preferred{ranked === "organisations" ? " (pooled)" : ""}</dt>
        <dd>{preferred.share === null ? "—" : formatPercent1(preferred.share)}</dd>
        <dd className="muted">
          {preferred.lo === null
            ? ""
            : `[${formatPercent1(preferred.lo)}–${formatPercent1(preferred.hi ?? 0)}] · `}
          {formatInteger(preferred.samples)} samples, {preferred.days} days
        </dd>
      </div>
      <div>
        <dt>
          Rank in {cc ?? "its economy"} ({ranked})
        </dt>
        <dd>{s.rankInCountry ? `${s.rankInCountry.rank} of ${s.rankInCountry.of}` : "—"}</dd>
        <dd className="muted">
          {s.rankInRegion ? `${s.rankInRegion.rank} of ${s.rankInRegion.of} in the region` : "not ranked"}
        </dd>
      </div>
      <div>
        <dt>Distance to {formatPercent1(s.threshold)}</dt>
        <dd>{distanceText(s.distanceToThreshold)}</dd>
        <dd className="muted">{projectionText(s)}</dd>
      </div>
    </dl>
  );
}
