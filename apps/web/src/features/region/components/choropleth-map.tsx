/**
 * The LACNIC region coloured by users-weighted IPv6-preferred share (d3-geo over world-atlas's
 * Natural Earth 1:50m, cut to the region at build time). Each economy is a link to its page: one
 * tab stop for the map, arrow keys move to the nearest economy in that direction, Enter opens
 * it; islands too small to point at get a labelled marker in open sea. Loaded lazily with its
 * route: d3-geo and the topology stay out of the initial bundle.
 */

import topology from "virtual:lacnic-topology";
import { geoAzimuthalEqualArea, geoPath } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { useMemo, useRef, useState } from "react";
import { feature } from "topojson-client";
import { formatPercent, formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import { countryPath, navigate } from "../../../lib/navigation";
import { legendItems, shareColour } from "../map/colour-scale";
import { type Callout, placeCallouts, SMALL_AREA } from "../map/map-shaping";
import { isDirection, nextInDirection, type Point } from "../map/spatial-nav";
import type { RegionProperties } from "../map/topology-subset";

export interface MapEconomy {
  cc: string;
  name: string;
  share: number | null;
  networks: number;
}

const WIDTH = 720;
const HEIGHT = 860;
/** Where a scattered economy's callout points: Bonaire, not the sea between it and Saba. */
const ANCHORS: Record<string, [number, number]> = { BQ: [-68.27, 12.18] };

type RegionFeature = Feature<Geometry, RegionProperties>;

const economyFeatures = (feature(topology, topology.objects.economies) as { features: RegionFeature[] })
  .features;
const contextFeatures = (feature(topology, topology.objects.context) as { features: RegionFeature[] })
  .features;

/**
 * Framed on the mainland, the Caribbean, the Falklands and South Georgia, with open Atlantic at
 * the top right for callouts; far Pacific islands (Easter Island, Clipperton) fall outside.
 */
const FRAME: [number, number][] = [
  [-117, 32.7],
  [-92, 0],
  [-76, -56],
  [-26, -58],
  [-34, -7],
  [-40, 20],
];
const projection = geoAzimuthalEqualArea()
  .rotate([68, 14])
  .fitExtent(
    [
      [8, 8],
      [WIDTH - 8, HEIGHT - 8],
    ],
    { type: "MultiPoint", coordinates: FRAME },
  );
const path = geoPath(projection);

interface Shape {
  cc: string;
  d: string;
  point: [number, number];
  small: boolean;
}

const SHAPES: Shape[] = economyFeatures.map((f) => {
  const cc = f.properties.cc;
  const anchor = ANCHORS[cc];
  const point = (anchor ? projection(anchor) : path.centroid(f)) as [number, number];
  return { cc, d: path(f) ?? "", point, small: path.area(f) < SMALL_AREA };
});
const CONTEXT = contextFeatures.map((f) => path(f) ?? "");
const SMALL = SHAPES.filter((s) => s.small).map((s) => ({ id: s.cc, x: s.point[0], y: s.point[1] }));
const CALLOUTS: Map<string, Callout> = new Map(
  placeCallouts(SMALL, { width: WIDTH, height: HEIGHT }, (projection([-60, 0]) as [number, number])[1]).map(
    (c) => [c.id, c],
  ),
);
/** Arrow-key targets: the marker of a called-out economy, else its centre. */
const POINTS: Point[] = SHAPES.map((s) => {
  const c = CALLOUTS.get(s.cc);
  return { id: s.cc, x: c ? c.marker[0] : s.point[0], y: c ? c.marker[1] : s.point[1] };
});

function describe(t: Translator, e: MapEconomy | undefined, cc: string): string {
  if (!e) return t("map.notInData", { name: cc });
  if (e.share === null) return t("map.noNetwork", { name: e.name });
  return t.plural("map.economyShare", e.networks, { name: e.name, share: formatPercent1(e.share) });
}

export default function ChoroplethMap({ economies }: { economies: readonly MapEconomy[] }) {
  const t = useT();
  const byCc = useMemo(() => new Map(economies.map((e) => [e.cc, e])), [economies]);
  const [focused, setFocused] = useState<string>(() =>
    SHAPES.some((s) => s.cc === "BR") ? "BR" : (SHAPES[0]?.cc ?? ""),
  );
  const [active, setActive] = useState<string | null>(null);
  // React types an <a> in SVG as an HTML anchor; both have focus().
  const links = useRef(new Map<string, HTMLAnchorElement>());

  const onKeyDown = (e: React.KeyboardEvent<SVGSVGElement>) => {
    if (!isDirection(e.key)) return;
    e.preventDefault();
    const next = nextInDirection(POINTS, focused, e.key);
    if (!next) return;
    setFocused(next);
    links.current.get(next)?.focus();
  };

  const shown = active ?? null;
  return (
    <div className="choropleth">
      {/* biome-ignore lint/a11y/useSemanticElements: a group of SVG links; a <fieldset> cannot hold SVG */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={t("map.label")} onKeyDown={onKeyDown}>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: plain outlines of land outside the region, never focusable */}
        <g className="map-context" aria-hidden="true">
          {CONTEXT.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed build-time geometry
            <path key={i} d={d} />
          ))}
        </g>
        {SHAPES.map((s) => {
          const economy = byCc.get(s.cc);
          const share = economy?.share ?? null;
          const callout = CALLOUTS.get(s.cc);
          const label = describe(t, economy, s.cc);
          const to = countryPath(s.cc);
          return (
            <a
              key={s.cc}
              href={to}
              ref={(el) => {
                if (el) links.current.set(s.cc, el);
                else links.current.delete(s.cc);
              }}
              tabIndex={s.cc === focused ? 0 : -1}
              aria-label={label}
              className="map-economy"
              data-cc={s.cc}
              onFocus={() => {
                setFocused(s.cc);
                setActive(s.cc);
              }}
              onBlur={() => setActive((a) => (a === s.cc ? null : a))}
              onMouseEnter={() => setActive(s.cc)}
              onMouseLeave={() => setActive((a) => (a === s.cc ? null : a))}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                e.preventDefault();
                navigate(to);
              }}
            >
              <title>{label}</title>
              <path d={s.d} fill={shareColour(share)} className="map-shape" />
              {callout && (
                <g className="map-callout">
                  <line
                    x1={callout.anchor[0]}
                    y1={callout.anchor[1]}
                    x2={callout.marker[0]}
                    y2={callout.marker[1]}
                  />
                  <circle cx={callout.anchor[0]} cy={callout.anchor[1]} r={2} className="map-anchor" />
                  <circle
                    cx={callout.marker[0]}
                    cy={callout.marker[1]}
                    r={8}
                    fill={shareColour(share)}
                    className="map-shape"
                  />
                  <text x={callout.marker[0] + 12} y={callout.marker[1] + 4}>
                    {s.cc} {share === null ? "—" : formatPercent1(share)}
                  </text>
                </g>
              )}
            </a>
          );
        })}
      </svg>
      <p className="map-status" aria-hidden="true">
        {shown ? describe(t, byCc.get(shown), shown) : t("map.hint")}
      </p>
      <ul className="map-legend" aria-label={t("map.legend")}>
        {legendItems(formatPercent, {
          under: (edge) => t("map.legendUnder", { edge }),
          orMore: (edge) => t("map.legendOrMore", { edge }),
          noData: t("map.legendNoData"),
        }).map((item) => (
          <li key={item.label}>
            <span className="swatch" style={{ background: item.colour }} aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
