/**
 * A dispute of a Jim Bound standing from filing to resolution, in headless Chromium against the
 * real server (startServer, the built dashboard, an embedded database with the demo dataset): the
 * chair nominates a network, its ISP files a dispute with self-reported traffic from the "My
 * disputes" page, the chair finds it inside the nomination and upholds it with a reason, and the
 * ISP reads the outcome and the reason. The pages are also opened on a 360 px phone, which must
 * not scroll sideways. Screenshots: tests/artifacts/disputes-*.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { acceptInvitation, createUser, type NewUser } from "@atalaya/accounts";
import { type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, signInOnPage } from "../helpers/browser";
import { ORG_AR, PASSWORD } from "../helpers/committee";
import { tempDir, testContext } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const ISP = "noc@isp-ar.example";
const CHAIR = "chair@flip6.example";
const REASON = "Your NetFlow totals agree with Radar; the committee weighs them in its decision.";

describe.skipIf(!executable)("Jim Bound dispute in Chromium, filing to resolution", () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];

  const desktop = () => browser.newContext({ viewport: { width: 1280, height: 900 } });
  const phone = () =>
    browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });

  async function signIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && problems.push(`${page.url()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
    await signInOnPage(page, server.url, email, PASSWORD);
    return page;
  }

  /** A phone screenshot of `url` as `email`, after checking the page does not scroll sideways. */
  async function onPhone(email: string, url: string, ready: string, shot: string) {
    const context = await phone();
    const page = await signIn(context, email);
    await page.goto(`${server.url}${url}`);
    await page.getByText(ready).first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
    await context.close();
    expect(width, `${url} on a phone`).toBeLessThanOrEqual(360);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    database = await openDatabase({});
    await database.migrate();
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    const accounts: NewUser[] = [
      { email: ISP, role: "isp", organisations: [ORG_AR], displayName: "NOC Andina" },
      { email: CHAIR, role: "committee", isChair: true, country: "UY", displayName: "Chair" },
    ];
    for (const account of accounts) {
      const { invitationToken } = await createUser(database, account, null);
      await acceptInvitation(database, invitationToken, PASSWORD);
    }
    server = await startServer({
      database,
      log: silentLogger,
      host: "127.0.0.1",
      port: 0,
      webDist: WEB_DIST,
    });
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it("lets the chair nominate a network from the committee page", async () => {
    const context = await desktop();
    const page = await signIn(context, CHAIR);
    await page.goto(`${server.url}committee`);
    await page.getByLabel("Nominate").selectOption("network");
    await page.getByLabel("AS number or organisation id").fill("64497");
    await page.getByRole("button", { name: "Nominate from the board" }).click();
    await page.locator(".nomination", { hasText: "network 64497" }).waitFor();
    await context.close();
  });

  it("lets the ISP file a dispute with self-reported traffic from My disputes", async () => {
    const context = await desktop();
    const page = await signIn(context, ISP);
    await page.getByRole("link", { name: "My disputes" }).click();
    await page.getByRole("heading", { name: "Dispute a standing" }).waitFor();
    await page.getByLabel("Network or organisation").selectOption("network|64497");
    await page
      .getByLabel("What is wrong with the standing, and why")
      .fill("APNIC's samples miss our mobile customers.\nOur NetFlow totals show 30% IPv6.");
    await page.getByLabel("Type of file").selectOption("self-reported");
    // A file that does not parse is refused, naming the line.
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "traffic.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("date,ipv4_bytes,ipv6_bytes\n2026-10-01,700000,lots\n"),
    });
    await page.getByRole("button", { name: "File the dispute" }).click();
    await page
      .getByRole("alert")
      .getByText('traffic.csv line 2: ipv6_bytes "lots" is not a whole number of bytes')
      .waitFor();
    // Chromium logs the refused request; that one error is expected, any other is not.
    expect(problems).toEqual([expect.stringContaining("status of 400")]);
    problems.length = 0;
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "traffic.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("date,ipv4_bytes,ipv6_bytes\n2026-10-01,700000,300000\n2026-10-02,690000,310000\n"),
    });
    await page.getByRole("button", { name: "File the dispute" }).click();
    const card = page.locator(".dispute", { hasText: "network 64497" });
    await card.getByText("Open", { exact: true }).waitFor();
    await card.getByRole("link", { name: "traffic.csv" }).waitFor();
    await card.getByText(/2 days, 2026-10-01 to 2026-10-02/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "disputes-isp-filed.png"), fullPage: true });
    await context.close();
  });

  it("shows the chair the dispute inside the nomination, and lets the chair uphold it with a reason", async () => {
    const context = await desktop();
    const page = await signIn(context, CHAIR);
    await page.goto(`${server.url}committee`);
    const nomination = page.locator(".nomination", { hasText: "network 64497" });
    const dispute = nomination.locator(".disputes-beside .dispute");
    await dispute.getByText("Our NetFlow totals show 30% IPv6.").waitFor();
    await expect(dispute.getByRole("link", { name: "traffic.csv" }).getAttribute("href")).resolves.toMatch(
      /\/api\/v1\/disputes\/\d+\/attachment$/,
    );
    await page.getByText("No other disputes in this cycle.").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "disputes-chair-open.png"), fullPage: true });
    await dispute.getByLabel(/Reason for resolving the dispute of/).fill(REASON);
    await dispute.getByRole("button", { name: "Uphold" }).click();
    await dispute.getByText(/^Upheld by Chair on /).waitFor();
    await dispute.getByText(`Reason: ${REASON}`).waitFor();
    expect(await dispute.getByRole("button", { name: "Uphold" }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "disputes-chair-resolved.png"), fullPage: true });
    await context.close();
    await onPhone(CHAIR, "committee", `Reason: ${REASON}`, "disputes-chair-phone.png");
  });

  it("shows the ISP the outcome and the chair's reason", async () => {
    const context = await desktop();
    const page = await signIn(context, ISP);
    await page.goto(`${server.url}my-disputes`);
    const card = page.locator(".dispute", { hasText: "network 64497" });
    await card.getByText("Upheld", { exact: true }).waitFor();
    await card.getByText(`Reason: ${REASON}`).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "disputes-isp-resolved.png"), fullPage: true });
    await context.close();
    await onPhone(ISP, "my-disputes", `Reason: ${REASON}`, "disputes-isp-phone.png");
    expect(problems).toEqual([]);
  });

  it("after release, shows visitors that the standing was disputed and upheld, without the reason", async () => {
    const chair = await desktop();
    const page = await signIn(chair, CHAIR);
    await page.goto(`${server.url}committee`);
    await page
      .locator(".nomination", { hasText: "network 64497" })
      .getByRole("button", { name: "Award" })
      .click();
    await page.locator(".nomination", { hasText: "— awarded" }).waitFor();
    await page.getByRole("button", { name: "Release the Jim Bound results" }).click();
    await page.getByText(/^Results released /).waitFor();
    await chair.close();
    const visitor = await desktop();
    const results = await visitor.newPage();
    await results.goto(`${server.url}results/jim-bound/1`);
    const section = results.getByRole("region", { name: "Disputed standings" });
    await section.getByText(/network 64497\), disputed on /).waitFor();
    await section.getByText("Upheld", { exact: true }).waitFor();
    expect(await results.getByText(REASON).count()).toBe(0);
    expect(await results.getByText("Our NetFlow totals show 30% IPv6.").count()).toBe(0);
    await results.screenshot({ path: path.join(ARTIFACTS, "disputes-results.png"), fullPage: true });
    await visitor.close();
    expect(problems).toEqual([]);
  });
});
