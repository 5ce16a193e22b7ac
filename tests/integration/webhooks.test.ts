/**
 * Webhooks against a receiver on 127.0.0.1 that verifies each signature, on each database, with
 * the sender's clock moved instead of sleeping: which endpoints an event fans out to, a signed
 * body with an absolute link, retries after 500s and then delivery, a slow endpoint that times
 * out without holding up a fast one, no redirects followed, private addresses refused unless
 * allowed, pings, two senders never posting one delivery twice, and an endpoint disabled after
 * five deliveries failed for good, with an e-mail queued to its owner.
 */

import { type Account, createUser, type NewUser } from "@atalaya/accounts";
import {
  createWebhookEndpoint,
  DISABLE_AFTER_FAILED_DELIVERIES,
  enableWebhookEndpoint,
  type FannedOutEvent,
  listWebhookDeliveries,
  queueWebhookDeliveries,
  queueWebhookPing,
  type Subject,
  type WebhookBody,
  type WebhookOwner,
  WebhookSender,
  type WebhookSenderOptions,
} from "@atalaya/alerts";
import { silentLogger } from "@atalaya/config";
import {
  type AlertEventKind,
  alertEvents,
  type Database,
  outboxMessages,
  webhookDeliveries,
  webhookEndpoints,
} from "@atalaya/db";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Target, targets } from "../helpers/databases";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const MINUTE = 60_000;
const T0 = new Date("2026-12-01T12:00:00Z");
const BASE = "https://atalaya.example";
const ORG_A = "lacnic:900001";
const ORG_B = "lacnic:900016";

describe.each(targets)("webhooks, on $name", (target: Target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let receiver: WebhookReceiver;
  let clock: Date;
  let isp: Account;
  let ispByAsn: Account;
  let admin: Account;
  let nextKey = 0;
  const senders: WebhookSender[] = [];

  const sender = (options: Partial<WebhookSenderOptions> = {}) => {
    const made = new WebhookSender({
      database,
      log: silentLogger,
      baseUrl: BASE,
      mailConfigured: true,
      allowPrivate: true,
      now: () => clock,
      ...options,
    });
    senders.push(made);
    return made;
  };

  const user = async (input: NewUser): Promise<Account> => (await createUser(database, input, null)).account;

  /** An endpoint posting to `path` of the receiver, whose secret the receiver verifies with. */
  async function endpoint(
    owner: WebhookOwner,
    path: string,
    options: { subject?: Subject | null; events?: AlertEventKind[] } = {},
  ) {
    const { endpoint: made, secret } = await createWebhookEndpoint(
      database,
      owner,
      { url: `${receiver.url}${path}`, subject: options.subject ?? null, events: options.events },
      clock,
    );
    receiver.secrets.set(path, secret);
    return made.id;
  }

  /** An alert event as detection stores it, fanned out in the same transaction. */
  async function event(
    subject: Partial<Omit<FannedOutEvent, "id" | "kind">> & { kind?: AlertEventKind } = {},
  ): Promise<{ id: number; queued: number }> {
    return database.db.transaction(async (tx) => {
      const values = {
        kind: subject.kind ?? ("rpki-invalid" as const),
        asn: subject.asn ?? null,
        organisationId: subject.organisationId ?? null,
        cc: subject.cc ?? null,
      };
      const [row] = await tx
        .insert(alertEvents)
        .values({
          key: `test:${++nextKey}`,
          ...values,
          payload: { routes: [{ prefix: "2001:db8::/32", origin: values.asn }] },
          link: values.asn !== null ? `/as/${values.asn}` : "/",
          occurredAt: clock,
        })
        .returning({ id: alertEvents.id });
      const id = (row as { id: number }).id;
      return { id, queued: await queueWebhookDeliveries(tx, { id, ...values }, clock) };
    });
  }

  async function delivery(id: number) {
    const [row] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    return row as typeof webhookDeliveries.$inferSelect;
  }
  async function deliveriesOf(endpointId: number) {
    return database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(webhookDeliveries.id);
  }

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    clock = T0;
    receiver = await startWebhookReceiver(() => clock);
    isp = await user({ email: "noc@isp-a.example", role: "isp", organisations: [ORG_A], asns: [64497] });
    ispByAsn = await user({ email: "noc@isp-c.example", role: "isp", asns: [64510] });
    admin = await user({ email: "admin@atalaya.example", role: "admin" });
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    // Each test starts with no endpoint: what one left queued is not another's business.
    await database.db.delete(webhookEndpoints);
    receiver.received.length = 0;
    receiver.script.clear();
    receiver.always.clear();
    receiver.held.clear();
    clock = T0;
  });
  afterAll(async () => {
    await receiver?.close();
    await dispose?.();
  });

  it("fans an event out to the endpoints that want it, once", async () => {
    const ispAll = await endpoint(isp, "/isp-all");
    const ispNetwork = await endpoint(isp, "/isp-64497", { subject: { kind: "network", asn: 64497 } });
    const ispRoaOnly = await endpoint(isp, "/isp-roa", { events: ["roa-expiring"] });
    const byAsn = await endpoint(ispByAsn, "/isp-c");
    const adminAll = await endpoint(admin, "/admin-all");
    const adminBo = await endpoint(admin, "/admin-bo", { subject: { kind: "economy", cc: "BO" } });
    const disabled = await endpoint(admin, "/admin-disabled");
    await database.db
      .update(webhookEndpoints)
      .set({ status: "disabled" })
      .where(eq(webhookEndpoints.id, disabled));

    const network = await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    const otherNetwork = await event({ asn: 64496, organisationId: ORG_A, cc: "AR" });
    const otherOrganisation = await event({ asn: 65548, organisationId: ORG_B, cc: "BO" });
    const roa = await event({ kind: "roa-expiring", asn: 64510, organisationId: "lacnic:900099", cc: "UY" });
    const weekly = await event({ kind: "economy-weekly", cc: "BO" });
    const endpointsOf = async (eventId: number) =>
      (await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)))
        .map((d) => d.endpointId)
        .sort((a, b) => a - b);
    expect(network.queued).toBe(3);
    expect(await endpointsOf(network.id)).toEqual([ispAll, ispNetwork, adminAll]);
    expect(await endpointsOf(otherNetwork.id)).toEqual([ispAll, adminAll]);
    // An economy's endpoint gets its weekly summary (EVENTS_BY_SUBJECT), not its networks' events.
    expect(await endpointsOf(otherOrganisation.id)).toEqual([adminAll]);
    expect(await endpointsOf(weekly.id)).toEqual([adminAll, adminBo]);
    expect(await endpointsOf(roa.id)).toEqual([byAsn, adminAll]);
    expect(await endpointsOf(roa.id)).not.toContain(ispRoaOnly);
    // Fanning the same event out again (a second process, a retry) queues nothing more.
    expect(
      await database.db.transaction((tx) =>
        queueWebhookDeliveries(
          tx,
          { id: network.id, kind: "rpki-invalid", asn: 64497, organisationId: ORG_A, cc: "AR" },
          clock,
        ),
      ),
    ).toBe(0);
  });

  it("posts a signed JSON body the receiver verifies, with an absolute link", async () => {
    const id = await endpoint(isp, "/signed");
    const queued = await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    expect(await sender().runOnce()).toEqual({ delivered: 1, retried: 0, failed: 0, disabled: 0 });
    const [request] = receiver.received;
    expect(request?.verified).toBe(true);
    const [row] = await deliveriesOf(id);
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": expect.stringMatching(/^Atalaya-Webhooks\//),
      "atalaya-event": "rpki-invalid",
      "atalaya-delivery": String(row?.id),
      "atalaya-signature": expect.stringMatching(new RegExp(`^t=${T0.getTime() / 1000},v1=[0-9a-f]{64}$`)),
    });
    expect(JSON.parse(request?.body ?? "")).toEqual({
      id: row?.id ?? 0,
      event: {
        id: queued.id,
        type: "rpki-invalid",
        occurredAt: T0.toISOString(),
        subject: { asn: 64497, organisation: ORG_A, cc: "AR" },
        payload: { routes: [{ prefix: "2001:db8::/32", origin: 64497 }] },
        link: `${BASE}/as/64497`,
      },
    } satisfies WebhookBody);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, deliveredAt: T0, lastError: null });
  });

  it("retries after 500s on the backoff, then delivers, logging every attempt", async () => {
    const id = await endpoint(isp, "/flaky");
    receiver.script.set("/flaky", [500, 500]);
    await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    const s = sender();
    expect(await s.runOnce()).toMatchObject({ retried: 1 });
    const [first] = await deliveriesOf(id);
    expect(first).toMatchObject({
      status: "queued",
      attempts: 1,
      nextAttemptAt: new Date(T0.getTime() + MINUTE),
    });
    expect(first?.lastError).toMatch(/^HTTP 500: refused with 500$/);
    // Not due yet.
    clock = new Date(T0.getTime() + MINUTE - 1);
    expect(await s.runOnce()).toEqual({ delivered: 0, retried: 0, failed: 0, disabled: 0 });
    clock = new Date(T0.getTime() + MINUTE);
    expect(await s.runOnce()).toMatchObject({ retried: 1 });
    clock = new Date(T0.getTime() + 6 * MINUTE);
    expect(await s.runOnce()).toMatchObject({ delivered: 1 });
    const [log] = await listWebhookDeliveries(database, isp, id);
    expect(log).toMatchObject({ status: "delivered", attempts: 3, type: "rpki-invalid", lastError: null });
    expect(log?.log.map((a) => [a.attemptedAt.getTime() - T0.getTime(), a.statusCode])).toEqual([
      [0, 500],
      [MINUTE, 500],
      [6 * MINUTE, 204],
    ]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // The same delivery id each time: the receiver can tell a retry from a new event.
    expect(new Set(receiver.received.map((r) => r.headers["atalaya-delivery"])).size).toBe(1);
  });

  it("gives a slow endpoint its time limit without holding up a fast one", async () => {
    const slow = await endpoint(isp, "/slow");
    const fast = await endpoint(isp, "/fast");
    receiver.held.add("/slow");
    await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    // The slow endpoint's delivery is claimed first; the fast one's must not wait for it.
    const [slowDelivery] = await deliveriesOf(slow);
    const [fastDelivery] = await deliveriesOf(fast);
    expect((slowDelivery?.id ?? 0) < (fastDelivery?.id ?? 0)).toBe(true);
    const pass = sender({ timeoutMs: 3000 }).runOnce();
    await vi.waitFor(
      async () => {
        expect((await delivery(fastDelivery?.id ?? 0)).status).toBe("delivered");
        expect(receiver.holding()).toBe(1);
      },
      { timeout: 2500, interval: 20 },
    );
    // The slow request is still unanswered while the fast one is done.
    expect((await delivery(slowDelivery?.id ?? 0)).status).toBe("sending");
    expect(await pass).toEqual({ delivered: 1, retried: 1, failed: 0, disabled: 0 });
    const [log] = await listWebhookDeliveries(database, isp, slow);
    expect(log?.status).toBe("queued");
    expect(log?.log).toEqual([
      {
        attemptedAt: T0,
        statusCode: null,
        error: "timed out after 3000 ms without an answer",
        durationMs: expect.any(Number),
      },
    ]);
  });

  it("does not follow redirects", async () => {
    const id = await endpoint(isp, "/moved");
    receiver.always.set("/moved", 302);
    await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    expect(await sender().runOnce()).toMatchObject({ retried: 1 });
    expect((await deliveriesOf(id))[0]?.lastError).toMatch(/^HTTP 302: redirects are not followed/);
    expect(receiver.received.map((r) => r.path)).toEqual(["/moved"]);
  });

  it("refuses loopback and private addresses unless they are allowed", async () => {
    const id = await endpoint(isp, "/private");
    await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    expect(await sender({ allowPrivate: false }).runOnce()).toMatchObject({ retried: 1 });
    expect((await deliveriesOf(id))[0]?.lastError).toMatch(
      /^127\.0\.0\.1 resolves only to private, loopback or link-local addresses .*ATALAYA_WEBHOOK_ALLOW_PRIVATE=1$/,
    );
    // A name is judged by what it resolves to, when the request is made.
    await database.db
      .update(webhookEndpoints)
      .set({ url: `${receiver.url.replace("127.0.0.1", "localhost")}/private` })
      .where(eq(webhookEndpoints.id, id));
    clock = new Date(T0.getTime() + MINUTE);
    expect(await sender({ allowPrivate: false }).runOnce()).toMatchObject({ retried: 1 });
    expect((await deliveriesOf(id))[0]?.lastError).toMatch(/^localhost resolves only to private/);
    expect(receiver.received).toHaveLength(0);
  });

  it("sends a ping once, without an event, and does not count a failed one against the endpoint", async () => {
    const id = await endpoint(isp, "/ping");
    const ping = await queueWebhookPing(database, isp, id, clock);
    expect(await sender().runOnce()).toMatchObject({ delivered: 1 });
    const body = JSON.parse(receiver.received[0]?.body ?? "") as WebhookBody;
    expect(body).toMatchObject({
      id: ping.id,
      event: { id: null, type: "ping", subject: null, link: `${BASE}/webhooks` },
    });
    expect(receiver.received[0]?.headers["atalaya-event"]).toBe("ping");
    receiver.always.set("/ping", 503);
    await queueWebhookPing(database, isp, id, clock);
    expect(await sender().runOnce()).toMatchObject({ failed: 1 });
    const [endpointRow] = await database.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id));
    expect(endpointRow).toMatchObject({ status: "active", consecutiveFailures: 0 });
  });

  it("posts each delivery once although two senders claim at the same time", async () => {
    await endpoint(isp, "/busy");
    for (let i = 0; i < 12; i++) await event({ asn: 64497, organisationId: ORG_A, cc: "AR" });
    const results = await Promise.all(
      [sender({ batch: 4 }), sender({ batch: 4 })].map(async (s) => {
        let delivered = 0;
        for (let pass = 0; pass < 6; pass++) delivered += (await s.runOnce()).delivered;
        return delivered;
      }),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(12);
    const ids = receiver.received.map((r) => r.headers["atalaya-delivery"]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it(`disables an endpoint after ${DISABLE_AFTER_FAILED_DELIVERIES} deliveries failed for good in a row, and e-mails its owner`, async () => {
    const owner = await user({ email: "noc@isp-es.example", role: "isp", organisations: [ORG_B] });
    const { endpoint: created, secret } = await createWebhookEndpoint(
      database,
      owner,
      { url: `${receiver.url}/dead`, subject: null, language: "es" },
      clock,
    );
    receiver.secrets.set("/dead", secret);
    receiver.always.set("/dead", 500);
    const s = sender();
    /** Runs passes, moving the clock to each next attempt, until nothing is queued. */
    const drain = async () => {
      for (let pass = 0; pass < 100; pass++) {
        await s.runOnce();
        const queued = (await deliveriesOf(created.id)).filter((d) => d.status === "queued");
        if (queued.length === 0) return;
        clock = new Date(Math.min(...queued.map((d) => d.nextAttemptAt.getTime())));
      }
      throw new Error("deliveries still queued after 100 passes");
    };
    const endpointRow = async () =>
      (await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id)))[0];
    // One arrives, then four fail for good: still active (a delivered event resets the count).
    receiver.script.set("/dead", [204]);
    for (let i = 0; i < DISABLE_AFTER_FAILED_DELIVERIES; i++)
      await event({ asn: 65548, organisationId: ORG_B, cc: "BO" });
    await drain();
    expect(await endpointRow()).toMatchObject({
      status: "active",
      consecutiveFailures: DISABLE_AFTER_FAILED_DELIVERIES - 1,
    });
    expect(await database.db.select().from(outboxMessages)).toHaveLength(0);
    // The fifth in a row: disabled, with the reason, and its owner told in the endpoint's language.
    await event({ asn: 65548, organisationId: ORG_B, cc: "BO" });
    await drain();
    expect(await endpointRow()).toMatchObject({
      status: "disabled",
      consecutiveFailures: DISABLE_AFTER_FAILED_DELIVERIES,
      disabledReason: `${DISABLE_AFTER_FAILED_DELIVERIES} deliveries in a row failed for a day each; the last: HTTP 500: refused with 500`,
    });
    const mail = await database.db.select().from(outboxMessages);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      kind: "webhook-disabled",
      to: "noc@isp-es.example",
      language: "es",
      status: "queued",
      subject: `Atalaya dejó de enviar a su webhook ${receiver.url}/dead`,
    });
    expect(mail[0]?.text).toContain(`${BASE}/webhooks`);
    expect(mail[0]?.text).toContain("HTTP 500: refused with 500");
    // Disabled: new events are not queued for it, nor sent; re-enabling starts the count again.
    expect((await event({ asn: 65548, organisationId: ORG_B, cc: "BO" })).queued).toBe(0);
    await expect(queueWebhookPing(database, owner, created.id, clock)).rejects.toThrow(/re-enable it/);
    expect(await enableWebhookEndpoint(database, owner, created.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 0,
      disabledReason: null,
    });
    expect((await event({ asn: 65548, organisationId: ORG_B, cc: "BO" })).queued).toBe(1);
    await database.db.delete(outboxMessages);
  });
});
