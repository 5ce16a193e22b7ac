/** An economy's daily users-weighted IPv6 share with the award line. Loaded lazily with recharts. */
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
import { percentTicks } from "../../../lib/chart-ticks";
import { formatPercent, formatPercent1 } from "../../../lib/format";

export interface CountryTrendRow extends Record<string, string | number | null> {
  date: string;
  share: number | null;
  networks: number;
}

export default function CountryTrendChart({
  rows,
  threshold,
}: {
  rows: CountryTrendRow[];
  threshold: number;
}) {
  const ticks = percentTicks(
    rows.map((r) => r.share),
    threshold,
  );
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={48} />
        <YAxis
          tickFormatter={(v) => formatPercent(Number(v))}
          width={48}
          ticks={ticks}
          domain={[0, "dataMax"]}
        />
        <Tooltip
          formatter={(value, _name, item) => [
            `${formatPercent1(Number(value))} (${(item.payload as CountryTrendRow).networks} networks)`,
            "IPv6 preferred",
          ]}
        />
        <ReferenceLine
          y={threshold}
          stroke="#b91c1c"
          strokeDasharray="6 4"
          label={{ value: "award line", fontSize: 11 }}
        />
        <Line
          type="monotone"
          dataKey="share"
          stroke="#0f766e"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
