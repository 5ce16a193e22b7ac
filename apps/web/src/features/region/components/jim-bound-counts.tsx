/** Jim Bound board counts by state: the region's totals and a stacked bar per sub-region. */
import { STATES, StateBadge, stateLabel } from "../../../components/state-badge";
import { formatInteger } from "../../../lib/format";
import type { JimBoundCounts } from "../api/get-jim-bound-counts";

type Data = JimBoundCounts["data"];

export function JimBoundCountsView({ data }: { data: Data }) {
  return (
    <>
      <dl className="totals">
        {STATES.map((s) => (
          <div key={s}>
            <dt>
              <StateBadge state={s} />
            </dt>
            <dd>{formatInteger(data.region.networks[s])}</dd>
            <dd className="muted">{formatInteger(data.region.organisations[s])} organisations</dd>
          </div>
        ))}
      </dl>
      <ul className="state-bars">
        {data.subRegions.map((sub) => {
          const total = STATES.reduce((n, s) => n + sub.networks[s], 0);
          return (
            <li key={sub.subRegion}>
              <span className="state-bar-label">{sub.name}</span>
              <span
                className="state-bar"
                role="img"
                aria-label={`${sub.name}: ${STATES.map((s) => `${sub.networks[s]} ${stateLabel(s).toLowerCase()}`).join(", ")}`}
              >
                {STATES.map((s) =>
                  sub.networks[s] > 0 ? (
                    <span key={s} className={`badge-${s}`} style={{ flexGrow: sub.networks[s] }} />
                  ) : null,
                )}
              </span>
              <span className="muted num">{formatInteger(total)} networks</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
