/**
 * Alert retention on each database: what `pruneAlertHistory` (the server's daily job, `atalaya
 * alerts prune`) removes and what it must keep. Old sent and failed e-mail goes with the
 * notifications it carried (a notification left without its message would mean "waiting for a
 * digest" and the event would be sent again); finished webhook deliveries go with their attempts;
 * unsubscribe tokens go after a year. Events, queued mail, deliveries still being retried,
 * notifications waiting for a digest, and everything recent stay; a second run removes nothing.
 */
import { createUser } from "@atalaya/accounts";
import { pruneAlertHistory } from "@atalaya/alerts";
import {
  alertEvents,
  alertNotifications,
  alertSubscriptions,
  alertUnsubscribeTokens,
  type Database,
  outboxMessages,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "@atalaya/db";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";

const NOW = new Date("2026-12-01T03:30:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

describe.each(targets)("alert retention on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    const [subscription] = await database.db
      .insert(alertSubscriptions)
      .values({
        email: "noc@isp.example",
        asn: 64496,
        events: ["jim-bound-state"],
        delivery: "daily",
        status: "active",
        unsubscribeTokenHash: "u",
        createdAt: daysAgo(400),
      })
      .returning();
    const subscriptionId = subscription?.id as number;
    const events = await database.db
      .insert(alertEvents)
      .values(
        [300, 200, 10, 2].map((age) => ({
          key: `jim-bound-state:as:64496:${age}`,
          kind: "jim-bound-state" as const,
          asn: 64496,
          payload: { age },
          link: "/as/64496",
          occurredAt: daysAgo(age),
        })),
      )
      .returning({ id: alertEvents.id });
    const message = (kind: string, status: "sent" | "failed" | "queued", created: number, sent?: number) => ({
      kind,
      to: "noc@isp.example",
      subject: `${kind} ${status} ${created}`,
      text: "t",
      html: "<p>t</p>",
      language: "en" as const,
      status,
      nextAttemptAt: daysAgo(created),
      createdAt: daysAgo(created),
      sentAt: sent === undefined ? null : daysAgo(sent),
    });
    const messages = await database.db
      .insert(outboxMessages)
      .values([
        message("alert-digest", "sent", 301, 300), // old: goes with its notification
        message("alert-digest", "failed", 200), // old, failed for good: goes
        message("alert-digest", "sent", 200, 10), // created long ago, sent recently: stays
        message("subscription-confirmation", "queued", 250), // still queued (SMTP down): stays
      ])
      .returning({ id: outboxMessages.id });
    const [e300, e200, e10, e2] = events.map((e) => e.id) as [number, number, number, number];
    const [m300, m200failed, m10] = messages.map((m) => m.id) as [number, number, number];
    await database.db.insert(alertNotifications).values([
      { subscriptionId, eventId: e300, messageId: m300, createdAt: daysAgo(300) },
      { subscriptionId, eventId: e200, messageId: m200failed, createdAt: daysAgo(200) },
      { subscriptionId, eventId: e10, messageId: m10, createdAt: daysAgo(10) },
      // Waiting for tomorrow's digest.
      { subscriptionId, eventId: e2, messageId: null, createdAt: daysAgo(2) },
    ]);
    const { account } = await createUser(
      database,
      { email: "noc@isp.example", role: "isp", asns: [64496] },
      null,
    );
    const [endpoint] = await database.db
      .insert(webhookEndpoints)
      .values({
        ownerUserId: account.id,
        url: "https://hooks.isp.example/atalaya",
        secret: "s",
        events: ["jim-bound-state"],
        createdAt: daysAgo(400),
      })
      .returning();
    const deliveries = await database.db
      .insert(webhookDeliveries)
      .values(
        [
          { status: "delivered" as const, eventId: e300, created: 300, delivered: 300 },
          { status: "failed" as const, eventId: e200, created: 200, delivered: null },
          { status: "delivered" as const, eventId: e10, created: 10, delivered: 10 },
          // Still being retried: its first attempt is old, but it is not finished.
          { status: "queued" as const, eventId: e2, created: 190, delivered: null },
        ].map((d) => ({
          endpointId: endpoint?.id as number,
          eventId: d.eventId,
          status: d.status,
          attempts: 1,
          nextAttemptAt: daysAgo(d.created),
          createdAt: daysAgo(d.created),
          deliveredAt: d.delivered === null ? null : daysAgo(d.delivered),
        })),
      )
      .returning({ id: webhookDeliveries.id, eventId: webhookDeliveries.eventId });
    await database.db.insert(webhookAttempts).values(
      deliveries.flatMap((d) => [
        { deliveryId: d.id, attemptedAt: daysAgo(1), statusCode: 500, durationMs: 12 },
        { deliveryId: d.id, attemptedAt: daysAgo(1), statusCode: 200, durationMs: 9 },
      ]),
    );
    await database.db.insert(alertUnsubscribeTokens).values([
      { tokenHash: "old", subscriptionId, createdAt: daysAgo(366) },
      { tokenHash: "recent", subscriptionId, createdAt: daysAgo(300) },
    ]);
  });
  afterAll(async () => dispose?.());

  it("refuses a retention that is not a whole number of days", async () => {
    await expect(pruneAlertHistory(database, { keepDays: 0, now: NOW })).rejects.toThrow(/keepDays/);
    await expect(pruneAlertHistory(database, { keepDays: 1.5, now: NOW })).rejects.toThrow(/keepDays/);
  });

  it("removes old sent and failed mail with its notifications, finished deliveries with their attempts, year-old tokens", async () => {
    const gone = await pruneAlertHistory(database, { keepDays: 180, now: NOW });
    expect(gone).toEqual({
      messages: 2,
      notifications: 2,
      webhookDeliveries: 2,
      webhookAttempts: 4,
      unsubscribeTokens: 1,
    });
    const subjects = await database.db
      .select({ subject: outboxMessages.subject })
      .from(outboxMessages)
      .orderBy(asc(outboxMessages.id));
    expect(subjects.map((m) => m.subject)).toEqual([
      "alert-digest sent 200",
      "subscription-confirmation queued 250",
    ]);
    const left = await database.db.select().from(alertNotifications).orderBy(asc(alertNotifications.eventId));
    // The recent message's notification, and the one waiting for tomorrow's digest (still waiting:
    // not turned into a second "waiting" one by its message's removal).
    expect(left.map((n) => n.messageId === null)).toEqual([false, true]);
    // Events are the Activity history: all four stay.
    expect(await database.db.$count(alertEvents)).toBe(4);
    const deliveries = await database.db
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .orderBy(asc(webhookDeliveries.id));
    expect(deliveries.map((d) => d.status)).toEqual(["delivered", "queued"]);
    expect(await database.db.$count(webhookAttempts)).toBe(4);
    const tokens = await database.db
      .select({ hash: alertUnsubscribeTokens.tokenHash })
      .from(alertUnsubscribeTokens);
    expect(tokens.map((t) => t.hash)).toEqual(["recent"]);
  });

  it("removes nothing more when run again", async () => {
    expect(await pruneAlertHistory(database, { keepDays: 180, now: NOW })).toEqual({
      messages: 0,
      notifications: 0,
      webhookDeliveries: 0,
      webhookAttempts: 0,
      unsubscribeTokens: 0,
    });
  });
});
