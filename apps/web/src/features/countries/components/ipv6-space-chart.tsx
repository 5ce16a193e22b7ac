/**
 * Bar chart of IPv6 space per economy, inside a ChartFrame that names its source. Loaded lazily:
 * recharts is the heaviest dependency.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatSlash32 } from "../../../lib/format";
import type { CountrySummary } from "../api/get-countries";

export default function Ipv6SpaceChart({ countries }: { countries: CountrySummary[] }) {
  const data = countries
    .filter((c) => c.ipv6Slash32 > 0)
    .sort((a, b) => b.ipv6Slash32 - a.ipv6Slash32)
    .map((c) => ({ cc: c.cc, name: c.name, value: c.ipv6Slash32 }));
  if (data.length === 0) return <p className="state">No economy holds IPv6 space in the loaded data.</p>;
  return (
    <div className="chart" role="img" aria-label="Bar chart: IPv6 space per economy, in /32 equivalents">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="cc" interval={0} tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={formatCompact} width={56} />
          <Tooltip
            formatter={(value) => [`${formatSlash32(Number(value))} /32`, "IPv6 space"]}
            labelFormatter={(cc) => data.find((d) => d.cc === cc)?.name ?? String(cc)}
          />
          <Bar dataKey="value" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
