/**
 * The dashboard's language: English, Spanish or Portuguese, chosen from the browser and
 * switchable (remembered in localStorage). Messages live in ./messages/<locale>.ts; the Spanish
 * and Portuguese tables are typed against the English one, so a missing key fails type checking.
 * Numbers and dates follow the same locale (lib/format.ts and lib/dates.ts read `currentLocale`).
 */
import { createElement, Fragment, type ReactNode, useSyncExternalStore } from "react";
import { en, type MessageKey } from "./messages/en";
import { es } from "./messages/es";
import { pt } from "./messages/pt";

export type { MessageKey };

export const LOCALES = { en: "English", es: "Español", pt: "Português" } as const;
export type Locale = keyof typeof LOCALES;

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, es, pt };

/**
 * The page's `lang`, for screen readers and hyphenation: the varieties the tables are written in.
 * Numbers and dates use the plain language tags: `es-419` would write decimals with a point.
 */
export const HTML_LANG: Record<Locale, string> = { en: "en", es: "es-419", pt: "pt-BR" };
const STORAGE_KEY = "atalaya-locale";

function isLocale(value: string | null | undefined): value is Locale {
  return value === "en" || value === "es" || value === "pt";
}

/** The saved choice, else the first browser language we speak, else English. */
export function detectLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  for (const language of languages) {
    const base = language.toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return "en";
}

function readSaved(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

let locale: Locale = detectLocale(readSaved(), globalThis.navigator?.languages ?? []);
const listeners = new Set<() => void>();

export const currentLocale = (): Locale => locale;

export function setLocale(next: Locale): void {
  if (next === locale) return;
  locale = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
  if (globalThis.document) document.documentElement.lang = HTML_LANG[next];
  for (const listener of listeners) listener();
}

export function useLocale(): Locale {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentLocale,
    currentLocale,
  );
}

type Vars = Record<string, string | number>;

/**
 * Bases of plural messages: `x` when both `x.one` and `x.other` exist. Categories other than
 * "one" (Spanish "many" for a million, say) take `x.other`.
 */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one`
    ? `${Base}.other` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

/**
 * A message in `lang`, with `{name}` placeholders filled from `vars`. Numbers are written as
 * given (AS numbers, years): format quantities with lib/format.ts first.
 */
export function translate(lang: Locale, key: MessageKey, vars: Vars = {}): string {
  const template = TABLES[lang][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export interface Translator {
  (key: MessageKey, vars?: Vars): string;
  /**
   * `base.one` or `base.other` by the count's plural category, with `{count}` formatted. Zero
   * takes the general form in every language: CLDR puts Portuguese 0 with 1, but Brazilian
   * usage writes "0 redes", as Spanish and English do.
   */
  plural(base: PluralKey, count: number, vars?: Vars): string;
  /** A message with elements in its placeholders (a link inside a sentence). */
  rich(key: MessageKey, parts: Record<string, ReactNode>): ReactNode;
  readonly locale: Locale;
}

const translators = new Map<Locale, Translator>();

/** The translator for `lang`: the same function every time, so it can sit in dependency lists. */
export function translator(lang: Locale): Translator {
  let t = translators.get(lang);
  if (!t) {
    const rules = new Intl.PluralRules(lang);
    const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    t = Object.assign((key: MessageKey, vars?: Vars) => translate(lang, key, vars), {
      plural: (base: PluralKey, count: number, vars: Vars = {}) =>
        translate(
          lang,
          `${base}.${count !== 0 && rules.select(count) === "one" ? "one" : "other"}` as MessageKey,
          {
            count: integer.format(count),
            ...vars,
          },
        ),
      rich: (key: MessageKey, parts: Record<string, ReactNode>) =>
        createElement(
          Fragment,
          null,
          ...(TABLES[lang][key] ?? en[key]).split(/(\{\w+\})/).map((piece) => {
            const name = /^\{(\w+)\}$/.exec(piece)?.[1];
            return name !== undefined && name in parts ? parts[name] : piece;
          }),
        ),
      locale: lang,
    });
    translators.set(lang, t);
  }
  return t;
}

/** The translator for the current language; components re-render when it changes. */
export function useT(): Translator {
  return translator(useLocale());
}
