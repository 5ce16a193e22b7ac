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
