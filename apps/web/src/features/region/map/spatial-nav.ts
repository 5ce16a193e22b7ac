/**
 * Arrow keys on the map move to the nearest economy in that direction: among the economies whose
 * centre lies within 60° of the arrow's direction, the one with the smallest distance, with
 * sideways offset counted double so "right" prefers what is level with the current one.
 */
export type Direction = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight";

export interface Point {
  id: string;
  x: number;
  y: number;
}

const VECTORS: Record<Direction, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

export const isDirection = (key: string): key is Direction => key in VECTORS;

export function nextInDirection(
  points: readonly Point[],
  fromId: string,
  direction: Direction,
): string | null {
  const from = points.find((p) => p.id === fromId);
  if (!from) return points[0]?.id ?? null;
  const [ux, uy] = VECTORS[direction];
  let best: { id: string; cost: number } | null = null;
  for (const p of points) {
    if (p.id === fromId) continue;
    const dx = p.x - from.x;
    const dy = p.y - from.y;
    const along = dx * ux + dy * uy;
    if (along <= 0) continue;
    const across = Math.abs(dx * uy - dy * ux);
    // Within 60° of the direction: across ≤ tan(60°) × along.
    if (across > Math.sqrt(3) * along) continue;
    const cost = along + 2 * across;
    if (!best || cost < best.cost) best = { id: p.id, cost };
  }
  return best?.id ?? null;
}
