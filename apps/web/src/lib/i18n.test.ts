import { describe, expect, it } from "vitest";
import { detectLocale, translate } from "./i18n";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { pt } from "./messages/pt";

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
  });

  it("keeps every placeholder of the English message in each translation", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, message] of Object.entries(en)) {
      const k = key as keyof typeof en;
      expect(placeholders(es[k]), `es ${key}`).toEqual(placeholders(message));
      expect(placeholders(pt[k]), `pt ${key}`).toEqual(placeholders(message));
    }
  });
});
