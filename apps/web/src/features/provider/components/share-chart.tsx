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
import { formatPercent1 } from "../../../lib/format";
import type { AsnStanding } from "../api/get-asn-standing";

export default function ShareChart({ standing }: { standing: AsnStanding["data"]["standing"] }) {
  const data = standing.series
    .filter((d) => d.samples > 0)
    .map((d) => ({ date: d.date, share: d.preferred / d.samples, samples: d.samples }));
  if (data.length === 0) return <p className="state">No daily measurements in the last year.</p>;
  return (
    <figure className="chart" aria-label="Daily IPv6-preferred share over the last year">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={40} />
          <YAxis tickFormatter={(v) => formatPercent1(Number(v))} width={56} domain={[0, "auto"]} />
          <Tooltip
            formatter={(value, _name, item) => [
              `${formatPercent1(Number(value))} of ${(item.payload as { samples: number }).samples} samples`,
              "IPv6 preferred",
            ]}
          />
          <ReferenceLine y={standing.threshold} stroke="#b91c1c" strokeDasharray="6 4" label="award line" />
          <Line type="monotone" dataKey="share" stroke="#0f766e" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        Daily share of sampled users preferring IPv6 (APNIC Labs). The award judges the pooled{" "}
        {standing.window.start} – {standing.window.end} window, not single days.
      </figcaption>
    </figure>
  );
}
