/** Daily IPv6-preferred share with the award line. Loaded lazily with recharts. */
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useChartFormatters } from "../../../lib/chart-ticks";
import { formatDayRange } from "../../../lib/dates";
import { formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import type { AsnStanding } from "../api/get-asn-standing";

export default function ShareChart({ standing }: { standing: AsnStanding["data"]["standing"] }) {
  const t = useT();
  const f = useChartFormatters();
  const data = standing.series
    .filter((d) => d.samples > 0)
    .map((d) => ({ date: d.date, share: d.preferred / d.samples, samples: d.samples }));
  if (data.length === 0) return <p className="state">{t("provider.noDaily")}</p>;
  return (
    <figure className="chart" aria-label={t("provider.chartLabel")}>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={40} tickFormatter={f.dayTick} />
          <YAxis tickFormatter={f.percent1} width={56} domain={[0, "auto"]} />
          <Tooltip
            formatter={(value, _name, item) => [
              t.plural("provider.tooltip", (item.payload as { samples: number }).samples, {
                share: formatPercent1(Number(value)),
              }),
              t("common.ipv6Preferred"),
            ]}
            labelFormatter={f.dayLabel}
          />
          <ReferenceLine
            y={standing.threshold}
            stroke="#b91c1c"
            strokeDasharray="6 4"
            label={t("chart.awardLine")}
          />
          <Line type="monotone" dataKey="share" stroke="#0f766e" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        {t("provider.chartCaption", { window: formatDayRange(standing.window.start, standing.window.end) })}
      </figcaption>
    </figure>
  );
}
