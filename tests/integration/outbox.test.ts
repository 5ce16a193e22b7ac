/**
 * The outgoing-mail queue against a real SMTP server on 127.0.0.1, on each database, with the
 * sender's clock moved instead of sleeping: temporary refusals (451) retried with backoff and
 * then delivered, a day of refusals marked failed, a permanent refusal (550) not retried, what
 * was stored while SMTP was not configured sent once it is (within a day), a message whose
 * sender died taken again after its lease, and a queue that survives closing and
 * reopening the database with every message delivered exactly once.
 */
import { claimDueMessages, enqueueMessage, type NewMessage, OutboxSender } from "@atalaya/alerts";
import { silentLogger } from "@atalaya/config";
import { type Database, outboxMessages } from "@atalaya/db";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { durableDatabase, type Target, targets } from "../helpers/databases";
import { type LocalSmtpServer, startSmtpServer } from "../helpers/smtp-server";

const MINUTE = 60_000;
const T0 = new Date("2026-12-01T12:00:00Z");

const message = (to: string): NewMessage => ({
  kind: "test",
  to,
  subject: `For ${to}`,
  text: `Hello ${to}`,
  html: `<p>Hello ${to}</p>`,
  headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  language: "en",
});

async function row(database: Database, id: number) {
  const [found] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return found as typeof outboxMessages.$inferSelect;
}

describe.each(targets)("the outgoing-mail queue, on $name", (target: Target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let smtp: LocalSmtpServer;
  let clock: Date;
  const senders: OutboxSender[] = [];
  const sender = () => {
    const made = new OutboxSender({
      database,
      log: silentLogger,
      smtpUrl: smtp.url,
      from: "alerts@atalaya.example",
      now: () => clock,
    });
    senders.push(made);
    return made;
  };
  const queue = (to: string) =>
    enqueueMessage(database.db, message(to), { now: clock, mailConfigured: true });

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    smtp.messages.length = 0;
    smtp.refusals.length = 0;
    smtp.refuseAll = false;
    clock = T0;
  });
  afterAll(async () => {
    await smtp?.close();
    await dispose?.();
  });

  it("retries a message the relay refuses for now (451) after 1 and 5 minutes, then delivers it once", async () => {
    clock = T0;
    const id = await queue("retry@isp.example");
    smtp.refusals.push(451, 451);
    const s = sender();
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await row(database, id)).toMatchObject({
      status: "queued",
      attempts: 1,
      nextAttemptAt: new Date(T0.getTime() + MINUTE),
      lastError: expect.stringContaining("451"),
    });
    // Not due yet.
    clock = new Date(T0.getTime() + MINUTE - 1);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock = new Date(T0.getTime() + MINUTE);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await row(database, id)).nextAttemptAt).toEqual(new Date(T0.getTime() + 6 * MINUTE));
    clock = new Date(T0.getTime() + 6 * MINUTE);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(database, id)).toMatchObject({
      status: "sent",
      attempts: 3,
      sentAt: clock,
      lastError: null,
    });
    expect(smtp.messages.map((m) => m.to)).toEqual([["retry@isp.example"]]);
    expect(smtp.messages[0]?.parsed.text).toContain("Hello retry@isp.example");
    expect(smtp.messages[0]?.parsed.html).toContain("<p>Hello retry@isp.example</p>");
  });

  it("marks a message failed once a day of retries is over", async () => {
    clock = T0;
    const id = await queue("never@isp.example");
    smtp.refuseAll = true;
    const s = sender();
    const attemptsAt: number[] = [];
    for (let pass = 0; pass < 20; pass++) {
      const result = await s.runOnce();
      if (result.retried + result.failed > 0) attemptsAt.push((clock.getTime() - T0.getTime()) / MINUTE);
      const current = await row(database, id);
      if (current.status === "failed") break;
      clock = current.nextAttemptAt;
    }
    // 1 min, 5 min, 30 min, 2 h, then every 6 h while the next try is within a day.
    expect(attemptsAt).toEqual([0, 1, 6, 36, 156, 516, 876, 1236]);
    expect(await row(database, id)).toMatchObject({ status: "failed", attempts: 8 });
    expect(smtp.messages).toHaveLength(0);
  });

  it("does not retry a permanent refusal (550)", async () => {
    clock = T0;
    const id = await queue("unknown@isp.example");
    smtp.refusals.push(550);
    expect(await sender().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await row(database, id)).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("sends, once SMTP is configured, what was stored unconfigured within the last day", async () => {
    clock = T0;
    const stored = (to: string, ago: number) =>
      enqueueMessage(database.db, message(to), { now: new Date(T0.getTime() - ago), mailConfigured: false });
    const old = await stored("old@isp.example", 25 * 60 * MINUTE);
    const young = await stored("young@isp.example", 60 * MINUTE);
    expect((await row(database, young)).status).toBe("not-configured");
    expect(await sender().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await row(database, young)).status).toBe("sent");
    expect((await row(database, old)).status).toBe("not-configured");
    expect(smtp.messages.map((m) => m.to)).toEqual([["young@isp.example"]]);
  });

  it("takes again, after its lease, a message whose sender died while sending it", async () => {
    clock = T0;
    const id = await queue("lease@isp.example");
    // A process claims it and dies before marking it.
    expect(await claimDueMessages(database, { now: clock, leaseMs: 5 * MINUTE, limit: 10 })).toHaveLength(1);
    const s = sender();
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock = new Date(T0.getTime() + 5 * MINUTE);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(database, id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.messages).toHaveLength(1);
  });
});

describe.each(targets)("the queue across a restart, on $name", (target: Target) => {
  let smtp: LocalSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp?.close());

  it("delivers every message queued before the database was closed, exactly once, after it is reopened", async () => {
    // PGlite on a data folder, or a database of its own on the server: both outlive the handle.
    const durable = await durableDatabase(target, "atalaya-outbox-");
    const open = durable.open;
    try {
      const before = await open();
      const recipients = ["a@isp.example", "b@isp.example", "c@isp.example"];
      for (const to of recipients)
        await enqueueMessage(before.db, message(to), { now: new Date(), mailConfigured: true });
      await before.close();

      const after = await open();
      try {
        const started = [1, 2].map(() =>
          new OutboxSender({
            database: after,
            log: silentLogger,
            smtpUrl: smtp.url,
            from: "alerts@atalaya.example",
            intervalMs: 50,
          }).start(),
        );
        await vi.waitFor(
          async () => {
            const rows = await after.db.select({ status: outboxMessages.status }).from(outboxMessages);
            expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
          },
          { timeout: 20_000, interval: 100 },
        );
        await Promise.all(started.map((s) => s.stop()));
        expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(recipients);
      } finally {
        await after.close();
      }
    } finally {
      await durable.drop();
    }
  });
});
