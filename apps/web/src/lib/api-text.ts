/**
 * Fixed sentences the API writes in English (method notes), in the chosen language where the
 * dashboard knows them; a sentence it does not know is shown as the API wrote it.
 */

import type { Translator } from "./i18n";
import type { MessageKey } from "./messages/en";

const KNOWN: Record<string, MessageKey> = {
  "Each day, every network's share of sampled users preferring IPv6, weighted by its estimated users (APNIC AS population) where every network has an estimate, else by samples.":
    "method.trend",
};

export function apiSentence(t: Translator, text: string): string {
  const key = KNOWN[text];
  return key ? t(key) : text;
}
