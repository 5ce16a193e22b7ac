/**
 * An economy's daily users-weighted IPv6 share with the award line, and Atalaya's own beacon as a
 * second line where sites embed it. Loaded lazily with recharts.
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
import { formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";

export interface CountryTrendRow extends Record<string, string | number | null> {
  date: string;
  share: number | null;
  networks: number;
  /** The beacon's share that day, where it has tests here. */
  beacon: number | null;
  beaconTests: number | null;
}

export default function CountryTrendChart({
  rows,
  threshold,
}: {
  rows: CountryTrendRow[];
  threshold: number;
}) {
  const t = useT();
  const f = useChartFormatters();
  const hasBeacon = rows.some((r) => r.beacon !== null);
  const ticks = percentTicks(
    rows.map((r) => r.share),
    threshold,
  );
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={48} tickFormatter={f.dayTick} />
        <YAxis tickFormatter={f.percent} width={48} ticks={ticks} domain={[0, "dataMax"]} />
        <Tooltip
          formatter={(value, name, item) => {
            const row = item.payload as CountryTrendRow;
            return name === "beacon"
              ? [
                  t.plural("country.beaconTooltip", row.beaconTests ?? 0, {
                    share: formatPercent1(Number(value)),
                  }),
                  t("country.beaconSeries"),
                ]
              : [
                  t.plural("country.tooltip", row.networks, { share: formatPercent1(Number(value)) }),
                  t("common.ipv6Preferred"),
                ];
          }}
          labelFormatter={f.dayLabel}
        />
        <ReferenceLine
          y={threshold}
          stroke="#b91c1c"
          strokeDasharray="6 4"
          label={{ value: t("chart.awardLine"), fontSize: 11 }}
        />
        <Line
          type="monotone"
          dataKey="share"
          stroke="#0f766e"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        {hasBeacon && (
          <Legend
            verticalAlign="bottom"
            height={28}
            wrapperStyle={{ fontSize: 12 }}
            formatter={(name) => (name === "beacon" ? t("country.beaconSeries") : t("common.ipv6Preferred"))}
          />
        )}
        {hasBeacon && (
          <Line
            type="monotone"
            dataKey="beacon"
            name="beacon"
            stroke="#7c3aed"
            strokeWidth={1.5}
            strokeDasharray="4 2"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
}
