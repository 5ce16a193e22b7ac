/**
 * Webhooks in headless Chromium against the real server (startServer, the built dashboard, an
 * embedded database with the demo dataset) and a webhook sender posting to a receiver on
 * 127.0.0.1: an ISP account adds an endpoint from its Webhooks page, sees the signing secret
 * once (copied with the button), sends a test that the receiver verifies with that secret and
 * reads it delivered in the log, and finds the secret gone after reloading. The page is also
 * used on a 360 px phone, which must not scroll sideways. Screenshots: tests/artifacts/webhooks-*.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { WebhookSender } from "@atalaya/alerts";
import type { RunningServer } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, phoneContext, signInOnPage, watchProblems } from "../helpers/browser";
import { ORG_AR, PASSWORD } from "../helpers/committee";
import { startDemoServer } from "../helpers/demo-server";
import { REPO_ROOT } from "../helpers/shared-data";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const ISP = "noc@isp-ar.example";

describe.skipIf(!executable)("webhooks in Chromium", () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let sender: WebhookSender;

  async function signIn(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signInOnPage(page, server.url, ISP, PASSWORD);
    return { page, problems };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ database, server } = await startDemoServer([
      { email: ISP, role: "isp", organisations: [ORG_AR], displayName: "NOC Andina" },
    ]));
    receiver = await startWebhookReceiver(() => new Date());
    sender = new WebhookSender({
      database,
      log: silentLogger,
      baseUrl: server.url,
      mailConfigured: false,
      allowPrivate: true,
      intervalMs: 200,
    }).start();
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await sender?.stop();
    await receiver?.close();
    await server?.close();
    await database?.close();
  });

  it("adds an endpoint, shows its secret once, and delivers a signed test to it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const { page, problems } = await signIn(context);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { name: "Add an endpoint" }).waitFor();
    await page.getByLabel("URL", { exact: true }).fill(`${receiver.url}/noc`);
    await page.getByLabel("Only for (optional)").fill("AS64497");
    await page.getByRole("button", { name: "Add the endpoint" }).click();

    const secretBox = page.getByLabel("Signing secret");
    await secretBox.waitFor();
    await page.getByText("Copy it now: it is shown only this once.").waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const card = page.locator(".webhook", { hasText: `${receiver.url}/noc` });
    await card.getByText("Only AS64497").waitFor();
    await card.getByText("Active", { exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "webhooks-secret.png"), fullPage: true });

    // The receiver verifies with the secret the page showed; a test is delivered only if it does.
    receiver.secrets.set("/noc", secret);
    await card.getByRole("button", { name: "Send a test" }).click();
    await card.getByText("Test queued: it is sent within seconds.").waitFor();
    const log = card.locator(".webhook-log");
    await log.getByText("Delivered", { exact: true }).waitFor({ timeout: 20_000 });
    await log.getByText(/HTTP 204 in \d+ ms/).waitFor();
    expect(receiver.received.map((r) => [r.path, r.verified, r.headers["atalaya-event"]])).toEqual([
      ["/noc", true, "ping"],
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, "webhooks-log.png"), fullPage: true });

    // Shown once: after a reload the page, and everything it fetched, no longer has it.
    await page.reload();
    await page.locator(".webhook", { hasText: `${receiver.url}/noc` }).waitFor();
    expect(await page.getByLabel("Signing secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("fits a 360 px phone, secret and log included, and deletes an endpoint", async () => {
    const context = await phoneContext(browser, "en-US");
    const { page, problems } = await signIn(context);
    await page.goto(`${server.url}webhooks`);
    await page
      .getByLabel("URL", { exact: true })
      .fill("https://hooks.noc-andina.example/atalaya/events/incoming");
    await page.getByRole("button", { name: "Add the endpoint" }).click();
    await page.getByLabel("Signing secret").waitFor();
    const noc = page.locator(".webhook", { hasText: `${receiver.url}/noc` });
    await noc.getByRole("button", { name: "Delivery log" }).click();
    await noc.getByText("Delivered", { exact: true }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(ARTIFACTS, "webhooks-phone.png"), fullPage: true });
    expect(width).toBeLessThanOrEqual(360);

    const added = page.locator(".webhook", { hasText: "hooks.noc-andina.example" });
    page.once("dialog", (dialog) => dialog.accept());
    await added.getByRole("button", { name: "Delete" }).click();
    await added.waitFor({ state: "detached" });
    await noc.waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
