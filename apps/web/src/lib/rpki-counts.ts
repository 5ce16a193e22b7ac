import type { Translator } from "./i18n";

/** "3 valid, 1 invalid, 2 without a ROA", each count agreeing with its word in the language. */
export function rpkiCounts(t: Translator, c: { valid: number; invalid: number; notFound: number }): string {
  return t("routing.counts", {
    valid: t.plural("rpki.validCount", c.valid),
    invalid: t.plural("rpki.invalidCount", c.invalid),
    notFound: t.plural("rpki.notFoundCount", c.notFound),
  });
}
