/**
 * The webhook queue across a restart, on each database: deliveries queued and tried once by a
 * sender that then stops with the database closed are posted, each exactly once, by a real
 * `atalaya serve` process started afterwards on the same database.
 */

import { createUser } from "@atalaya/accounts";
import { createWebhookEndpoint, queueWebhookDeliveries, WebhookSender } from "@atalaya/alerts";
import { silentLogger } from "@atalaya/config";
import { alertEvents, type Database, webhookAttempts, webhookDeliveries } from "@atalaya/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppProcess } from "../helpers/app-process";
import { durableDatabase, type Target, targets } from "../helpers/databases";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const PUBLIC_URL = "https://atalaya.example";

describe.each(targets)("the webhook queue across a restart, on $name", (target: Target) => {
  let receiver: WebhookReceiver;
  let receiverClock = () => new Date();
  beforeAll(async () => {
    receiver = await startWebhookReceiver(() => receiverClock());
  });
  afterAll(async () => receiver?.close());

  it("posts every delivery queued before the restart, exactly once, from a new process", async () => {
    const durable = await durableDatabase(target, "atalaya-webhooks-");
    const open = durable.open;
    try {
      // Ten minutes ago: three events were fanned out and tried once, while the endpoint failed.
      const then = new Date(Date.now() - 10 * 60_000);
      receiverClock = () => then;
      receiver.always.set("/restart", 503);
      const before: Database = await open();
      const { account } = await createUser(before, { email: "admin@atalaya.example", role: "admin" }, null);
      const { secret } = await createWebhookEndpoint(
        before,
        account,
        { url: `${receiver.url}/restart`, subject: null },
        then,
      );
      receiver.secrets.set("/restart", secret);
      for (const asn of [64496, 64497, 64498])
        await before.db.transaction(async (tx) => {
          const [row] = await tx
            .insert(alertEvents)
            .values({
              key: `restart:${asn}`,
              kind: "rpki-invalid",
              asn,
              organisationId: "lacnic:900001",
              cc: "AR",
              payload: {},
              link: `/as/${asn}`,
              occurredAt: then,
            })
            .returning({ id: alertEvents.id });
          const id = (row as { id: number }).id;
          await queueWebhookDeliveries(
            tx,
            { id, kind: "rpki-invalid", asn, organisationId: "lacnic:900001", cc: "AR" },
            then,
          );
        });
      const sender = new WebhookSender({
        database: before,
        log: silentLogger,
        baseUrl: PUBLIC_URL,
        mailConfigured: false,
        allowPrivate: true,
        now: () => then,
      });
      expect(await sender.runOnce()).toEqual({ delivered: 0, retried: 3, failed: 0, disabled: 0 });
      await sender.stop();
      await before.close();
      expect(receiver.received).toHaveLength(3);

      // The endpoint is back, and a new process starts on the database.
      receiver.always.delete("/restart");
      receiverClock = () => new Date();
      receiver.received.length = 0;
      const app = await startAppProcess(
        {
          ...durable.env(),
          ATALAYA_PUBLIC_URL: PUBLIC_URL,
          ATALAYA_WEBHOOK_ALLOW_PRIVATE: "1",
          ATALAYA_DEMO: "off",
          ATALAYA_INGEST_CRON: "off",
          ATALAYA_CHECK_CRON: "off",
        },
        "serve",
      );
      try {
        await vi.waitFor(() => expect(receiver.received.filter((r) => r.verified)).toHaveLength(3), {
          timeout: 60_000,
          interval: 200,
        });
      } finally {
        await app.stop();
      }
      const links = receiver.received.map(
        (r) => (JSON.parse(r.body) as { event: { link: string } }).event.link,
      );
      expect(links.sort()).toEqual([
        `${PUBLIC_URL}/as/64496`,
        `${PUBLIC_URL}/as/64497`,
        `${PUBLIC_URL}/as/64498`,
      ]);

      const after = await open();
      try {
        const rows = await after.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.id);
        expect(rows.map((r) => [r.status, r.attempts])).toEqual([
          ["delivered", 2],
          ["delivered", 2],
          ["delivered", 2],
        ]);
        expect(await after.db.select().from(webhookAttempts)).toHaveLength(6);
        // Exactly once: three deliveries, three requests after the restart.
        expect(new Set(receiver.received.map((r) => r.headers["atalaya-delivery"])).size).toBe(3);
        expect(receiver.received).toHaveLength(3);
      } finally {
        await after.close();
      }
    } finally {
      await durable.drop();
    }
  });
});
