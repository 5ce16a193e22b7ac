/** Jim Bound board counts by state: the region's totals and a stacked bar per sub-region. */
import { STATES, StateBadge, stateLabel } from "../../../components/state-badge";
import { subRegionName } from "../../../lib/economy-names";
import { formatInteger } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import type { JimBoundCounts } from "../api/get-jim-bound-counts";

type Data = JimBoundCounts["data"];

export function JimBoundCountsView({ data }: { data: Data }) {
  const t = useT();
  return (
    <>
      <dl className="totals">
        {STATES.map((s) => (
          <div key={s}>
            <dt>
              <StateBadge state={s} />
            </dt>
            <dd>{formatInteger(data.region.networks[s])}</dd>
            <dd className="muted">{t.plural("region.organisations", data.region.organisations[s])}</dd>
          </div>
        ))}
      </dl>
      <ul className="state-bars">
        {data.subRegions.map((sub) => {
          const total = STATES.reduce((n, s) => n + sub.networks[s], 0);
          const name = subRegionName(t, sub.subRegion);
          return (
            <li key={sub.subRegion}>
              <span className="state-bar-label">{name}</span>
              <span
                className="state-bar"
                role="img"
                aria-label={`${name}: ${STATES.map((s) =>
                  t("region.stateCount", {
                    count: formatInteger(sub.networks[s]),
                    state: stateLabel(t, s).toLocaleLowerCase(t.locale),
                  }),
                ).join(", ")}`}
              >
                {STATES.map((s) =>
                  sub.networks[s] > 0 ? (
                    <span key={s} className={`badge-${s}`} style={{ flexGrow: sub.networks[s] }} />
                  ) : null,
                )}
              </span>
              <span className="muted num">{t.plural("region.networks", total)}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
