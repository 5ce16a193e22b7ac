/** The economies whose share rose or fell most over one span, with a bar per change. */
import { PageLink } from "../../../components/page-link";
import { formatPercent1 } from "../../../lib/format";
import { countryPath } from "../../../lib/navigation";
import type { Mover, MoverPeriod } from "../api/get-region-movers";
import { formatPoints, topMovers } from "../movers-shaping";

function MoverList({ movers, label, scale }: { movers: Mover[]; label: string; scale: number }) {
  if (movers.length === 0) return <p className="muted">None.</p>;
  return (
    <ol className="movers" aria-label={label}>
      {movers.map((m) => (
        <li key={m.cc}>
          <PageLink to={countryPath(m.cc)}>{m.name}</PageLink>
          <span className="mover-bar" aria-hidden="true">
            <span
              className={m.change >= 0 ? "rise" : "fall"}
              style={{ width: `${Math.max(2, (100 * Math.abs(m.change)) / scale)}%` }}
            />
          </span>
          <span className="num">
            {formatPoints(m.change)}{" "}
            <span className="muted">
              ({formatPercent1(m.from)} → {formatPercent1(m.to)})
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}

export function MoversPanel({ period, count = 5 }: { period: MoverPeriod; count?: number }) {
  const { risers, fallers } = topMovers(period.movers, count);
  const scale = Math.max(0.001, ...[...risers, ...fallers].map((m) => Math.abs(m.change)));
  if (period.movers.length === 0)
    return <p className="state">No economy has a share in both windows of this span yet.</p>;
  return (
    <div className="movers-columns">
      <div>
        <h4>Largest rises</h4>
        <MoverList movers={risers} label={`Largest rises over ${period.days} days`} scale={scale} />
      </div>
      <div>
        <h4>Largest falls</h4>
        <MoverList movers={fallers} label={`Largest falls over ${period.days} days`} scale={scale} />
      </div>
    </div>
  );
}
