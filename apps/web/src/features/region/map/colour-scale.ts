/**
 * The map's colour scale: binned, so a reader can match a colour to a range in the legend, with
 * 20% (the Jim Bound line) as one of the edges. Sequential yellow-green-blue (ColorBrewer YlGnBu),
 * readable with the common colour-vision deficiencies; economies without a figure are grey.
 */
import { formatPercent } from "../../../lib/format";

export const SHARE_EDGES = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5] as const;
export const SHARE_COLOURS = [
  "#ffffcc",
  "#c7e9b4",
  "#7fcdbb",
  "#41b6c4",
  "#1d91c0",
  "#225ea8",
  "#0c2c84",
] as const;
export const NO_DATA_COLOUR = "#d1d5db";

/** The bin of a share: 0 below 5%, … 6 at 50% or more. */
export function shareBin(share: number): number {
  const i = SHARE_EDGES.findIndex((edge) => share < edge);
  return i === -1 ? SHARE_EDGES.length : i;
}

export function shareColour(share: number | null): string {
  return share === null ? NO_DATA_COLOUR : (SHARE_COLOURS[shareBin(share)] as string);
}

/** Labels with dark text on light fills and light text on dark ones. */
export const textColourOn = (share: number | null) =>
  share !== null && shareBin(share) >= 4 ? "#fff" : "#111827";

export interface LegendItem {
  colour: string;
  label: string;
}

/** The legend's words, in the chosen language; English by default. */
export interface LegendWords {
  under: (edge: string) => string;
  orMore: (edge: string) => string;
  noData: string;
}

const ENGLISH: LegendWords = {
  under: (edge) => `under ${edge}`,
  orMore: (edge) => `${edge} or more`,
  noData: "no measured network",
};

export function legendItems(
  format: (n: number) => string = formatPercent,
  words: LegendWords = ENGLISH,
): LegendItem[] {
  const items: LegendItem[] = SHARE_COLOURS.map((colour, i) => {
    const lo = SHARE_EDGES[i - 1];
    const hi = SHARE_EDGES[i];
    const label =
      lo === undefined
        ? words.under(format(hi as number))
        : hi === undefined
          ? words.orMore(format(lo))
          : `${format(lo)}–${format(hi)}`;
    return { colour, label };
  });
  return [...items, { colour: NO_DATA_COLOUR, label: words.noData }];
}
