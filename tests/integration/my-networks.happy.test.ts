/**
 * "My networks" of an ISP account, on each database: its organisations and networks with the
 * states the Jim Bound board gives them; adding a subscription for the account's own address
 * (active at once, no e-mail) and for another (pending, its confirmation queued in
 * outbox_messages); changing and removing one; every change in the audit log.
 */
import { verifyAuditLog } from "@atalaya/audit";
import { alertSubscriptions, auditLog, outboxMessages } from "@atalaya/db";
import { asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

type Doc = Parameters<typeof responseSchema>[0];
interface MySubscription {
  id: number;
  email: string;
  subject: { kind: string; id: string };
  events: string[];
  delivery: string;
  language: string;
  status: string;
  createdAt: string;
  confirmedAt: string | null;
}
interface BoardRow {
  asn?: number;
  id?: string;
  state: string;
  share: number | null;
}

describe.each(targets)("My networks of an ISP account, on $name", (target) => {
  let h: Harness;
  let isp: Client;
  let doc: Doc;

  beforeAll(async () => {
    h = await openHarness(target, { mailConfigured: true });
    // Bound to an organisation (AS64496–AS64499) and to one network of another (AS65548).
    isp = await h.addUser({
      email: "NOC@isp-ar.example",
      role: "isp",
      organisations: [ORG_AR],
      asns: [65548],
    });
    doc = (await (await h.app.request("/api/openapi.json")).json()) as Doc;
  });
  afterAll(async () => h?.dispose());

  it("lists the account's organisations and networks with their states on the Jim Bound board", async () => {
    const mine = await isp.json<{
      data: {
        organisations: Array<{
          id: string;
          name: string | null;
          state: string | null;
          share: number | null;
          asns: number[];
        }>;
        networks: Array<{
          asn: number;
          state: string | null;
          share: number | null;
          organisationId: string | null;
        }>;
      };
    }>("GET", "/api/v1/my/networks");
    expect(mine.status).toBe(200);
    expect(conformanceProblems(doc, responseSchema(doc, "/api/v1/my/networks"), mine.body)).toEqual([]);
    const board = await isp.json<{ data: { networks: BoardRow[]; providers: BoardRow[] } }>(
      "GET",
      "/api/v1/awards/jim-bound?limit=500",
    );
    const onBoard = (asn: number) => board.body.data.networks.find((n) => n.asn === asn);
    expect(mine.body.data.organisations).toEqual([
      expect.objectContaining({
        id: ORG_AR,
        name: "Comunicaciones Araucaria Ltda.",
        asns: [64496, 64497, 64498, 64499],
      }),
    ]);
    expect(mine.body.data.organisations[0]?.state).toBe("eligible");
    expect(mine.body.data.networks.map((n) => [n.asn, n.organisationId])).toEqual([
      [64496, ORG_AR],
      [64497, ORG_AR],
      [64498, ORG_AR],
      [64499, ORG_AR],
      [65548, null],
    ]);
    for (const network of mine.body.data.networks) {
      expect(network.state, `AS${network.asn}`).toBe(onBoard(network.asn)?.state);
      expect(network.share, `AS${network.asn}`).toBe(onBoard(network.asn)?.share);
    }
    expect(new Set(mine.body.data.networks.map((n) => n.state))).toEqual(
      new Set(["insufficient-data", "eligible", "borderline", "below"]),
    );
  });

  it("adds the account's own address active at once, sending nothing", async () => {
    const added = await isp.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
      email: "noc@ISP-AR.example",
      organisation: ORG_AR,
      delivery: "weekly",
      language: "es",
    });
    expect(added.status).toBe(201);
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/my/subscriptions", "post", "201"), added.body),
    ).toEqual([]);
    expect(added.body.data).toMatchObject({
      email: "noc@isp-ar.example",
      subject: { kind: "organisation", id: ORG_AR },
      status: "active",
      delivery: "weekly",
      language: "es",
      confirmedAt: expect.any(String),
    });
    expect(added.body.data.events).toContain("monthly-report");
    expect(await h.database.db.select().from(outboxMessages)).toEqual([]);
  });

  it("adds another address pending, with its confirmation queued in the outbox", async () => {
    const added = await isp.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
      email: "ops@isp-ar.example",
      asn: 64497,
      events: ["rpki-invalid", "roa-expiring"],
      language: "pt",
    });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({
      email: "ops@isp-ar.example",
      subject: { kind: "network", id: "64497" },
      status: "pending",
      events: ["rpki-invalid", "roa-expiring"],
      delivery: "immediate",
      language: "pt",
      confirmedAt: null,
    });
    const queued = await h.database.db.select().from(outboxMessages);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      kind: "subscription-confirmation",
      to: "ops@isp-ar.example",
      status: "queued",
      subject: "Confirme seus alertas do Atalaya sobre AS64497",
    });
    expect(queued[0]?.text).toMatch(/\/subscriptions\/confirm#token=[A-Za-z0-9_-]+/);
    // Adding it again while it waits: a new link, still pending.
    const again = await isp.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
      email: "ops@isp-ar.example",
      asn: 64497,
    });
    expect(again.body.data).toMatchObject({ id: added.body.data.id, status: "pending" });
    expect(await h.database.db.select().from(outboxMessages)).toHaveLength(2);
  });

  it("lists the subscriptions it added on its organisations and networks, not the public form's", async () => {
    expect(
      (
        await h.anonymous().request("POST", "/api/v1/subscriptions", {
          email: "watcher@example.org",
          asn: 65548,
          delivery: "daily",
        })
      ).status,
    ).toBe(202);
    const list = await isp.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    expect(list.status).toBe(200);
    expect(conformanceProblems(doc, responseSchema(doc, "/api/v1/my/subscriptions"), list.body)).toEqual([]);
    expect(list.body.data.map((s) => [s.email, s.subject.id, s.status, s.delivery])).toEqual([
      ["noc@isp-ar.example", ORG_AR, "active", "weekly"],
      ["ops@isp-ar.example", "64497", "pending", "immediate"],
    ]);
  });

  it("changes a subscription's events, delivery and language, refusing events its subject does not take", async () => {
    const list = await isp.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    const ops = list.body.data.find((s) => s.email === "ops@isp-ar.example") as MySubscription;
    const refused = await isp.json<{ error: { message: string } }>(
      "PATCH",
      `/api/v1/my/subscriptions/${ops.id}`,
      {
        events: ["monthly-report"],
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^events: monthly-report does not apply to a network/);
    const changed = await isp.json<{ data: MySubscription }>("PATCH", `/api/v1/my/subscriptions/${ops.id}`, {
      events: ["jim-bound-state"],
      delivery: "daily",
      language: "en",
    });
    expect(changed.status).toBe(200);
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/my/subscriptions/{id}", "patch"), changed.body),
    ).toEqual([]);
    expect(changed.body.data).toMatchObject({
      id: ops.id,
      events: ["jim-bound-state"],
      delivery: "daily",
      language: "en",
      status: "pending",
    });
  });

  it("removes a subscription, and adds its own address back active after it unsubscribed", async () => {
    const list = await isp.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    const watcher = list.body.data.find((s) => s.email === "ops@isp-ar.example") as MySubscription;
    const removed = await isp.json<{ data: MySubscription }>(
      "DELETE",
      `/api/v1/my/subscriptions/${watcher.id}`,
    );
    expect(removed).toMatchObject({
      status: 200,
      body: { data: { id: watcher.id, email: "ops@isp-ar.example" } },
    });
    expect(
      await h.database.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, watcher.id)),
    ).toEqual([]);
    expect((await isp.request("DELETE", `/api/v1/my/subscriptions/${watcher.id}`)).status).toBe(404);

    const own = list.body.data.find((s) => s.email === "noc@isp-ar.example") as MySubscription;
    await h.database.db
      .update(alertSubscriptions)
      .set({ status: "unsubscribed", unsubscribedAt: new Date() })
      .where(eq(alertSubscriptions.id, own.id));
    const back = await isp.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
      email: "noc@isp-ar.example",
      organisation: ORG_AR,
    });
    expect(back.body.data).toMatchObject({ id: own.id, status: "active", delivery: "immediate" });
  });

  it("audits every change with the account as actor, on an intact chain", async () => {
    const rows = await h.database.db
      .select()
      .from(auditLog)
      .where(like(auditLog.action, "alert-subscription.%"))
      .orderBy(asc(auditLog.id));
    expect(rows.map((r) => r.action)).toEqual([
      "alert-subscription.add",
      "alert-subscription.add",
      "alert-subscription.add",
      "alert-subscription.change",
      "alert-subscription.remove",
      "alert-subscription.add",
    ]);
    const session = await isp.json<{ data: { account: { id: number } } }>("GET", "/api/v1/auth/session");
    expect(new Set(rows.map((r) => r.actorId))).toEqual(new Set([session.body.data.account.id]));
    expect(rows[3]?.detail).toMatchObject({
      // Added again without events while pending: it took the default, every event of a network.
      before: { events: expect.arrayContaining(["rpki-invalid", "stale-data"]), delivery: "immediate" },
      after: { events: ["jim-bound-state"], delivery: "daily", subject: "as:64497" },
    });
    expect(rows[4]?.detail).toMatchObject({ email: "ops@isp-ar.example", subject: "as:64497" });
    expect((await verifyAuditLog(h.database)).problems).toEqual([]);
  });
});
