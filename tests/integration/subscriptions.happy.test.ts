/**
 * Alert subscriptions through the API and a real SMTP server on 127.0.0.1, on each database:
 * double opt-in (exactly one confirmation e-mail, text and HTML, in the chosen language, whose
 * link activates the subscription), RFC 8058 one-click unsubscribe with the headers every
 * message carries, and subscriptions accepted, their messages kept and counted for the admin,
 * when e-mail is not configured.
 */

import { OutboxSender } from "@atalaya/alerts";
import { createLogger } from "@atalaya/config";
import { alertSubscriptions, outboxMessages } from "@atalaya/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";
import { type CapturedMail, type LocalSmtpServer, startSmtpServer } from "../helpers/smtp-server";

type Doc = Parameters<typeof responseSchema>[0];

/** A header of a captured message, unfolded. */
function header(mail: CapturedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, " ").replace(/^[^:]+:\s*/, "");
}

const confirmToken = (mail: CapturedMail) =>
  /\/subscriptions\/confirm#token=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? "")?.[1];

describe.each(targets)("alert subscriptions by e-mail, on $name", (target) => {
  let h: Harness;
  let smtp: LocalSmtpServer;
  let sender: OutboxSender;
  let anonymous: Client;
  let doc: Doc;
  const senderLog: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await openHarness(target, { mailConfigured: true });
    anonymous = h.anonymous();
    sender = new OutboxSender({
      database: h.database,
      log: createLogger("debug", (line) => senderLog.push(line)),
      smtpUrl: smtp.url,
      from: "Atalaya <alerts@atalaya.example>",
    });
    doc = (await (await h.app.request("/api/openapi.json")).json()) as Doc;
  });
  afterAll(async () => {
    await sender?.stop();
    await smtp?.close();
    await h?.dispose();
  });

  it("sends exactly one confirmation, in Portuguese with text and HTML, whose link activates the subscription", async () => {
    const subscribed = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "NOC@ISP-AR.example",
      asn: 64496,
      language: "pt",
      delivery: "daily",
    });
    expect(subscribed.status).toBe(202);
    const body = await subscribed.json();
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/subscriptions", "post", "202"), body),
    ).toEqual([]);

    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages as [CapturedMail];
    expect(mail.to).toEqual(["noc@isp-ar.example"]);
    expect(mail.parsed.from?.text).toBe('"Atalaya" <alerts@atalaya.example>');
    expect(mail.parsed.subject).toBe("Confirme seus alertas do Atalaya sobre AS64496");
    expect(mail.parsed.text).toContain("confirme em até 7 dias");
    expect(mail.parsed.html).toContain("Confirmar minha inscrição");
    expect(mail.parsed.html).toContain('<html lang="pt">');
    const token = confirmToken(mail);
    expect(token).toBeDefined();
    expect(mail.parsed.text).toContain(`http://localhost/subscriptions/confirm#token=${token}`);

    const confirmed = await anonymous.request("POST", "/api/v1/subscriptions/confirm", { token });
    expect(confirmed.status).toBe(200);
    const view = await confirmed.json();
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/subscriptions/confirm", "post"), view),
    ).toEqual([]);
    expect(view.data).toEqual({
      status: "active",
      subject: { kind: "network", id: "64496" },
      events: [
        "jim-bound-state",
        "crossing-moved",
        "rpki-invalid",
        "roa-expiring",
        "unannounced-space",
        "stale-data",
      ],
      delivery: "daily",
      language: "pt",
    });
    // Confirming again answers the same and changes nothing.
    const again = await anonymous.json<{ data: { status: string } }>(
      "POST",
      "/api/v1/subscriptions/confirm",
      { token },
    );
    expect(again).toMatchObject({ status: 200, body: { data: { status: "active" } } });
    const rows = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.asn, 64496));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: "noc@isp-ar.example",
      status: "active",
      cc: null,
      organisationId: null,
    });
    expect(rows[0]?.confirmedAt).toBeInstanceOf(Date);
    // Only hashes are stored, and no token reached a log line.
    expect(JSON.stringify(rows)).not.toContain(token);
    expect([...h.logLines, ...senderLog].join("\n")).not.toContain(token);
    expect(senderLog.join("\n")).not.toContain(smtp.password);
  });

  it("answers the same to a subscription that exists, sending nothing more to an active one", async () => {
    const again = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "noc@isp-ar.example",
      asn: 64496,
    });
    expect(again.status).toBe(202);
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("updates a pending subscription when subscribed again, with a new link replacing the old", async () => {
    const first = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "ops@isp-ar.example",
      organisation: ORG_AR,
    });
    expect(first.status).toBe(202);
    const second = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "ops@isp-ar.example",
      organisation: ORG_AR,
      events: ["monthly-report"],
      language: "es",
    });
    expect(second.status).toBe(202);
    expect(await sender.runOnce()).toMatchObject({ sent: 2 });
    const mails = smtp.messages.filter((m) => m.to[0] === "ops@isp-ar.example");
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Confirm your Atalaya alerts for the organisation .*lacnic:900001/),
      expect.stringMatching(/^Confirme sus alertas de Atalaya sobre la organización /),
    ]);
    const rows = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.organisationId, ORG_AR));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", events: ["monthly-report"], language: "es" });
    const stale = await anonymous.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/subscriptions/confirm",
      {
        token: confirmToken(mails[0] as CapturedMail),
      },
    );
    expect(stale.status).toBe(404);
    expect(stale.body.error.message).toMatch(/confirmation link is unknown/);
    const fresh = await anonymous.json("POST", "/api/v1/subscriptions/confirm", {
      token: confirmToken(mails[1] as CapturedMail),
    });
    expect(fresh).toMatchObject({
      status: 200,
      body: { data: { status: "active", subject: { kind: "organisation", id: ORG_AR } } },
    });
  });

  it("refuses a confirmation link older than 7 days, and one whose subscription was cancelled", async () => {
    const late = "late@isp-ar.example";
    expect((await anonymous.request("POST", "/api/v1/subscriptions", { email: late, cc: "BR" })).status).toBe(
      202,
    );
    await sender.runOnce();
    const mail = smtp.messages.find((m) => m.to[0] === late) as CapturedMail;
    await h.database.db
      .update(alertSubscriptions)
      .set({ confirmationSentAt: new Date(Date.now() - 8 * 24 * 3_600_000) })
      .where(eq(alertSubscriptions.email, late));
    const expired = await anonymous.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/subscriptions/confirm",
      {
        token: confirmToken(mail),
      },
    );
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toMatch(/has expired \(links work for 7 days\)/);
    await h.database.db
      .update(alertSubscriptions)
      .set({ status: "unsubscribed" })
      .where(eq(alertSubscriptions.email, late));
    const cancelled = await anonymous.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/subscriptions/confirm",
      {
        token: confirmToken(mail),
      },
    );
    expect(cancelled.status).toBe(400);
    expect(cancelled.body.error.message).toMatch(/was cancelled/);
  });

  it("refuses a subject Atalaya does not know, naming the field, and events that do not apply", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ asn: 23456 }, /^asn: AS23456 is not in Atalaya's registry data/],
      [{ organisation: "lacnic:999999" }, /^organisation: no organisation lacnic:999999/],
      [{ cc: "US" }, /^cc: US is not an economy of the LACNIC region/],
      [{ asn: 64496, events: ["economy-weekly"] }, /^events: economy-weekly does not apply to a network/],
      [{ asn: 64496, cc: "AR" }, /exactly one of asn, organisation or cc/],
      [{}, /exactly one of asn, organisation or cc/],
    ];
    for (const [subject, message] of cases) {
      const res = await anonymous.json<{ error: { code: string; message: string } }>(
        "POST",
        "/api/v1/subscriptions",
        {
          email: "someone@example.org",
          ...subject,
        },
      );
      expect(res.status, JSON.stringify(subject)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const economy = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "someone@example.org",
      cc: "ar",
    });
    expect(economy.status).toBe(202);
    const [row] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.cc, "AR"));
    expect(row).toMatchObject({ events: ["economy-weekly"], status: "pending" });
  });

  it("unsubscribes with the RFC 8058 one-click POST its List-Unsubscribe header names, from another site", async () => {
    const [mail] = smtp.messages as [CapturedMail];
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const listUnsubscribe = header(mail, "List-Unsubscribe");
    const url = /^<(http:\/\/localhost\/api\/v1\/subscriptions\/unsubscribe\?token=[A-Za-z0-9_-]+)>$/.exec(
      listUnsubscribe ?? "",
    )?.[1];
    expect(url, listUnsubscribe).toBeDefined();
    // The body's link leads to the dashboard's page, with the same token in the fragment.
    const token = new URL(url as string).searchParams.get("token");
    expect(mail.parsed.text).toContain(`http://localhost/subscriptions/unsubscribe#token=${token}`);
    const oneClick = (body: string) =>
      h.app.request(url as string, {
        method: "POST",
        // What a mail provider sends: form-encoded, from its own servers, no cookie.
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://mail.provider.example",
          "sec-fetch-site": "cross-site",
        },
        body,
      });
    expect((await oneClick("List-Unsubscribe=Something")).status).toBe(400);
    const done = await oneClick("List-Unsubscribe=One-Click");
    expect(done.status).toBe(200);
    const view = await done.json();
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/subscriptions/unsubscribe", "post"), view),
    ).toEqual([]);
    expect(view.data).toMatchObject({ status: "unsubscribed", subject: { kind: "network", id: "64496" } });
    expect((await oneClick("List-Unsubscribe=One-Click")).status).toBe(200);
    const [row] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.asn, 64496));
    expect(row?.status).toBe("unsubscribed");
    expect(row?.unsubscribedAt).toBeInstanceOf(Date);
    const unknown = await h.app.request(
      "http://localhost/api/v1/subscriptions/unsubscribe?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      },
    );
    expect(unknown.status).toBe(404);
    expect([...h.logLines, ...senderLog].join("\n")).not.toContain(token);
  });

  it("leaves every other write under the same-origin rule", async () => {
    const crossSite = await h.app.request("http://localhost/api/v1/subscriptions/confirm", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("loses nothing: every message queued so far is sent", async () => {
    await sender.runOnce();
    const rows = await h.database.db.select({ status: outboxMessages.status }).from(outboxMessages);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(rows).toHaveLength(smtp.messages.length);
  });
});

describe.each(targets)("subscribing without e-mail configured, on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(target);
  });
  afterAll(async () => h?.dispose());

  it("accepts the subscription, stores its message as not configured, and tells the admin", async () => {
    const admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
    const res = await h
      .anonymous()
      .request("POST", "/api/v1/subscriptions", { email: "noc@isp.example", cc: "BR" });
    expect(res.status).toBe(202);
    const [message] = await h.database.db.select().from(outboxMessages);
    expect(message).toMatchObject({ status: "not-configured", to: "noc@isp.example", attempts: 0 });
    const status = await admin.json("GET", "/api/v1/admin/mail");
    expect(status).toEqual({
      status: 200,
      body: {
        data: {
          configured: false,
          messages: { queued: 0, sending: 0, sent: 0, failed: 0, "not-configured": 1 },
        },
      },
    });
    // Only admins read it.
    expect((await h.anonymous().request("GET", "/api/v1/admin/mail")).status).toBe(401);
  });
});
