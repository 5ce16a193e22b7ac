/**
 * The boundaries of "My networks", on each database: an ISP account lists and changes only the
 * subscriptions on its own organisations and networks (another's are invisible: 404, unchanged),
 * cannot add one on a network or organisation it does not act for (403), nor on an economy; other
 * roles and anonymous callers are refused; writes obey the same-origin and CSRF rules; a
 * subscription for another address cannot skip its confirmation, nor flood its inbox; addresses
 * that follow from the public form are not the organisation's to see or change.
 */
import { alertSubscriptions, auditLog, outboxMessages } from "@atalaya/db";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, ORG_BO, ORIGIN, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

interface MySubscription {
  id: number;
  email: string;
  subject: { kind: string; id: string };
  status: string;
}
type Failure = { error: { code: string; message: string } };

describe.each(targets)("My networks' permission boundaries, on $name", (target) => {
  let h: Harness;
  let ar: Client;
  let bo: Client;
  /** Subscriptions on the Bolivian organisation's subjects, added by its own account. */
  let boOwn: MySubscription;
  let boOther: MySubscription;

  const rowOf = async (id: number) =>
    (await h.database.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, id)))[0];

  beforeAll(async () => {
    h = await openHarness(target, { mailConfigured: true });
    ar = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    bo = await h.addUser({
      email: "noc@isp-bo.example",
      role: "isp",
      organisations: [ORG_BO],
      asns: [64499],
    });
    boOwn = (
      await bo.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
        email: "noc@isp-bo.example",
        organisation: ORG_BO,
      })
    ).body.data;
    boOther = (
      await bo.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
        email: "ops@isp-bo.example",
        asn: 65549,
      })
    ).body.data;
    expect(boOwn.status).toBe("active");
    expect(boOther.status).toBe("pending");
  });
  afterAll(async () => h?.dispose());

  it("does not list another organisation's subscriptions", async () => {
    const mine = await ar.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    expect(mine).toEqual({ status: 200, body: { data: [] } });
    const theirs = await bo.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    expect(theirs.body.data.map((s) => s.id).sort()).toEqual([boOwn.id, boOther.id].sort());
  });

  it("cannot change or remove another organisation's subscription: 404, and nothing changes", async () => {
    for (const target of [boOwn, boOther]) {
      const before = await rowOf(target.id);
      const changed = await ar.json<Failure>("PATCH", `/api/v1/my/subscriptions/${target.id}`, {
        delivery: "weekly",
      });
      expect(changed.status).toBe(404);
      expect(changed.body.error.message).toBe(
        `no subscription ${target.id} on your networks or organisations`,
      );
      const removed = await ar.json<Failure>("DELETE", `/api/v1/my/subscriptions/${target.id}`);
      expect(removed.status).toBe(404);
      expect(await rowOf(target.id)).toEqual(before);
    }
    // The same answer as for an id nobody has.
    expect(
      (await ar.json<Failure>("PATCH", "/api/v1/my/subscriptions/999999", { delivery: "weekly" })).status,
    ).toBe(404);
  });

  it("sees and changes a subscription on a network it holds, whoever added it", async () => {
    // AS64499 belongs to the Argentine organisation, and the Bolivian account is bound to it too.
    const added = await bo.json<{ data: MySubscription }>("POST", "/api/v1/my/subscriptions", {
      email: "shared@isp-bo.example",
      asn: 64499,
    });
    expect(added.status).toBe(201);
    const seen = await ar.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
    expect(seen.body.data.map((s) => s.email)).toEqual(["shared@isp-bo.example"]);
    const changed = await ar.json("PATCH", `/api/v1/my/subscriptions/${added.body.data.id}`, {
      language: "es",
    });
    expect(changed.status).toBe(200);
  });

  it("does not see, change or remove who follows it from the public form", async () => {
    const anonymous = await h
      .anonymous()
      .request("POST", "/api/v1/subscriptions", { email: "neighbour@public.example", asn: 64499 });
    expect(anonymous.status).toBe(202);
    const [publicRow] = await h.database.db
      .update(alertSubscriptions)
      .set({ status: "active" })
      .where(eq(alertSubscriptions.email, "neighbour@public.example"))
      .returning();
    expect(publicRow?.addedByUserId).toBeNull();
    for (const client of [ar, bo]) {
      const listed = await client.json<{ data: MySubscription[] }>("GET", "/api/v1/my/subscriptions");
      expect(listed.body.data.map((s) => s.email)).not.toContain("neighbour@public.example");
      const id = (publicRow as { id: number }).id;
      expect(
        (await client.request("PATCH", `/api/v1/my/subscriptions/${id}`, { delivery: "weekly" })).status,
      ).toBe(404);
      expect((await client.request("DELETE", `/api/v1/my/subscriptions/${id}`)).status).toBe(404);
    }
    expect(await rowOf((publicRow as { id: number }).id)).toMatchObject({
      status: "active",
      delivery: "immediate",
    });
  });

  it("cannot add a subscription on a network or organisation it does not act for, nor on an economy", async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ asn: 65549 }, 403, /^your account does not act for as:65549$/],
      [{ asn: 64511 }, 403, /^your account does not act for as:64511$/],
      [{ organisation: ORG_BO }, 403, /^your account does not act for org:lacnic:900016$/],
      [{ cc: "AR" }, 400, /cc/],
      [{ asn: 64496, organisation: ORG_AR }, 400, /exactly one of asn or organisation/],
      [{}, 400, /exactly one of asn or organisation/],
    ];
    for (const [subject, status, message] of cases) {
      const res = await ar.json<Failure>("POST", "/api/v1/my/subscriptions", {
        email: "noc@isp-ar.example",
        ...subject,
      });
      expect(res.status, JSON.stringify(subject)).toBe(status);
      expect(res.body.error.message, JSON.stringify(subject)).toMatch(message);
    }
    const rows = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "noc@isp-ar.example"));
    expect(rows).toEqual([]);
  });

  it("refuses other roles and anonymous callers", async () => {
    const admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
    const member = await h.addUser({ email: "member@flip6.example", role: "committee" });
    for (const who of [admin, member]) {
      expect((await who.request("GET", "/api/v1/my/subscriptions")).status).toBe(403);
      expect((await who.request("GET", "/api/v1/my/networks")).status).toBe(403);
      expect((await who.request("DELETE", `/api/v1/my/subscriptions/${boOwn.id}`)).status).toBe(403);
    }
    expect((await h.anonymous().request("GET", "/api/v1/my/subscriptions")).status).toBe(401);
    expect(
      (await h.anonymous().request("POST", "/api/v1/my/subscriptions", { email: "x@y.example", asn: 64496 }))
        .status,
    ).toBe(401);
    expect(await rowOf(boOwn.id)).toBeDefined();
  });

  it("refuses a cross-site write, and one without the session's CSRF token", async () => {
    const send = (headers: Record<string, string>) =>
      h.app.request(`${ORIGIN}/api/v1/my/subscriptions/${boOwn.id}`, {
        method: "DELETE",
        headers: { cookie: bo.cookie, "x-csrf-token": bo.csrf, ...headers },
      });
    expect((await send({ origin: "https://evil.example" })).status).toBe(403);
    expect((await send({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await send({ origin: ORIGIN, "x-csrf-token": "wrong" })).status).toBe(403);
    expect(await rowOf(boOwn.id)).toBeDefined();
    expect((await send({ origin: ORIGIN })).status).toBe(200);
    expect(await rowOf(boOwn.id)).toBeUndefined();
  });

  it("cannot make another address active, nor send it more than 5 confirmations a day", async () => {
    const victim = "victim@example.org";
    const add = () =>
      ar.json<{ data: MySubscription } & Failure>("POST", "/api/v1/my/subscriptions", {
        email: victim,
        asn: 64497,
      });
    for (let i = 0; i < 5; i++) {
      const res = await add();
      expect(res.status).toBe(201);
      expect(res.body.data.status).toBe("pending");
    }
    const capped = await add();
    expect(capped.status).toBe(429);
    expect(capped.body.error.message).toMatch(/was sent 5 confirmation e-mails in the last day/);
    expect(
      await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.to, victim)),
    ).toHaveLength(5);
    // Once it confirmed, adding it again is a conflict, not a new e-mail.
    await h.database.db
      .update(alertSubscriptions)
      .set({ status: "active" })
      .where(eq(alertSubscriptions.email, victim));
    await h.database.db.delete(outboxMessages).where(eq(outboxMessages.to, victim));
    const again = await add();
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already follows AS64497/);
    expect(await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.to, victim))).toEqual(
      [],
    );
  });

  it("audits nothing that was refused", async () => {
    const rows = await h.database.db
      .select()
      .from(auditLog)
      .where(like(auditLog.action, "alert-subscription.%"));
    // bo's two, the shared one and its change, the CSRF-checked removal, and the victim's five.
    expect(rows.map((r) => r.action).sort()).toEqual(
      [
        ...Array(8).fill("alert-subscription.add"),
        "alert-subscription.change",
        "alert-subscription.remove",
      ].sort(),
    );
  });
});
