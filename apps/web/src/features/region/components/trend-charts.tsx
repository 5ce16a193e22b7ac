/**
 * Line charts of the region's daily share with Google's global series for context, and of the
 * three sub-regions side by side. Loaded lazily with recharts.
 */
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { percentTicks, useChartFormatters } from "../../../lib/chart-ticks";
import { useT } from "../../../lib/i18n";
import type { RegionTrendRow, SubRegionRow } from "../trend-shaping";

export function RegionTrendChart({ rows, threshold }: { rows: RegionTrendRow[]; threshold: number }) {
  const t = useT();
  const f = useChartFormatters();
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={48} tickFormatter={f.dayTick} />
        <YAxis
          tickFormatter={f.percent}
          width={48}
          ticks={percentTicks(rows.flatMap((r) => [r.region, r.google]))}
          domain={[0, "dataMax"]}
        />
        <Tooltip formatter={(v, name) => [f.percentValue(v), name]} labelFormatter={f.dayLabel} />
        <Legend />
        <ReferenceLine
          y={threshold}
          stroke="#b91c1c"
          strokeDasharray="6 4"
          label={{ value: t("chart.awardLine"), fontSize: 11 }}
        />
        <Line
          type="monotone"
          dataKey="region"
          name={t("region.lineRegion")}
          stroke="#0f766e"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="google"
          name={t("region.lineWorld")}
          stroke="#6b7280"
          strokeDasharray="4 3"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

const SUB_REGION_LINES = [
  { key: "south-america", colour: "#0f766e" },
  { key: "central-america-mexico", colour: "#b45309" },
  { key: "caribbean", colour: "#6d28d9" },
] as const;

export function SubRegionChart({ rows, names }: { rows: SubRegionRow[]; names: Record<string, string> }) {
  const f = useChartFormatters();
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={48} tickFormatter={f.dayTick} />
        <YAxis
          tickFormatter={f.percent}
          width={48}
          ticks={percentTicks(
            rows.flatMap((r) => SUB_REGION_LINES.map((l) => r[l.key])),
            0,
          )}
          domain={[0, "dataMax"]}
        />
        <Tooltip formatter={(v, name) => [f.percentValue(v), name]} labelFormatter={f.dayLabel} />
        <Legend />
        {SUB_REGION_LINES.map((l) => (
          <Line
            key={l.key}
            type="monotone"
            dataKey={l.key}
            name={names[l.key] ?? l.key}
            stroke={l.colour}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
