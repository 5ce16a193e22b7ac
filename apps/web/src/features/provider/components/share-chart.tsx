/**
 * IPv6-preferred share: each day (faint), the trailing 30-day pooled share with its 95% Wilson
 * band, and the award line. Loaded lazily with recharts.
 */
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
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
import { rollingShare } from "../rolling-share";

export default function ShareChart({ standing }: { standing: AsnStanding["data"]["standing"] }) {
  const t = useT();
  const f = useChartFormatters();
  const data = rollingShare(standing.series);
  if (!data.some((d) => d.samples > 0)) return <p className="state">{t("provider.noDaily")}</p>;
  return (
    <figure className="chart" aria-label={t("provider.chartLabel")}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={40} tickFormatter={f.dayTick} />
          <YAxis tickFormatter={f.percent1} width={56} domain={[0, "auto"]} />
          <Tooltip
            formatter={(value, name, item) => {
              if (name === "band") {
                const [lo, hi] = value as unknown as [number, number];
                return [`${formatPercent1(lo)}–${formatPercent1(hi)}`, t("provider.band")];
              }
              if (name === "pooled") return [formatPercent1(Number(value)), t("provider.pooled30")];
              return [
                t.plural("provider.tooltip", (item.payload as { samples: number }).samples, {
                  share: formatPercent1(Number(value)),
                }),
                t("common.ipv6Preferred"),
              ];
            }}
            labelFormatter={f.dayLabel}
          />
          <Area
            type="monotone"
            dataKey="band"
            name="band"
            stroke="none"
            fill="#0f766e"
            fillOpacity={0.18}
            isAnimationActive={false}
            connectNulls
          />
          <ReferenceLine
            y={standing.threshold}
            stroke="#b91c1c"
            strokeDasharray="6 4"
            label={{ value: t("chart.awardLine"), position: "insideTopRight", fill: "#b91c1c", fontSize: 12 }}
          />
          <Line
            type="monotone"
            dataKey="share"
            name="share"
            stroke="#94a3b8"
            strokeWidth={1}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="pooled"
            name="pooled"
            stroke="#0f766e"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption>
        {t("provider.chartCaption", { window: formatDayRange(standing.window.start, standing.window.end) })}
      </figcaption>
    </figure>
  );
}
