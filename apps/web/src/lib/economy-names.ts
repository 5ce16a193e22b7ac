/**
 * Economy names in the chosen language, from their ISO 3166 codes through the browser's CLDR
 * data (Intl.DisplayNames). In English the registry's own name (the API's `name`, "Falkland
 * Islands (Malvinas)") is kept; elsewhere it is the fallback for a code the browser cannot name.
 */
import { currentLocale, type Locale, type Translator } from "./i18n";

const cache = new Map<Locale, Intl.DisplayNames | null>();

function displayNames(locale: Locale): Intl.DisplayNames | null {
  if (!cache.has(locale)) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames(locale, { type: "region", fallback: "none" });
    } catch {
      // A browser without DisplayNames: the registry's English names.
    }
    cache.set(locale, names);
  }
  return cache.get(locale) ?? null;
}

export function economyName(cc: string, registryName?: string | null, locale = currentLocale()): string {
  if (locale === "en" && registryName) return registryName;
  let name: string | undefined;
  try {
    name = displayNames(locale)?.of(cc.toUpperCase());
  } catch {
    // Not a region code (DisplayNames throws on malformed ones).
  }
  return name ?? registryName ?? cc;
}

const SUB_REGIONS = {
  "south-america": "South America",
  "central-america-mexico": "Central America & Mexico",
  caribbean: "Caribbean",
} as const;
export type SubRegionKey = keyof typeof SUB_REGIONS;

/**
 * A sub-region's name in the chosen language, from its key ("caribbean") or, where the API gives
 * only its English name (search results), from that name; anything else is shown as it came.
 */
export function subRegionName(t: Translator, keyOrName: string): string {
  if (keyOrName in SUB_REGIONS) return t(`subRegion.${keyOrName as SubRegionKey}`);
  const key = (Object.keys(SUB_REGIONS) as SubRegionKey[]).find((k) => SUB_REGIONS[k] === keyOrName);
  return key ? t(`subRegion.${key}`) : keyOrName;
}
