/**
 * The Activity of a network, an organisation or an economy: its events, newest first, for the
 * provider page and the Atom feed (RFC 4287) that feed readers and chat tools subscribe to.
 * Index: alert_events_{asn,organisation,cc}_idx (subject, id), read backwards.
 */
import { type AlertLanguage, alertEvents, type Database } from "@atalaya/db";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { escapeHtml } from "../messages";
import type { Subject } from "../subjects";
import { describeEvent } from "./describe";
import type { StoredEvent } from "./types";

export interface ActivityEntry {
  id: number;
  kind: StoredEvent["kind"];
  occurredAt: string;
  title: string;
  details: string[];
  link: string;
  payload: Record<string, unknown>;
}

function subjectFilter(subject: Subject): SQL {
  if (subject.kind === "network") return eq(alertEvents.asn, subject.asn);
  if (subject.kind === "organisation") return eq(alertEvents.organisationId, subject.id);
  return eq(alertEvents.cc, subject.cc);
}

/** Up to `limit` events of `subject` older than event `before` (a page), described in `language`. */
export async function activity(
  database: Database,
  subject: Subject,
  options: { language: AlertLanguage; limit: number; before?: number | undefined },
): Promise<ActivityEntry[]> {
  const rows = await database.db
    .select()
    .from(alertEvents)
    .where(
      and(
        subjectFilter(subject),
        options.before !== undefined ? lt(alertEvents.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(alertEvents.id))
    .limit(options.limit);
  return rows.map((event) => ({
    id: event.id,
    kind: event.kind,
    occurredAt: event.occurredAt.toISOString(),
    ...describeEvent(event, options.language),
    link: event.link,
    payload: event.payload,
  }));
}

/** An Atom feed of `entries`; `self` is the feed's own absolute URL, `base` the dashboard's. */
export function atomFeed(input: {
  title: string;
  self: string;
  base: string;
  /** The dashboard page the feed is about. */
  alternate: string;
  /** Stable identifier of the feed (a tag: URI, so that moving the server keeps it). */
  id: string;
  language: AlertLanguage;
  entries: ActivityEntry[];
  /** When nothing happened yet: the feed's own update time. */
  updated: Date;
}): string {
  const e = escapeHtml;
  const updated = input.entries[0]?.occurredAt ?? input.updated.toISOString();
  const entries = input.entries
    .map(
      (entry) => `  <entry>
    <id>${e(`${input.id}:event:${entry.id}`)}</id>
    <title>${e(entry.title)}</title>
    <updated>${entry.occurredAt}</updated>
    <category term="${e(entry.kind)}"/>
    <link rel="alternate" type="text/html" href="${e(`${input.base}${entry.link}`)}"/>
    <content type="html">${e(`<ul>${entry.details.map((d) => `<li>${e(d)}</li>`).join("")}</ul>`)}</content>
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${input.language}">
  <id>${e(input.id)}</id>
  <title>${e(input.title)}</title>
  <updated>${updated}</updated>
  <author><name>Atalaya</name></author>
  <link rel="self" type="application/atom+xml" href="${e(input.self)}"/>
  <link rel="alternate" type="text/html" href="${e(input.alternate)}"/>
${entries}
</feed>
`;
}
