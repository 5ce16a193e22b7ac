/**
 * Anonymous subscribing under the same-origin rule of every write, on each database: a
 * cross-site Origin or Sec-Fetch-Site is refused as other writes are, an oversized body is
 * refused unread, hostile values get a 4xx, and none of them stores or queues anything; one
 * address is sent at most 5 confirmations a day, so nobody can flood an inbox through Atalaya.
 */
import { alertSubscriptions, outboxMessages } from "@atalaya/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

describe.each(targets)("subscribing from another site, on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(target, { mailConfigured: true });
  });
  afterAll(async () => h?.dispose());

  const post = (headers: Record<string, string>, body: string) =>
    h.app.request("http://localhost/api/v1/subscriptions", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const subscription = JSON.stringify({ email: "victim@isp.example", asn: 64496 });

  it("refuses a cross-site Origin and a cross-site Sec-Fetch-Site, like every other write", async () => {
    const byOrigin = await post({ origin: "https://evil.example" }, subscription);
    expect(byOrigin.status).toBe(403);
    expect(((await byOrigin.json()) as { error: { message: string } }).error.message).toMatch(
      /from another origin \(https:\/\/evil\.example\) refused/,
    );
    const bySite = await post({ "sec-fetch-site": "cross-site" }, subscription);
    expect(bySite.status).toBe(403);
    // The same request from the dashboard's own origin is accepted.
    expect(
      (await post({ origin: "http://localhost", "sec-fetch-site": "same-origin" }, subscription)).status,
    ).toBe(202);
  });

  it("refuses a body over 4 KiB before reading it", async () => {
    const big = JSON.stringify({ email: "big@isp.example", asn: 64496, padding: "x".repeat(8192) });
    expect((await post({ origin: "http://localhost" }, big)).status).toBe(413);
  });

  it("answers hostile values with a 4xx, never a 5xx", async () => {
    const hostile: unknown[] = [
      "\u0000",
      "\uD800",
      "' or 1=1 --",
      "-1",
      1.5,
      -1,
      2 ** 53,
      "x".repeat(3000),
      null,
      [],
      {},
    ];
    const failures: string[] = [];
    for (const value of hostile) {
      for (const field of ["email", "asn", "organisation", "cc", "events", "delivery", "language"]) {
        const body = { email: "h@isp.example", asn: 64496, [field]: value };
        const res = await post({ origin: "http://localhost" }, JSON.stringify(body));
        if (res.status >= 500 || res.status === 202)
          failures.push(`${res.status} ${field}=${JSON.stringify(value)}`);
      }
      const confirm = await h.app.request("http://localhost/api/v1/subscriptions/confirm", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost" },
        body: JSON.stringify({ token: value }),
      });
      if (confirm.status >= 500) failures.push(`${confirm.status} confirm ${JSON.stringify(value)}`);
      const unsubscribe = await h.app.request(
        `http://localhost/api/v1/subscriptions/unsubscribe?${new URLSearchParams({ token: String(value) })}`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        },
      );
      if (unsubscribe.status >= 500)
        failures.push(`${unsubscribe.status} unsubscribe ${JSON.stringify(value)}`);
    }
    expect(failures).toEqual([]);
  });

  it("stored and queued only the accepted subscription", async () => {
    const rows = await h.database.db.select({ email: alertSubscriptions.email }).from(alertSubscriptions);
    expect(rows).toEqual([{ email: "victim@isp.example" }]);
    expect(await h.database.db.select().from(outboxMessages)).toHaveLength(1);
  });

  it("sends one address at most 5 confirmations a day, answering the same past that", async () => {
    const flood = "flood@isp.example";
    for (const cc of ["AR", "BO", "BR", "CL", "CO", "EC", "MX"]) {
      const res = await post({ origin: "http://localhost" }, JSON.stringify({ email: flood, cc }));
      expect(res.status, cc).toBe(202);
    }
    const queued = await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.to, flood));
    expect(queued).toHaveLength(5);
    const rows = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, flood));
    expect(rows.map((r) => r.cc).sort()).toEqual(["AR", "BO", "BR", "CL", "CO"]);
  });
});
