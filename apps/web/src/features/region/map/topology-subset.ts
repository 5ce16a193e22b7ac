/**
 * Cuts the LACNIC region out of world-atlas's Natural Earth 1:50m countries at build time, so the
 * map's chunk carries the region (about a tenth of the world file) instead of the whole world.
 *
 * Natural Earth 1:50m has 29 of the region's 31 economies as countries of their own. French
 * Guiana (GF) is a polygon of France's geometry and Bonaire, Sint Eustatius and Saba (BQ) three
 * polygons of the Netherlands'; they are split out here by where they lie. Other land in view
 * (the United States, the ARIN-region Caribbean, France's Antilles) is kept, unnamed, as context.
 * Pure: run by the Vite plugin in vite.config.ts and by the unit tests.
 */
import type { GeoJsonProperties } from "geojson";
import type { GeometryObject, MultiPolygon, Polygon, Topology } from "topojson-specification";
import { LACNIC_NUMERIC } from "./iso-numeric";

type Box = [west: number, south: number, east: number, north: number];

/** What the map shows: Mexico's northern border to South Georgia, the Pacific to the Atlantic. */
export const VIEW: Box = [-120, -62, -24, 34];

/** Economies that Natural Earth keeps inside another country's geometry, by where they lie. */
const SPLITS: Array<{ cc: string; parentId: string; box: Box }> = [
  { cc: "GF", parentId: "250", box: [-55, 2, -51, 6.5] },
  { cc: "BQ", parentId: "528", box: [-69, 11.5, -62.5, 18] },
];

export type RegionProperties = { cc: string };

export type RegionTopology = Topology<{
  economies: { type: "GeometryCollection"; geometries: Array<GeometryObject<RegionProperties>> };
  context: { type: "GeometryCollection"; geometries: Array<GeometryObject<RegionProperties>> };
}>;

/** Bounding box of every arc, in longitude/latitude (arcs are delta-encoded when quantized). */
function arcBoxes(topology: Topology): Box[] {
  const [sx, sy] = topology.transform?.scale ?? [1, 1];
  const [tx, ty] = topology.transform?.translate ?? [0, 0];
  const quantized = topology.transform !== undefined;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [dx = 0, dy = 0] of arc) {
      x = quantized ? x + dx : dx;
      y = quantized ? y + dy : dy;
      const lon = x * sx + tx;
      const lat = y * sy + ty;
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
    return box;
  });
}

const arcIndex = (i: number) => (i < 0 ? ~i : i);

function polygonBox(rings: number[][], boxes: Box[]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  // The outer ring bounds the polygon.
  for (const i of rings[0] ?? []) {
    const b = boxes[arcIndex(i)] as Box;
    box[0] = Math.min(box[0], b[0]);
    box[1] = Math.min(box[1], b[1]);
    box[2] = Math.max(box[2], b[2]);
    box[3] = Math.max(box[3], b[3]);
  }
  return box;
}

const intersects = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const inside = (a: Box, b: Box) => a[0] >= b[0] && a[2] <= b[2] && a[1] >= b[1] && a[3] <= b[3];

function polygonsOf(geometry: GeometryObject<GeoJsonProperties>): number[][][] {
  if (geometry.type === "Polygon") return [(geometry as Polygon).arcs];
  if (geometry.type === "MultiPolygon") return (geometry as MultiPolygon).arcs;
  return [];
}

function asGeometry(polygons: number[][][], properties?: RegionProperties): GeometryObject<RegionProperties> {
  const base: Polygon<RegionProperties> | MultiPolygon<RegionProperties> =
    polygons.length === 1
      ? { type: "Polygon", arcs: polygons[0] as number[][] }
      : { type: "MultiPolygon", arcs: polygons };
  return properties ? { ...base, properties } : base;
}

export function lacnicTopology(world: Topology): RegionTopology {
  const countries = world.objects.countries;
  if (countries?.type !== "GeometryCollection") throw new Error("world-atlas: no countries object");
  const boxes = arcBoxes(world);
  const ccByNumeric = new Map(Object.entries(LACNIC_NUMERIC).map(([cc, n]) => [n, cc]));
  const economies: Array<GeometryObject<RegionProperties>> = [];
  const context: Array<GeometryObject<RegionProperties>> = [];
  for (const geometry of countries.geometries) {
    const id = String(geometry.id ?? "");
    const inView = polygonsOf(geometry).filter((p) => intersects(polygonBox(p, boxes), VIEW));
    if (inView.length === 0) continue;
    const cc = ccByNumeric.get(id);
    if (cc) {
      economies.push(asGeometry(polygonsOf(geometry), { cc }));
      continue;
    }
    let rest = inView;
    for (const split of SPLITS.filter((s) => s.parentId === id)) {
      const mine = rest.filter((p) => inside(polygonBox(p, boxes), split.box));
      rest = rest.filter((p) => !mine.includes(p));
      if (mine.length > 0) economies.push(asGeometry(mine, { cc: split.cc }));
    }
    if (rest.length > 0) context.push(asGeometry(rest));
  }
  // Keep only the arcs still used, renumbered; delta encoding is per arc, so arcs move as they are.
  const used = new Map<number, number>();
  const arcs: Topology["arcs"] = [];
  const renumber = (i: number) => {
    const old = arcIndex(i);
    let fresh = used.get(old);
    if (fresh === undefined) {
      fresh = arcs.length;
      used.set(old, fresh);
      arcs.push(world.arcs[old] as Topology["arcs"][number]);
    }
    return i < 0 ? ~fresh : fresh;
  };
  const remap = (g: GeometryObject<RegionProperties>): GeometryObject<RegionProperties> => {
    if (g.type === "Polygon") return { ...g, arcs: g.arcs.map((ring) => ring.map(renumber)) };
    if (g.type === "MultiPolygon")
      return { ...g, arcs: g.arcs.map((p) => p.map((ring) => ring.map(renumber))) };
    return g;
  };
  const topology: RegionTopology = {
    type: "Topology",
    arcs,
    objects: {
      economies: { type: "GeometryCollection", geometries: economies.map(remap) },
      context: { type: "GeometryCollection", geometries: context.map(remap) },
    },
  };
  if (world.transform) topology.transform = world.transform;
  return topology;
}
