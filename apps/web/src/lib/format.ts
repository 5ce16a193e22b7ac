/** Number formatting for the dashboard, in the chosen language's conventions (lib/i18n.ts). */
import { currentLocale } from "./i18n";

const cache = new Map<string, Intl.NumberFormat>();

/** One formatter per (locale, options): building Intl formatters is slow, formatting is not. */
function formatter(name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = currentLocale();
  const key = `${locale} ${name}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export const formatInteger = (n: number) => formatter("integer", { maximumFractionDigits: 0 }).format(n);
export const formatCompact = (n: number) =>
  formatter("compact", { notation: "compact", maximumFractionDigits: 1 }).format(n);
export const formatSlash32 = (n: number) => formatter("slash32", { maximumFractionDigits: 2 }).format(n);
/** Up to two decimals: mean scores, say. */
export const formatDecimal = (n: number) => formatter("decimal", { maximumFractionDigits: 2 }).format(n);
/** Exactly one decimal: percentage points of a change, say. */
export const formatDecimal1 = (n: number) =>
  formatter("decimal1", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
/** One decimal: intervals of large networks are narrower than a whole percentage point. */
export const formatPercent1 = (n: number) =>
  formatter("percent1", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
export const formatPercent = (n: number) =>
  formatter("percent", { style: "percent", maximumFractionDigits: 0 }).format(n);
