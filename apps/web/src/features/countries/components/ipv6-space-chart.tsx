/**
 * Bar chart of IPv6 space per economy, inside a ChartFrame that names its source. Loaded lazily:
 * recharts is the heaviest dependency.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useChartFormatters } from "../../../lib/chart-ticks";
import { economyName } from "../../../lib/economy-names";
import { formatSlash32 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import type { CountrySummary } from "../api/get-countries";

export default function Ipv6SpaceChart({ countries }: { countries: CountrySummary[] }) {
  const t = useT();
  const f = useChartFormatters();
  const data = countries
    .filter((c) => c.ipv6Slash32 > 0)
    .sort((a, b) => b.ipv6Slash32 - a.ipv6Slash32)
    .map((c) => ({ cc: c.cc, name: economyName(c.cc, c.name, t.locale), value: c.ipv6Slash32 }));
  if (data.length === 0) return <p className="state">{t("space.none")}</p>;
  return (
    <div className="chart" role="img" aria-label={t("space.chartLabel")}>
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="cc" interval={0} tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={f.compact} width={56} />
          <Tooltip
            formatter={(value) => [
              t("space.tooltip", { value: formatSlash32(Number(value)) }),
              t("space.tooltipName"),
            ]}
            labelFormatter={(cc) => data.find((d) => d.cc === cc)?.name ?? String(cc)}
          />
          <Bar dataKey="value" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
