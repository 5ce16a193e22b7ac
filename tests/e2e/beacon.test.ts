/**
 * The beacon in headless Chromium over both families. The server listens on `::` (IPv4 and IPv6
 * on one port); Chromium's --host-resolver-rules map the IPv4-only name to 127.0.0.1, the
 * IPv6-only name to [::1] and the dual-stack name to `localhost` (both), as DNS would with A,
 * AAAA and both records. The demo's route table is loaded again with the loopback blocks routed
 * by one demo network, so the tests count for it. The beacon's clock stands on the demo's last
 * measured day, so the counts fall in the window the provider page evaluates.
 *
 * 1. A page on another origin embeds /beacon.js: once idle, it runs a test by itself.
 * 2. "Test my connection" explains the same connection in English, Spanish and Portuguese, with
 *    the help-desk summary; on a 360 px phone (tests/artifacts/beacon-test-pt-phone.png).
 * 3. A browser whose IPv6 name points where nothing listens: IPv4 only.
 * The counts, published, appear for that network on its provider page beside APNIC's.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type RunningServer, startServer } from "@atalaya/api";
import { BeaconService, DEFAULT_BEACON_SETTINGS } from "@atalaya/beacon";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import { DEMO_MEASUREMENT_END, generateDemo, loadDemo } from "@atalaya/demo";
import { pfx2asSource, publishBeacon, runIngest } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/app-process";
import { chromiumPath, launchChromium } from "../helpers/browser";
import { type LocalServer, startLocalServer } from "../helpers/http-server";
import { tempDir, testContext } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const NAMES = { ipv4: "v4.beacon.test", ipv6: "v6.beacon.test", dual: "ds.beacon.test" };

describe.skipIf(!executable)("the beacon in Chromium over both families", () => {
  let database: Database;
  let server: RunningServer;
  let beacon: BeaconService;
  let embedding: LocalServer;
  let asn: number;
  let port: number;
  const browsers: Browser[] = [];

  /** A browser resolving the beacon's names as `rules` say (the embedding page's name to IPv4). */
  const launch = async (rules: Record<keyof typeof NAMES, string>) => {
    const mapped = Object.entries(rules).map(
      ([kind, to]) => `MAP ${NAMES[kind as keyof typeof NAMES]} ${to}`,
    );
    const browser = await launchChromium(executable as string, [
      `--host-resolver-rules=${[...mapped, "MAP embed.beacon.test 127.0.0.1"].join(",")}`,
    ]);
    browsers.push(browser);
    return browser;
  };
  /** Tests the beacon has finished so far, written to beacon_daily for this network. */
  const counted = async () => {
    await beacon.flush();
    const [row] = await database.rows<{ tests: number; capable: number; preferred: number }>(sql`
      select coalesce(sum(tests), 0)::int as tests, coalesce(sum(capable), 0)::int as capable,
        coalesce(sum(preferred), 0)::int as preferred
      from beacon_daily where asn = ${asn}`);
    return row;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    database = await openDatabase({});
    await database.migrate();
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    // A demo network with APNIC data and no beacon data of the demo's own.
    const [pick] = await database.rows<{ asn: number }>(sql`
      select asn::float8 as asn from daily_measurements
      where source = 'apnic' and asn not in (select asn from beacon_daily) and asn < 4200000000
      group by asn order by sum(samples) desc limit 1`);
    asn = Number(pick?.asn);
    const file = path.join(tempDir(), "routes.pfx2as");
    writeFileSync(file, `${generateDemo().routing.pfx2as}127.0.0.0\t8\t${asn}\n::\t64\t${asn}\n`);
    await runIngest(pfx2asSource, { file }, testContext(database, { isDemo: true }));

    // The port first: the host names carry it, and the pages' CSP names them.
    port = await freePort();
    const hosts = {
      ipv4: `${NAMES.ipv4}:${port}`,
      ipv6: `${NAMES.ipv6}:${port}`,
      dual: `${NAMES.dual}:${port}`,
    };
    // The demo's last measured day, at noon: the tests fall in the window its pages evaluate.
    const noon = Date.parse(`${DEMO_MEASUREMENT_END}T12:00:00Z`);
    const started = Date.now();
    const clock = () => noon + (Date.now() - started);
    beacon = new BeaconService(
      database,
      hosts,
      null,
      silentLogger,
      { ...DEFAULT_BEACON_SETTINGS, windowMs: 6_000 },
      clock,
    );
    await beacon.ready();
    server = await startServer({ database, log: silentLogger, host: "::", port, webDist: WEB_DIST, beacon });
    embedding = await startLocalServer();
    embedding.files.set("/news.html", {
      body: Buffer.from(
        `<!doctype html><html><head><title>An ISP's news</title></head><body><p>News.</p>` +
          `<script src="http://localhost:${port}/beacon.js" async></script></body></html>`,
      ),
      headers: { "content-type": "text/html" },
    });
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await embedding?.close();
    await beacon?.stop();
    await server?.close();
    await database?.close();
  });

  it("runs by itself on a page of another site that embeds it, once the page is idle", async () => {
    const browser = await launch({ ipv4: "127.0.0.1", ipv6: "[::1]", dual: "localhost" });
    const page = await browser.newPage();
    const embedPort = new URL(embedding.url).port;
    await page.goto(`http://embed.beacon.test:${embedPort}/news.html`);
    await expect.poll(async () => (await counted())?.tests, { timeout: 20_000 }).toBe(1);
    // IPv6 works, and Chromium chose it for the name with both.
    expect(await counted()).toEqual({ tests: 1, capable: 1, preferred: 1 });
    await page.close();
  });

  it("explains the same connection on the test page in three languages, with a summary to copy", async () => {
    const browser = browsers[0] as Browser;
    const expected = {
      "en-US": ["You have IPv6, and you use it.", "IPv6: works", "your browser used IPv6"],
      "es-419": ["Tiene IPv6 y lo usa.", "IPv6: funciona", "su navegador usó IPv6"],
      "pt-BR": ["Você tem IPv6 e o usa.", "IPv6: funciona", "seu navegador usou IPv6"],
    };
    for (const [locale, [verdict, line, chose]] of Object.entries(expected)) {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 800 } });
      const page = await context.newPage();
      await page.goto(`http://localhost:${port}/test`);
      await page
        .getByRole("status")
        .filter({ hasText: verdict as string })
        .waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator(".test-summary").textContent()).toContain(line as string);
      expect(await page.locator(".test-summary").textContent()).toContain(`AS${asn}`);
      await page.getByText(chose as string).waitFor();
      // The network, linked to its page.
      await page.getByRole("link", { name: new RegExp(`^AS${asn}`) }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, locale).toBeLessThanOrEqual(360);
      if (locale === "pt-BR")
        await page.screenshot({ path: path.join(ARTIFACTS, "beacon-test-pt-phone.png"), fullPage: true });
      await context.close();
    }
    expect(await counted()).toEqual({ tests: 4, capable: 4, preferred: 4 });
  });

  it("finds IPv4 only where the IPv6 name leads nowhere, and says what to ask the provider", async () => {
    const browser = await launch({ ipv4: "127.0.0.1", ipv6: "[::2]", dual: "127.0.0.1" });
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/test`);
    await page.getByRole("status").filter({ hasText: "You have IPv4 only." }).waitFor({ timeout: 20_000 });
    await page.getByRole("heading", { name: "What to ask your provider" }).waitFor();
    expect(await page.locator(".test-summary").textContent()).toContain("IPv6: does not work");
    expect(await counted()).toEqual({ tests: 5, capable: 4, preferred: 4 });
  });

  it("shows the published counts on the network's page beside APNIC", async () => {
    const published = await publishBeacon(testContext(database), { minTests: 5 });
    expect(published.rows).toBeGreaterThan(0);
    const api = (await (await fetch(`http://127.0.0.1:${port}/api/v1/asns/AS${asn}`)).json()) as {
      data: { standing: { otherSources: Array<{ source: string; share: number; samples: number }> } };
    };
    expect(api.data.standing.otherSources.find((s) => s.source === "atalaya-beacon")).toMatchObject({
      share: 0.8,
      samples: 5,
    });
    const page = await (browsers[0] as Browser).newPage();
    await page.goto(`http://localhost:${port}/as/${asn}`);
    const row = page.getByText(/Atalaya beacon: share of tested browsers preferring IPv6/);
    await row.waitFor();
    expect(await page.locator("li", { has: row }).textContent()).toMatch(/^80\.0%/);
  });
});
