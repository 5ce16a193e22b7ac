import { useMemo } from "react";
import { formatDay, formatDayShort } from "./dates";
import { formatCompact, formatPercent, formatPercent1 } from "./format";
import { useT } from "./i18n";

/**
 * Y-axis ticks at round percentages for share charts: every 5 points up to 40%, every 10 above,
 * reaching at least `floor` (the award line, so it is always on the chart).
 */
export function percentTicks(values: ReadonlyArray<number | null>, floor = 0.2): number[] {
  const max = Math.max(floor, ...values.filter((v): v is number => v !== null));
  const step = max > 0.4 ? 0.1 : 0.05;
  const top = Math.ceil(max / step - 1e-9) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Math.round(i * step * 100) / 100);
}

export interface ChartFormatters {
  percent: (v: unknown) => string;
  percent1: (v: unknown) => string;
  /** A value that may be missing, for tooltips. */
  percentValue: (v: unknown) => string;
  compact: (v: unknown) => string;
  /** `YYYY-MM-DD` ticks as day and month, and the whole date in tooltips. */
  dayTick: (v: unknown) => string;
  dayLabel: (v: unknown) => string;
}

/**
 * Axis and tooltip formatters in the chosen language. New functions when the language changes,
 * so recharts, which keeps axis settings while their props stay the same, draws the ticks again.
 */
export function useChartFormatters(): ChartFormatters {
  const { locale } = useT();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the formatters read the locale when called
  return useMemo(
    () => ({
      percent: (v: unknown) => formatPercent(Number(v)),
      percent1: (v: unknown) => formatPercent1(Number(v)),
      percentValue: (v: unknown) => (v === null || v === undefined ? "—" : formatPercent1(Number(v))),
      compact: (v: unknown) => formatCompact(Number(v)),
      dayTick: (v: unknown) => formatDayShort(String(v)),
      dayLabel: (v: unknown) => formatDay(String(v)),
    }),
    [locale],
  );
}
