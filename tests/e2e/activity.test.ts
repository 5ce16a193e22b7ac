/**
 * The Activity section of a provider page in headless Chromium, in Spanish on a 360 px phone: an
 * RPKI-invalid route appears after the demo's baseline, detection reports it, and the page lists
 * it with the VRPs behind it in its disclosure and links the Atom feed, which serves the same
 * entry. Screenshot: tests/artifacts/activity-es-phone.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { detectAlertEvents, type RunningServer } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, watchProblems } from "../helpers/browser";
import { startDemoServer } from "../helpers/demo-server";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");

describe.skipIf(!executable)("the Activity of a provider page", () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  const alerts = { log: silentLogger, baseUrl: "http://127.0.0.1", mailConfigured: false };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ database, server } = await startDemoServer([]));
    expect((await detectAlertEvents(database, alerts)).events).toEqual([]);
    // A route the demo's VRPs do not allow, as a validation run would store it.
    const vrps = JSON.stringify({
      matched: [],
      unmatched_as: [{ asn: "AS64511", prefix: "2001:db8::/32", max_length: 48 }],
      unmatched_length: [],
    });
    await database.db.execute(sql`
      insert into route_validity (prefix, origin, origin_asn, state, reason, peers, vrps, run_id)
      values ('2001:db8:ffff::/48', '64496', 64496, 'invalid', 'as', 12, ${vrps}, 1)`);
    const found = await detectAlertEvents(database, alerts);
    expect(found.events.map((e) => [e.kind, e.asn])).toEqual([["rpki-invalid", 64496]]);
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it("lists the new invalid route with its evidence and links the Atom feed, in Spanish on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "es-419" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}as/64496`);
    const section = page.getByRole("region", { name: "Actividad" });
    await section.waitFor();
    const entry = section
      .getByText("AS64496", { exact: false })
      .filter({ hasText: "ruta(s) nueva(s) inválida(s)" });
    await entry.click();
    await section
      .getByText("2001:db8:ffff::/48 desde AS64496: AS de origen incorrecto; ROAs: AS64511 2001:db8::/32-48")
      .waitFor();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, "activity-es-phone.png"), fullPage: false });
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const href = await section.getByRole("link", { name: "Feed Atom" }).getAttribute("href");
    expect(href).toBe("/feeds/AS64496.atom?lang=es");
    const feed = await (await fetch(new URL(href as string, server.url))).text();
    expect(feed).toContain("<title>AS64496 (");
    expect(feed).toContain("1 ruta(s) nueva(s) inválida(s) según RPKI</title>");
    expect(problems).toEqual([]);
    await context.close();
  });
});
