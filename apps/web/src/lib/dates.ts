/** Date-times as people read them: the chosen language's conventions, with the time zone. */
import { currentLocale } from "./i18n";

export function formatDateTime(iso: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Date(iso).toLocaleString(currentLocale(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(currentLocale(), { dateStyle: "medium" });
}
