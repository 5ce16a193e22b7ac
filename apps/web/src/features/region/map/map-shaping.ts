/**
 * What the choropleth draws for each economy, computed once from the topology and a projection:
 * its outline, the point arrows and callouts use, and whether it is too small to see or hit, in
 * which case a callout in open sea carries its colour and label.
 */
import type { Point } from "./spatial-nav";

/** Below this projected area (px²) an economy gets a callout: Aruba is about 1 px² on the map. */
export const SMALL_AREA = 60;

export interface Callout {
  id: string;
  /** The economy's own position. */
  anchor: [number, number];
  /** Where its marker sits. */
  marker: [number, number];
}

/**
 * Markers in one column at x = `column`, in the order of the anchors' heights so leader lines do
 * not cross, `spacing` pixels apart from `top` (kept inside 0…height).
 */
export function layoutCallouts(
  anchors: readonly Point[],
  layout: { column: number; top: number; spacing: number; height: number },
): Callout[] {
  const sorted = [...anchors].sort((a, b) => a.y - b.y || a.id.localeCompare(b.id));
  const span = Math.max(0, sorted.length - 1) * layout.spacing;
  const top = Math.min(Math.max(layout.spacing, layout.top), layout.height - layout.spacing - span);
  return sorted.map((p, i) => ({
    id: p.id,
    anchor: [p.x, p.y],
    marker: [layout.column, top + i * layout.spacing],
  }));
}

/**
 * Callouts for scattered small economies: the Caribbean ones (north of the equator) in a column
 * out in the Atlantic above South America, the South Atlantic ones each beside itself.
 */
export function placeCallouts(
  anchors: readonly Point[],
  size: { width: number; height: number },
  /** Projected height of the equator: what lies above it is Caribbean. */
  equator: number,
): Callout[] {
  const { width, height } = size;
  const north = anchors.filter((p) => p.y < equator);
  const south = anchors.filter((p) => !north.includes(p));
  const right = (group: readonly Point[], gap: number) =>
    Math.min(width - 70, Math.max(...group.map((p) => p.x)) + gap);
  const out: Callout[] = [];
  if (north.length > 0)
    out.push(
      ...layoutCallouts(north, {
        column: right(north, 90),
        top: Math.min(...north.map((p) => p.y)) - 40,
        spacing: 22,
        height,
      }),
    );
  if (south.length > 0) {
    const middle = south.reduce((n, p) => n + p.y, 0) / south.length;
    out.push(
      ...layoutCallouts(south, {
        column: right(south, 40),
        top: middle - ((south.length - 1) * 22) / 2,
        spacing: 22,
        height,
      }),
    );
  }
  return out;
}
