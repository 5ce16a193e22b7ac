/**
 * Sending the monthly report to the subscriptions that chose it (event kind "monthly-report",
 * organisations only). Run daily by `atalaya serve` (once per tick across processes): the last
 * month measured to its end is reported once, on the first run after its data is complete. The
 * report becomes an event of the organisation (its Activity links the page and the PDF, its
 * webhooks get it), and each subscriber one e-mail in its language, with a one-click unsubscribe
 * token of its own: alert_notifications makes it once per subscription and month.
 */
import { enqueueMessage, messageLinks, queueWebhookDeliveries, unsubscribeHeaders } from "@atalaya/alerts";
import {
  type AlertLanguage,
  alertEvents,
  alertNotifications,
  alertSubscriptions,
  type Database,
} from "@atalaya/db";
import { lastReportMonth } from "@atalaya/metrics";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { AlertContext } from "../alert-detection";
import { latestMeasurementDate } from "../award-params";
import { BoardCache } from "../board";
import { DatasetInfo } from "../dataset";
import { buildMonthlyReport, reportLinks } from "./build";
import { monthlyReportMessage } from "./email";

export async function sendMonthlyReports(database: Database, options: AlertContext): Promise<number> {
  const now = options.now ?? new Date();
  const lastMeasured = await latestMeasurementDate(database);
  if (!lastMeasured) return 0;
  const month = lastReportMonth(lastMeasured, now.toISOString().slice(0, 10));
  const subscriptions = await database.db
    .select()
    .from(alertSubscriptions)
    .where(
      and(
        eq(alertSubscriptions.status, "active"),
        isNotNull(alertSubscriptions.organisationId),
        sql`'monthly-report' = any(${alertSubscriptions.events})`,
      ),
    );
  const services = {
    database,
    dataset: options.shared?.dataset ?? new DatasetInfo(database),
    boards: options.shared?.boards ?? new BoardCache(),
  };
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let sent = 0;
  for (const id of [...new Set(subscriptions.map((s) => s.organisationId as string))]) {
    const reports = new Map<AlertLanguage, Awaited<ReturnType<typeof buildMonthlyReport>>>();
    const report = async (language: AlertLanguage) => {
      let made = reports.get(language);
      if (!made) {
        made = await buildMonthlyReport(services, { id, month, language, now });
        reports.set(language, made);
      }
      return made;
    };
    let english: Awaited<ReturnType<typeof report>>;
    try {
      english = await report("en");
    } catch (error) {
      // An organisation with no region network any more: nothing to report.
      options.log.warn("monthly report not made", {
        organisation: id,
        month,
        error: (error as Error).message,
      });
      continue;
    }
    const readers = subscriptions.filter((s) => s.organisationId === id);
    // Built before the transaction: a report reads a lot, and PGlite runs one thing at a time.
    for (const s of readers) await report(s.language);
    sent += await database.db.transaction(async (tx) => {
      const key = `monthly-report:org:${id}:${month}`;
      const inserted = await tx
        .insert(alertEvents)
        .values({
          key,
          kind: "monthly-report",
          asn: null,
          organisationId: id,
          cc: english.organisation.cc ?? null,
          payload: { scope: "organisation", name: english.organisation.name, month },
          link: reportLinks(id, month, "en").page,
          occurredAt: now,
        })
        .onConflictDoNothing({ target: alertEvents.key })
        .returning();
      const [event] =
        inserted.length > 0 ? inserted : await tx.select().from(alertEvents).where(eq(alertEvents.key, key));
      if (!event) return 0;
      if (inserted.length > 0) await queueWebhookDeliveries(tx, event, now);
      let queued = 0;
      for (const subscription of readers) {
        const noted = await tx
          .insert(alertNotifications)
          .values({ subscriptionId: subscription.id, eventId: event.id, createdAt: now })
          .onConflictDoNothing()
          .returning();
        if (noted.length === 0) continue;
        const links = await messageLinks(tx, subscription.id, { now, baseUrl });
        const rendered = monthlyReportMessage({
          report: await report(subscription.language),
          baseUrl,
          unsubscribeUrl: links.unsubscribePage,
        });
        const messageId = await enqueueMessage(
          tx,
          {
            kind: "monthly-report",
            to: subscription.email,
            ...rendered,
            headers: unsubscribeHeaders(links.oneClick),
            language: subscription.language,
          },
          { now, mailConfigured: options.mailConfigured },
        );
        await tx
          .update(alertNotifications)
          .set({ messageId })
          .where(
            and(
              eq(alertNotifications.subscriptionId, subscription.id),
              eq(alertNotifications.eventId, event.id),
            ),
          );
        queued++;
      }
      return queued;
    });
  }
  options.log.info("monthly reports queued", { month, messages: sent });
  return sent;
}
