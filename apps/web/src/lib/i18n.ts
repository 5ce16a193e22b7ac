/**
 * The dashboard's language: English, Spanish or Portuguese, chosen from the browser and
 * switchable (remembered in localStorage). Messages live in ./messages/<locale>.ts; the Spanish
 * and Portuguese tables are typed against the English one, so a missing key fails type checking.
 * Numbers and dates follow the same locale (lib/format.ts and lib/dates.ts read `currentLocale`).
 */
import { useSyncExternalStore } from "react";
import { en, type MessageKey } from "./messages/en";
import { es } from "./messages/es";
import { pt } from "./messages/pt";

export const LOCALES = { en: "English", es: "Español", pt: "Português" } as const;
export type Locale = keyof typeof LOCALES;

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, es, pt };
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
  if (globalThis.document) document.documentElement.lang = next;
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

/** A message in `lang`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = TABLES[lang][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The translator for the current language; components re-render when it changes. */
export function useT() {
  const lang = useLocale();
  return (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
}
