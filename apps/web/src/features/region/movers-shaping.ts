/** The region page's movers: the largest rises and falls of one span, from the API's ranking. */
import { formatDecimal1 } from "../../lib/format";
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

/**
 * A change in share units as signed percentage points: +2.4 pts, −0.8 pts. `unit` wraps the
 * signed number in the chosen language's words ("+2,4 p. p."); the number follows its conventions.
 */
export function formatPoints(change: number, unit = (points: string) => `${points} pts`): string {
  const rounded = Number((change * 100).toFixed(1));
  const sign = rounded === 0 ? "±" : rounded > 0 ? "+" : "−";
  return unit(`${sign}${formatDecimal1(Math.abs(rounded))}`);
}
