/** The economies whose share rose or fell most over one span, with a bar per change. */
import { PageLink } from "../../../components/page-link";
import { economyName } from "../../../lib/economy-names";
import { formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { countryPath } from "../../../lib/navigation";
import type { Mover, MoverPeriod } from "../api/get-region-movers";
import { formatPoints, topMovers } from "../movers-shaping";

function MoverList({ movers, label, scale }: { movers: Mover[]; label: string; scale: number }) {
  const t = useT();
  if (movers.length === 0) return <p className="muted">{t("common.none")}</p>;
  return (
    <ol className="movers" aria-label={label}>
      {movers.map((m) => (
        <li key={m.cc}>
          <PageLink to={countryPath(m.cc)}>{economyName(m.cc, m.name, t.locale)}</PageLink>
          <span className="mover-bar" aria-hidden="true">
            <span
              className={m.change >= 0 ? "rise" : "fall"}
              style={{ width: `${Math.max(2, (100 * Math.abs(m.change)) / scale)}%` }}
            />
          </span>
          <span className="num">
            {formatPoints(m.change, (value) => t("region.points", { value }))}{" "}
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
  const t = useT();
  const { risers, fallers } = topMovers(period.movers, count);
  const scale = Math.max(0.001, ...[...risers, ...fallers].map((m) => Math.abs(m.change)));
  if (period.movers.length === 0) return <p className="state">{t("region.moversNone")}</p>;
  return (
    <div className="movers-columns">
      <div>
        <h4>{t("region.risesHeading")}</h4>
        <MoverList movers={risers} label={t.plural("region.risesLabel", period.days)} scale={scale} />
      </div>
      <div>
        <h4>{t("region.fallsHeading")}</h4>
        <MoverList movers={fallers} label={t.plural("region.fallsLabel", period.days)} scale={scale} />
      </div>
    </div>
  );
}
