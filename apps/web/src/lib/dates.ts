/** Date-times as the people using the committee pages read them: their locale, with the zone. */
export function formatDateTime(iso: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Date(iso).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
}
