/** The region page's movers: the largest rises and falls of one span, from the API's ranking. */
import type { Mover } from "./api/get-region-movers";

export interface TopMovers {
  risers: Mover[];
  fallers: Mover[];
}

export function topMovers(movers: readonly Mover[], n: number): TopMovers {
  const risers = movers
    .filter((m) => m.change > 0)
    .sort((a, b) => b.change - a.change || a.cc.localeCompare(b.cc));
  const fallers = movers
    .filter((m) => m.change < 0)
    .sort((a, b) => a.change - b.change || a.cc.localeCompare(b.cc));
  return { risers: risers.slice(0, n), fallers: fallers.slice(0, n) };
}

/** A change in share units as signed percentage points: +2.4 pts, −0.8 pts. */
export function formatPoints(change: number): string {
  const points = (change * 100).toFixed(1);
  if (points === "0.0" || points === "-0.0") return "±0.0 pts";
  return change > 0 ? `+${points} pts` : `−${points.slice(1)} pts`;
}
