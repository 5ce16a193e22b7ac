/**
 * Alert events from real ingests, on each database: APNIC files served locally change a
 * network's Jim Bound state; detection (after a baseline that reports nothing) stores one event,
 * a state that flaps back the same day adds none, each immediate subscriber gets exactly one
 * e-mail over a real SMTP server, daily and weekly digests group what waited, RPKI-invalid routes
 * and unannounced space are reported with their evidence, and the Activity API and Atom feed
 * show what happened.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createUser } from "@atalaya/accounts";
import { createWebhookEndpoint, OutboxSender, subscribe, WebhookSender } from "@atalaya/alerts";
import {
  type Board,
  BoardCache,
  createApp,
  DatasetInfo,
  detectAlertEvents,
  sendDigestsNow,
  sendMonthlyReports,
  summariseEconomiesNow,
} from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import {
  alertEvents,
  alertNotifications,
  alertSubscriptions,
  type Database,
  outboxMessages,
} from "@atalaya/db";
import { delegatedSource, ingestApnic, runIngest } from "@atalaya/ingest";
import { addDays } from "@atalaya/metrics";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";
import { type CapturedMail, type LocalSmtpServer, startSmtpServer } from "../helpers/smtp-server";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const END = "2026-11-30";

const REGISTRY = [
  "2.3|lacnic|20261201|3|19870101|20261201|-0300",
  "lacnic|BR|asn|64496|1|20100101|allocated|H1",
  "lacnic|BR|asn|64497|1|20100101|allocated|H2",
  "lacnic|BR|ipv6|2001:db8::|32|20100101|allocated|H2",
].join("\n");

/** 30 days ending `end` of 2,000 samples a day at `share` preferring IPv6. */
function apnicFile(asn: number, end: string, share: number) {
  const data = Array.from({ length: 30 }, (_, i) => ({
    date: addDays(end, i - 29),
    as: asn,
    cc: "BR",
    type: "economyas",
    raw: { seen: 2000, capable: Math.round(2000 * share * 1.1), preferred: Math.round(2000 * share) },
  }));
  return Buffer.from(JSON.stringify({ copyright: "test", description: "test", docs: "", data }));
}

const at = (iso: string) => new Date(iso);

function header(mail: CapturedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, " ").replace(/^[^:]+:\s*/, "");
}

describe.each(targets)("alert events from ingests, on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let files: LocalServer;
  let smtp: LocalSmtpServer;
  let receiver: WebhookReceiver;
  let clock = at("2026-12-01T08:00:00Z");
  const dir = tempDir();
  const context = () => ({
    log: silentLogger,
    baseUrl: "https://atalaya.example",
    mailConfigured: true,
    now: clock,
  });
  const detect = () => detectAlertEvents(database, context());
  const setShare = (asn: number, end: string, share: number) =>
    files.files.set(`/v6stats/v6economyas/BR/AS${asn}.json`, { body: apnicFile(asn, end, share) });
  const ingest = () => ingestApnic({ base: `${files.url}/v6stats` }, testContext(database));
  const sendAll = async () => {
    const sender = new OutboxSender({
      database,
      log: silentLogger,
      smtpUrl: smtp.url,
      from: "alerts@atalaya.example",
      now: () => clock,
    });
    try {
      while ((await sender.runOnce()).sent > 0);
    } finally {
      await sender.stop();
    }
  };
  const follow = async (
    email: string,
    delivery: "immediate" | "daily" | "weekly",
    language: "en" | "es" | "pt",
  ) => {
    await subscribe(
      database,
      { email, subject: { kind: "network", asn: 64496 }, delivery, language },
      { now: clock, baseUrl: "https://atalaya.example", mailConfigured: false },
    );
    // Confirmed (the double opt-in itself is subscriptions.happy.test.ts's).
    await database.db
      .update(alertSubscriptions)
      .set({ status: "active" })
      .where(eq(alertSubscriptions.email, email));
    await database.db.delete(outboxMessages).where(eq(outboxMessages.to, email));
  };
  const mailTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    files = await startLocalServer();
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver(() => clock);
    const registry = path.join(dir, "delegated.txt");
    writeFileSync(registry, `${REGISTRY}\n`);
    await runIngest(delegatedSource, { file: registry }, testContext(database));
    setShare(64496, END, 0.3);
    setShare(64497, END, 0.05);
    await ingest();
  });
  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    await files?.close();
    await dispose?.();
  });

  it("takes a baseline first: the present is not reported", async () => {
    const result = await detect();
    expect(result.events).toEqual([]);
    expect(result.baselined).toEqual([
      "jim-bound-state",
      "crossing-moved",
      "rpki-invalid",
      "unannounced-space",
      "stale-data",
      "roa-expiring",
    ]);
    expect(await database.db.select().from(alertEvents)).toEqual([]);
  });

  it("reports a state change an ingest produced once, to each follower once, however often detection runs", async () => {
    await follow("noc@isp.example", "immediate", "es");
    await follow("daily@isp.example", "daily", "en");
    await follow("weekly@isp.example", "weekly", "en");
    // The network's ISP account posts its events to a webhook (the receiver checks each signature).
    const { account } = await createUser(
      database,
      { email: "noc@isp.example", role: "isp", asns: [64496] },
      null,
    );
    const { secret } = await createWebhookEndpoint(
      database,
      { id: account.id, role: "isp", organisations: [], asns: [64496] },
      { url: `${receiver.url}/hooks/atalaya`, subject: null, events: ["jim-bound-state"] },
      clock,
    );
    receiver.secrets.set("/hooks/atalaya", secret);
    setShare(64496, addDays(END, 1), 0.1);
    await ingest();
    const detected = await detect();
    expect(
      detected.events.map((e) => [e.kind, e.asn, e.organisationId, e.payload.from, e.payload.to]),
    ).toEqual([
      ["jim-bound-state", 64496, "lacnic:H1", "eligible", "below"],
      ["jim-bound-state", null, "lacnic:H1", "eligible", "below"],
    ]);
    // Again, and from a second caller at once: nothing new.
    const again = await Promise.all([detect(), detect()]);
    expect(again.map((r) => r.events.length)).toEqual([0, 0]);

    await sendAll();
    const mails = mailTo("noc@isp.example");
    expect(mails.map((m) => m.parsed.subject)).toHaveLength(1);
    const [mail] = mails as [(typeof mails)[number]];
    expect(mail.parsed.subject).toBe("AS64496: estado Jim Bound elegible → por debajo del umbral");
    expect(mail.parsed.text).toContain("https://atalaya.example/as/64496");
    expect(mail.parsed.text).toContain("umbral 20,0%");
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    // A token of its own (alert_unsubscribe_tokens), not the confirmation message's.
    expect(header(mail, "List-Unsubscribe")).toMatch(
      /^<https:\/\/atalaya\.example\/api\/v1\/subscriptions\/unsubscribe\?token=[A-Za-z0-9_-]+>$/,
    );
    expect(mail.parsed.text).toMatch(
      /Cambiar lo que recibe: https:\/\/atalaya\.example\/subscriptions\/manage#token=/,
    );
    // The message's own one-click link unsubscribes (a mail provider posts it, cross-site).
    const oneClick = (header(mail, "List-Unsubscribe") ?? "").slice(1, -1);
    const app = createApp({ database, log: silentLogger });
    const done = await app.request(oneClick, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://mail.provider.example",
      },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    const [row] = await database.db
      .select({ status: alertSubscriptions.status })
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "noc@isp.example"));
    expect(row?.status).toBe("unsubscribed");
    // Following again for the rest of the story.
    await database.db
      .update(alertSubscriptions)
      .set({ status: "active" })
      .where(eq(alertSubscriptions.email, "noc@isp.example"));
    // And exactly one signed webhook, with the same evidence.
    const hooks = new WebhookSender({
      database,
      log: silentLogger,
      baseUrl: "https://atalaya.example",
      mailConfigured: true,
      allowPrivate: true,
      now: () => clock,
    });
    try {
      expect(await hooks.runOnce()).toMatchObject({ delivered: 1 });
      expect(await hooks.runOnce()).toMatchObject({ delivered: 0 });
    } finally {
      await hooks.stop();
    }
    expect(receiver.received.map((r) => [r.path, r.verified])).toEqual([["/hooks/atalaya", true]]);
    const posted = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(posted.event).toMatchObject({
      type: "jim-bound-state",
      subject: { asn: 64496 },
      payload: { from: "eligible", to: "below" },
      link: "https://atalaya.example/as/64496",
    });
    // The digest subscribers wait for their digests.
    expect(mailTo("daily@isp.example")).toEqual([]);
    expect(mailTo("weekly@isp.example")).toEqual([]);
  });

  it("keeps one event for a state that flaps back within the day, updated to where it is now", async () => {
    clock = at("2026-12-01T15:00:00Z");
    setShare(64496, addDays(END, 1), 0.31);
    await ingest();
    expect((await detect()).events).toEqual([]);
    const [event] = await database.db.select().from(alertEvents).where(sql`${alertEvents.asn} = 64496`);
    expect(event?.payload).toMatchObject({ from: "eligible", to: "below", latest: "eligible" });
    await sendAll();
    expect(mailTo("noc@isp.example")).toHaveLength(1);
  });

  it("sends a daily digest once, with what waited for it", async () => {
    clock = at("2026-12-02T07:00:00Z");
    expect(await sendDigestsNow(database, "daily", context())).toBe(1);
    expect(await sendDigestsNow(database, "daily", context())).toBe(0);
    await sendAll();
    const mails = mailTo("daily@isp.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.subject).toBe("Atalaya: 1 change(s) today");
    expect(mails[0]?.parsed.text).toContain("AS64496: Jim Bound state eligible → below the threshold");
  });

  it("groups a week's events into one weekly digest", async () => {
    // Day two: below again (a new day, a new event); day three: eligible again.
    clock = at("2026-12-02T09:00:00Z");
    setShare(64496, addDays(END, 2), 0.1);
    await ingest();
    expect((await detect()).events.filter((e) => e.asn === 64496)).toHaveLength(1);
    clock = at("2026-12-03T09:00:00Z");
    setShare(64496, addDays(END, 3), 0.3);
    await ingest();
    const third = (await detect()).events;
    expect(third.filter((e) => e.asn === 64496)).toHaveLength(1);
    // AS64497's series stopped at END while APNIC's runs three days further: stale (limit 2 days).
    expect(
      third
        .filter((e) => e.kind === "stale-data")
        .map((e) => [e.asn, e.payload.lastDate, e.payload.daysBehind]),
    ).toEqual([[64497, END, 3]]);
    clock = at("2026-12-07T07:00:00Z");
    expect(await sendDigestsNow(database, "weekly", context())).toBe(1);
    expect(await sendDigestsNow(database, "weekly", context())).toBe(0);
    await sendAll();
    const mails = mailTo("weekly@isp.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.subject).toBe("Atalaya: 3 change(s) this week");
    const text = mails[0]?.parsed.text ?? "";
    expect(text.match(/\* AS64496: Jim Bound state/g)).toHaveLength(3);
    // The daily subscriber's digest of the next day holds the two later changes.
    expect(await sendDigestsNow(database, "daily", context())).toBe(1);
    // Every notification went out in exactly one message.
    const waiting = await database.db
      .select()
      .from(alertNotifications)
      .where(sql`${alertNotifications.messageId} is null`);
    expect(waiting).toEqual([]);
    // The immediate subscriber had one e-mail per event.
    await sendAll();
    expect(mailTo("noc@isp.example")).toHaveLength(3);
  });

  it("reports new RPKI-invalid routes with the VRPs behind them, once", async () => {
    const vrps = JSON.stringify({
      matched: [],
      unmatched_as: [{ asn: "AS64511", prefix: "2001:db8::/32", max_length: 48 }],
      unmatched_length: [],
    });
    await database.db.execute(sql`
      insert into route_validity (prefix, origin, origin_asn, state, reason, peers, vrps, run_id)
      values ('2001:db8:100::/48', '64496', 64496, 'invalid', 'as', 10, ${vrps}, 1)`);
    const events = (await detect()).events.filter((e) => e.kind === "rpki-invalid");
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      count: 1,
      routes: [
        {
          prefix: "2001:db8:100::/48",
          origin: 64496,
          reason: "as",
          vrps: [{ asn: 64511, prefix: "2001:db8::/32", maxLength: 48 }],
        },
      ],
    });
    expect((await detect()).events).toEqual([]);
  });

  it("reports registry IPv6 space unannounced for 30 days of observation", async () => {
    clock = at("2027-01-03T09:00:00Z");
    const events = (await detect()).events.filter((e) => e.kind === "unannounced-space");
    expect(events.map((e) => [e.organisationId, e.asn, e.payload.prefixes])).toEqual([
      ["lacnic:H2", 64497, [{ prefix: "2001:db8::/32", since: "2026-12-01" }]],
    ]);
    expect((await detect()).events).toEqual([]);
  });

  it("makes one weekly summary per economy and week", async () => {
    const first = await summariseEconomiesNow(database, context());
    expect(first.map((e) => e.cc)).toEqual(["BR"]);
    expect(first[0]?.payload).toMatchObject({ scope: "economy", date: addDays(END, 3) });
    expect(await summariseEconomiesNow(database, context())).toEqual([]);
  });

  it("sends the last complete month's report once, in the subscriber's language", async () => {
    await subscribe(
      database,
      {
        email: "board@isp.example",
        subject: { kind: "organisation", id: "lacnic:H1" },
        events: ["monthly-report"],
        language: "pt",
      },
      { now: clock, baseUrl: "https://atalaya.example", mailConfigured: false },
    );
    await database.db
      .update(alertSubscriptions)
      .set({ status: "active" })
      .where(eq(alertSubscriptions.email, "board@isp.example"));
    await database.db.delete(outboxMessages).where(eq(outboxMessages.to, "board@isp.example"));
    expect(await sendMonthlyReports(database, context())).toBe(1);
    expect(await sendMonthlyReports(database, context())).toBe(0);
    await sendAll();
    const mails = mailTo("board@isp.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.text).toContain("https://atalaya.example/org/lacnic:H1/report/2026-11");
    expect(mails[0]?.parsed.text).toContain("/api/v1/organisations/lacnic:H1/reports/2026-11.pdf?lang=pt");
    expect(header(mails[0] as CapturedMail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const events = await database.db
      .select()
      .from(alertEvents)
      .where(sql`${alertEvents.kind} = 'monthly-report'`);
    expect(events).toMatchObject([
      { key: "monthly-report:org:lacnic:H1:2026-11", organisationId: "lacnic:H1" },
    ]);
  });

  it("shows the Activity newest first in the API and as an Atom feed", async () => {
    const app = createApp({ database, log: silentLogger });
    const res = await app.request("/api/v1/asns/AS64496/activity?lang=pt&limit=2");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ id: number; kind: string; title: string }> };
    expect(body.data.map((e) => e.kind)).toEqual(["rpki-invalid", "jim-bound-state"]);
    expect(body.data[1]?.title).toBe("AS64496: estado Jim Bound abaixo do limite → elegível");
    const next = (await (
      await app.request(`/api/v1/asns/64496/activity?before=${body.data[1]?.id}`)
    ).json()) as { data: unknown[] };
    expect(next.data).toHaveLength(2);
    const org = (await (await app.request("/api/v1/organisations/lacnic:H2/activity")).json()) as {
      data: Array<{ kind: string }>;
    };
    expect(org.data.map((e) => e.kind)).toEqual(["unannounced-space", "stale-data"]);

    const feed = await app.request("/feeds/AS64496.atom");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await feed.text();
    expect(xml.match(/<entry>/g)).toHaveLength(4);
    expect(xml).toContain("<title>AS64496: 1 new RPKI-invalid route(s)</title>");
    expect((await app.request("/feeds/AS1x.atom")).status).toBe(404);
    const rows = await database.db
      .select({ kind: outboxMessages.kind })
      .from(outboxMessages)
      .orderBy(asc(outboxMessages.id));
    expect(rows.filter((r) => r.kind.startsWith("digest:")).map((r) => r.kind)).toEqual([
      "digest:daily",
      "digest:weekly",
      "digest:daily",
    ]);
  });
  it("shares one board per data version with the app when given the server's (atalaya serve)", async () => {
    /** Counts the boards asked for and those actually computed. */
    class CountingBoards extends BoardCache {
      asked = 0;
      computed = 0;
      override get(version: string | number | null, key: string, compute: () => Promise<Board>) {
        this.asked++;
        return super.get(version, key, () => {
          this.computed++;
          return compute();
        });
      }
    }
    const shared = { dataset: new DatasetInfo(database), boards: new CountingBoards() };
    await detectAlertEvents(database, { ...context(), shared });
    expect(shared.boards).toMatchObject({ asked: 1, computed: 1 });
    const app = createApp({ database, log: silentLogger, shared });
    const res = await app.request("/api/v1/awards/jim-bound?limit=5");
    expect(res.status).toBe(200);
    // The page asked the same cache, and its default board is the one the detection computed.
    expect(shared.boards.asked).toBeGreaterThan(1);
    expect(shared.boards.computed).toBe(1);
    // A new data version is a new board.
    setShare(64497, addDays(END, 3), 0.06);
    await ingest();
    await detectAlertEvents(database, { ...context(), shared });
    expect(shared.boards.computed).toBe(2);
  });
});
