import { isValidElement } from "react";
import { describe, expect, it } from "vitest";
import { economyName, subRegionName } from "./economy-names";
import { detectLocale, translate, translator } from "./i18n";
import { en, type MessageKey } from "./messages/en";
import { es } from "./messages/es";
import { pt } from "./messages/pt";

const TRANSLATIONS = { es, pt } as const;

/**
 * Messages that read the same in Spanish or Portuguese: acronyms, units, loanwords. Messages
 * made of placeholders and punctuation only ("{start} – {end}") need no entry here.
 */
const SAME_AS_ENGLISH = new Set<MessageKey>([
  "nav.api",
  "common.asn",
  "common.asns",
  "common.email",
  "space.tooltip",
  "search.share",
  "serviceKind.web",
  // Milliseconds are "ms" in every language.
  "test.ms",
  // Names: the organisation, and a year's award cycle.
  "source.apnic",
  "awardCycleForm.namePlaceholder",
  "serviceKind.dns",
  "entry.bytes.one",
  "entry.bytes.other",
  "score.total",
  "subscriptions.subject.network",
  // The technical term, as Spanish and Portuguese documentation write it.
  "myNetworks.webhooksHeading",
  "mail.heading",
  "nav.webhooks",
  "webhooks.url",
]);

describe("i18n", () => {
  it("prefers the saved choice, then the browser's languages, then English", () => {
    expect(detectLocale("pt", ["es-AR"])).toBe("pt");
    expect(detectLocale(null, ["fr-FR", "es-419", "en"])).toBe("es");
    expect(detectLocale("xx", ["pt-BR"])).toBe("pt");
    expect(detectLocale(null, ["de"])).toBe("en");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("es", "nav.region")).toBe("Región");
    expect(translate("en", "nav.region", { x: 1 })).toBe("Region");
    expect(translate("en", "networks.registeredIn", {})).toBe("Networks registered in {cc}");
  });

  it("keeps every placeholder of the English message in each translation", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, message] of Object.entries(en)) {
      const k = key as keyof typeof en;
      expect(placeholders(es[k]), `es ${key}`).toEqual(placeholders(message));
      expect(placeholders(pt[k]), `pt ${key}`).toEqual(placeholders(message));
    }
  });

  it("translates every message: none empty, none left in English but the listed ones", () => {
    for (const [lang, table] of Object.entries(TRANSLATIONS)) {
      for (const [key, message] of Object.entries(en)) {
        const k = key as MessageKey;
        const translated = table[k];
        expect(translated.trim(), `${lang} ${key} is empty`).not.toBe("");
        const words = message.replace(/\{\w+\}/g, "").replace(/[^\p{L}]/gu, "");
        if (translated === message && words !== "" && !SAME_AS_ENGLISH.has(k))
          expect.fail(`${lang} ${key} is still English: ${message}`);
      }
    }
  });

  it("gives every plural message its general form", () => {
    // (A lone `.other` is a value's name, as in `serviceKind.other`, not a plural.)
    const keys = Object.keys(en);
    for (const key of keys) {
      const one = /^(.+)\.one$/.exec(key);
      if (one) expect(keys, key).toContain(`${one[1]}.other`);
    }
  });

  it("chooses the plural form by the language's rules and formats the count", () => {
    expect(translator("en").plural("region.networks", 1)).toBe("1 network");
    expect(translator("en").plural("region.networks", 1200)).toBe("1,200 networks");
    expect(translator("es").plural("region.networks", 1)).toBe("1 red");
    expect(translator("es").plural("region.networks", 12345)).toBe("12.345 redes");
    // Spanish says "1 millón de redes" with its own category; the "other" form stands in.
    expect(translator("es").plural("region.networks", 1_000_000)).toBe("1.000.000 redes");
    expect(translator("pt").plural("region.measuredNetworks", 3)).toBe("3 redes medidas");
  });

  it("puts elements into a sentence", () => {
    const node = translator("es").rich("myEntry.resultsOut", { link: "LINK" });
    expect(isValidElement(node)).toBe(true);
    const children = (node as { props: { children: unknown[] } }).props.children;
    expect(children).toEqual(["Ya hay resultados: ", "LINK", "."]);
  });
});

describe("economy and sub-region names", () => {
  it("keeps the registry's English name and names economies in Spanish and Portuguese from their codes", () => {
    expect(economyName("FK", "Falkland Islands (Malvinas)", "en")).toBe("Falkland Islands (Malvinas)");
    expect(economyName("BR", "Brazil", "es")).toBe("Brasil");
    expect(economyName("MX", "Mexico", "pt")).toBe("México");
    expect(economyName("FK", "Falkland Islands (Malvinas)", "es")).toBe("Islas Malvinas");
    expect(economyName("BO", null, "en")).toBe("Bolivia");
  });

  it("falls back to the registry's name, then to the code", () => {
    expect(economyName("XX", "Somewhere", "es")).toBe("Somewhere");
    expect(economyName("XX", null, "pt")).toBe("XX");
    expect(economyName("not a code", null, "es")).toBe("not a code");
  });

  it("names sub-regions from their keys or the API's English names", () => {
    expect(subRegionName(translator("es"), "caribbean")).toBe("Caribe");
    expect(subRegionName(translator("pt"), "Central America & Mexico")).toBe("América Central e México");
    expect(subRegionName(translator("es"), "Atlantis")).toBe("Atlantis");
  });
});
