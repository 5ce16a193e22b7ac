/**
 * The manage page's API, on each database: the confirmation e-mail carries a manage link whose
 * token reads the subscription and changes its delivery, events (only those its subject allows:
 * a 400 naming the field otherwise) and language; a later message's own token (kept in
 * alert_unsubscribe_tokens) works as well as the first, for managing and for the RFC 8058
 * one-click unsubscribe; a cancelled subscription is not revived; the token never leaves the body.
 */
import { randomToken, tokenHash } from "@atalaya/accounts";
import { EVENTS_BY_SUBJECT } from "@atalaya/alerts";
import { alertSubscriptions, alertUnsubscribeTokens, outboxMessages } from "@atalaya/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

type Doc = Parameters<typeof responseSchema>[0];
type Managed = {
  data: {
    status: string;
    email: string;
    subject: { kind: string; id: string };
    events: string[];
    delivery: string;
    language: string;
    allowedEvents: string[];
  };
};
type Failure = { error: { code: string; message: string } };

/** What a network's subscription may follow (every kind but the economy's and the monthly report). */
const NETWORK_EVENTS = [...EVENTS_BY_SUBJECT.network];

describe.each(targets)("managing a subscription from its e-mail's link, on $name", (target) => {
  let h: Harness;
  let anonymous: Client;
  let doc: Doc;
  /** The manage link's token of the confirmation sent to `email`. */
  const manageToken = async (email: string) => {
    const [mail] = await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.to, email));
    const token = /\/subscriptions\/manage#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "")?.[1];
    expect(token, mail?.text).toBeDefined();
    expect(mail?.html).toContain(`/subscriptions/manage#token=${token}`);
    return token as string;
  };

  beforeAll(async () => {
    h = await openHarness(target);
    anonymous = h.anonymous();
    doc = (await (await h.app.request("/api/openapi.json")).json()) as Doc;
  });
  afterAll(async () => h?.dispose());

  it("puts a manage link in the confirmation, in the subscriber's language, whose token reads the subscription", async () => {
    const subscribed = await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "noc@isp-ar.example",
      asn: 64496,
      language: "es",
    });
    expect(subscribed.status).toBe(202);
    const [mail] = await h.database.db.select().from(outboxMessages);
    expect(mail?.text).toMatch(
      /Elegir qué alertas, con qué frecuencia y en qué idioma: http:\/\/localhost\/subscriptions\/manage#token=/,
    );
    const token = await manageToken("noc@isp-ar.example");
    const read = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage", { token });
    expect(read.status).toBe(200);
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/subscriptions/manage", "post"), read.body),
    ).toEqual([]);
    expect(read.body.data).toEqual({
      status: "pending",
      email: "noc@isp-ar.example",
      subject: { kind: "network", id: "64496" },
      events: NETWORK_EVENTS,
      delivery: "immediate",
      language: "es",
      allowedEvents: NETWORK_EVENTS,
    });
  });

  it("changes the delivery and the language, and only those", async () => {
    const token = await manageToken("noc@isp-ar.example");
    const changed = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage/update", {
      token,
      delivery: "weekly",
      language: "pt",
    });
    expect(changed.status).toBe(200);
    expect(
      conformanceProblems(
        doc,
        responseSchema(doc, "/api/v1/subscriptions/manage/update", "post"),
        changed.body,
      ),
    ).toEqual([]);
    expect(changed.body.data).toMatchObject({ delivery: "weekly", language: "pt", events: NETWORK_EVENTS });
    const [row] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "noc@isp-ar.example"));
    expect(row).toMatchObject({
      delivery: "weekly",
      language: "pt",
      status: "pending",
      events: NETWORK_EVENTS,
    });
  });

  it("refuses events its subject does not allow with a 400 naming the field, and changes nothing", async () => {
    const token = await manageToken("noc@isp-ar.example");
    const refused = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage/update", {
      token,
      events: ["rpki-invalid", "monthly-report"],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^events: monthly-report does not apply to a network \(choose among /,
    );
    const unknownKind = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage/update", {
      token,
      events: ["everything"],
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.message).toMatch(/^events\.0: /);
    const nothing = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage/update", { token });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/give at least one of events, delivery or language/);
    const [row] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "noc@isp-ar.example"));
    expect(row?.events).toEqual(NETWORK_EVENTS);
    // An organisation does take the monthly report.
    await anonymous.request("POST", "/api/v1/subscriptions", {
      email: "ops@isp-ar.example",
      organisation: ORG_AR,
    });
    const organisation = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage/update", {
      token: await manageToken("ops@isp-ar.example"),
      events: ["monthly-report", "monthly-report"],
    });
    expect(organisation.status).toBe(200);
    expect(organisation.body.data.events).toEqual(["monthly-report"]);
  });

  it("takes a later message's own token (alert_unsubscribe_tokens) to manage and to one-click unsubscribe", async () => {
    const [row] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "noc@isp-ar.example"));
    const perMessage = randomToken();
    await h.database.db
      .insert(alertUnsubscribeTokens)
      .values({ tokenHash: tokenHash(perMessage), subscriptionId: row?.id as number, createdAt: new Date() });
    const managed = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage/update", {
      token: perMessage,
      events: ["rpki-invalid"],
    });
    expect(managed).toMatchObject({
      status: 200,
      body: { data: { events: ["rpki-invalid"], email: "noc@isp-ar.example" } },
    });

    const oneClick = await h.app.request(
      `http://localhost/api/v1/subscriptions/unsubscribe?token=${perMessage}`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://mail.provider.example",
          "sec-fetch-site": "cross-site",
        },
        body: "List-Unsubscribe=One-Click",
      },
    );
    expect(oneClick.status).toBe(200);
    expect(((await oneClick.json()) as Managed).data).toMatchObject({
      status: "unsubscribed",
      subject: { kind: "network", id: "64496" },
    });
    const [after] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.id, row?.id as number));
    expect(after?.status).toBe("unsubscribed");
    expect(after?.unsubscribedAt).toBeInstanceOf(Date);
    // The other organisation's follower is untouched.
    const [other] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "ops@isp-ar.example"));
    expect(other?.status).toBe("pending");
    expect(JSON.stringify(h.logLines)).not.toContain(perMessage);
  });

  it("does not revive a cancelled subscription, and says so", async () => {
    const token = await manageToken("noc@isp-ar.example");
    const refused = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage/update", {
      token,
      delivery: "daily",
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/was cancelled; subscribe again/);
    const read = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage", { token });
    expect(read.body.data).toMatchObject({ status: "unsubscribed", delivery: "weekly" });
  });

  it("unsubscribes from the manage page with the token in the body", async () => {
    const token = await manageToken("ops@isp-ar.example");
    const done = await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage/unsubscribe", { token });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({
      status: "unsubscribed",
      subject: { kind: "organisation", id: ORG_AR },
    });
    expect(
      (await anonymous.json<Managed>("POST", "/api/v1/subscriptions/manage/unsubscribe", { token })).status,
    ).toBe(200);
  });

  it("answers 404 to an unknown token, 400 to a malformed one, 403 to another site", async () => {
    const unknown = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage", {
      token: randomToken(),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/unsubscribe link is unknown/);
    const malformed = await anonymous.json<Failure>("POST", "/api/v1/subscriptions/manage", {
      token: "short",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^token: /);
    const crossSite = await h.app.request("http://localhost/api/v1/subscriptions/manage/update", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ token: await manageToken("noc@isp-ar.example"), delivery: "daily" }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("tells the dashboard which events apply to each kind of subject", async () => {
    const choices = await anonymous.json<{
      data: { events: Record<string, string[]>; deliveries: string[] };
    }>("GET", "/api/v1/subscriptions/choices");
    expect(choices.status).toBe(200);
    expect(NETWORK_EVENTS).toHaveLength(6);
    expect(NETWORK_EVENTS).not.toContain("monthly-report");
    expect(choices.body.data.events).toEqual({
      network: NETWORK_EVENTS,
      organisation: [...NETWORK_EVENTS, "monthly-report"],
      economy: ["economy-weekly"],
    });
    expect(choices.body.data.deliveries).toEqual(["immediate", "daily", "weekly"]);
  });
});
