/**
 * A month's daily IPv6-preferred share as a small SVG chart (dots joined by a line) with the
 * award line dashed: light enough to print and to read at 360 px without loading recharts.
 */
import { formatDay, formatDayShort } from "../../../lib/dates";
import { formatPercent, formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import type { MonthlyReport } from "../api/get-monthly-report";

// Drawn for a phone's width (scaled up to at most 40rem on wider screens, see styles.css).
const WIDTH = 480;
const HEIGHT = 240;
const PAD = { left: 52, right: 10, top: 10, bottom: 28 };

export function MonthChart({ report }: { report: MonthlyReport["data"] }) {
  const t = useT();
  const threshold = report.standing.threshold;
  const days = report.standing.series
    .filter((d) => d.samples > 0)
    .map((d) => ({ date: d.date, share: d.preferred / d.samples }));
  if (days.length === 0) return <p className="state">{t("report.noDaily")}</p>;
  const highest = Math.max(threshold, ...days.map((d) => d.share));
  const step = highest > 0.2 ? 0.1 : 0.05;
  const ceiling = Math.min(1, Math.ceil((highest * 1.05) / step) * step);
  const lastDay = Number(report.period.end.slice(8, 10));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (date: string) => PAD.left + ((Number(date.slice(8, 10)) - 1) / Math.max(1, lastDay - 1)) * plotW;
  const y = (share: number) => PAD.top + plotH - (share / ceiling) * plotH;
  const grid = Array.from({ length: Math.round(ceiling / step) + 1 }, (_, i) => i * step);
  const ticks = [1, 8, 15, 22, 29]
    .filter((d) => d <= lastDay)
    .map((d) => `${report.month}-${String(d).padStart(2, "0")}`);
  const label = t("report.chartLabel", { threshold: formatPercent(threshold) });
  return (
    <figure className="chart month-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        {grid.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 5} textAnchor="end">
              {formatPercent(v)}
            </text>
          </g>
        ))}
        {ticks.map((date) => (
          <text key={date} x={x(date)} y={HEIGHT - 8} textAnchor="middle">
            {formatDayShort(date)}
          </text>
        ))}
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(threshold)}
          y2={y(threshold)}
          className="award-line"
        />
        <polyline className="series" points={days.map((d) => `${x(d.date)},${y(d.share)}`).join(" ")} />
        {days.map((d) => (
          <circle key={d.date} className="series-dot" cx={x(d.date)} cy={y(d.share)} r={3.5}>
            <title>{`${formatDay(d.date)}: ${formatPercent1(d.share)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
