/** Number formatting for the dashboard, in the browser's locale. */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const slash32 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const formatInteger = (n: number) => integer.format(n);
export const formatCompact = (n: number) => compact.format(n);
export const formatSlash32 = (n: number) => slash32.format(n);
/** One decimal: intervals of large networks are narrower than a whole percentage point. */
export const formatPercent1 = (n: number) =>
  new Intl.NumberFormat(undefined, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(n);
export const formatPercent = (n: number) =>
  new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 }).format(n);
