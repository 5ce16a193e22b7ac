/**
 * Subscription management in headless Chromium on a 360 px phone, on each database: an ISP
 * account opens My networks from the navigation, sees its networks with their Jim Bound state,
 * adds its own address (active at once) and another (pending, a confirmation queued) with the
 * events, delivery and language chosen under "Options"; then the confirmation's manage link,
 * opened in Spanish, changes the delivery and unsubscribes. No page scrolls sideways.
 * Screenshots: tests/artifacts/my-networks-*.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import { alertSubscriptions, outboxMessages } from "@atalaya/db";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  launchChromium,
  PHONE_WIDTH,
  phoneContext,
  signInOnPage,
  watchProblems,
} from "../helpers/browser";
import { type Harness, ORG_AR, openHarness, PASSWORD } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const WIDTH = PHONE_WIDTH;
const ISP = "noc@isp-ar.example";

/** The document's width: more than the phone's means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!executable).each(targets)("managing alert subscriptions on a phone, on $name", (target) => {
  let h: Harness;
  let server: RunningServer;
  let browser: Browser;
  let isp: BrowserContext;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    h = await openHarness(target);
    await h.addUser({ email: ISP, role: "isp", organisations: [ORG_AR] });
    server = await startServer({
      database: h.database,
      log: silentLogger,
      host: "127.0.0.1",
      port: 0,
      webDist: WEB_DIST,
    });
    browser = await launchChromium(executable as string);
    isp = await phoneContext(browser, "en-US");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.dispose();
  });

  it("adds subscriptions from My networks: its own address active at once, another pending its confirmation", async () => {
    const page = await isp.newPage();
    const problems = watchProblems(page);
    await signInOnPage(page, server.url, ISP, PASSWORD);
    await page.getByRole("link", { name: "My networks" }).click();
    await page.getByRole("heading", { level: 1, name: "My networks" }).waitFor();

    const networks = page.getByRole("table", { name: "Organisations and networks" });
    await networks.waitFor();
    await networks.getByRole("row").filter({ hasText: "AS64497" }).getByText("Eligible").waitFor();
    await networks.getByRole("row").filter({ hasText: "AS64498" }).getByText("Borderline").waitFor();
    expect(
      await networks
        .getByRole("link", { name: "Comunicaciones Araucaria Ltda.", exact: true })
        .getAttribute("href"),
    ).toBe("/org/lacnic:900001");
    expect(await page.getByRole("link", { name: "manage webhooks" }).getAttribute("href")).toBe("/webhooks");
    const alerts = page.getByRole("region", { name: "E-mail alerts" });
    await alerts.getByText("Nobody gets alerts about your networks yet.").waitFor();

    // The account's own address, the form's default, on the organisation: active at once.
    const form = alerts.getByRole("form", { name: "Add a subscription" });
    expect(await form.getByLabel("E-mail address").inputValue()).toBe(ISP);
    await form.getByRole("button", { name: "Add" }).click();
    await form
      .getByRole("status")
      .filter({ hasText: `Added: alerts about Comunicaciones Araucaria Ltda. now go to ${ISP}.` })
      .waitFor();
    const list = alerts.getByRole("list", { name: "E-mail alerts" });
    await list.getByRole("listitem").filter({ hasText: ISP }).getByText("active").waitFor();

    // Another address, on one network, with its choices under "Options".
    await form.getByLabel("E-mail address").fill("ops@isp-ar.example");
    await form
      .getByRole("combobox", { name: /^About/ })
      .selectOption({ label: "AS64497 Comunicaciones Araucaria Ltda. - access" });
    await form.getByText("Options").click();
    for (const event of ["Projected crossing date moves", "Allocated space not announced", "Data gone stale"])
      await form.getByLabel(event).uncheck();
    await form.getByLabel("Delivery").selectOption("daily");
    await form.getByLabel("Language of the e-mails").selectOption("es");
    await page.screenshot({
      path: path.join(ARTIFACTS, `my-networks-${target.name}-form.png`),
      fullPage: true,
    });
    await form.getByRole("button", { name: "Add" }).click();
    await form
      .getByRole("status")
      .filter({ hasText: "A confirmation link is on its way to ops@isp-ar.example" })
      .waitFor();
    const pending = list.getByRole("listitem").filter({ hasText: "ops@isp-ar.example" });
    await pending.getByText("waiting for confirmation").waitFor();
    await pending.getByText("daily digest").waitFor();
    await pending.getByText("Español").waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({
      path: path.join(ARTIFACTS, `my-networks-${target.name}-added.png`),
      fullPage: true,
    });

    const rows = await h.database.db.select().from(alertSubscriptions);
    expect(rows.map((r) => [r.email, r.asn, r.organisationId, r.status]).sort()).toEqual([
      [ISP, null, ORG_AR, "active"],
      ["ops@isp-ar.example", 64497, null, "pending"],
    ]);
    expect(rows.find((r) => r.asn === 64497)).toMatchObject({
      events: ["jim-bound-state", "rpki-invalid", "roa-expiring"],
      delivery: "daily",
      language: "es",
    });
    const mail = await h.database.db.select().from(outboxMessages);
    expect(mail.map((m) => [m.to, m.subject])).toEqual([
      ["ops@isp-ar.example", "Confirme sus alertas de Atalaya sobre AS64497"],
    ]);

    // Changing one from the list.
    await pending.getByRole("button", { name: "Change" }).click();
    const change = pending.getByRole("form", { name: /^Change the alerts of ops@isp-ar\.example/ });
    await change.getByLabel("Delivery").selectOption("weekly");
    await change.getByRole("button", { name: "Save" }).click();
    await pending.getByText("weekly digest").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("manages the subscription in Spanish from the confirmation's manage link, then unsubscribes", async () => {
    const [mail] = await h.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.to, "ops@isp-ar.example"));
    const link = /http:\/\/\S+\/subscriptions\/manage#token=[A-Za-z0-9_-]+/.exec(mail?.text ?? "")?.[0];
    expect(link?.startsWith(server.url)).toBe(true);

    const context = await phoneContext(browser, "es-AR");
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(link as string);
    await page.getByRole("heading", { level: 1, name: "Administrar sus alertas" }).waitFor();
    await page.getByText("Alertas sobre AS64497, enviadas a ops@isp-ar.example.").waitFor();
    await page.getByText("Aún sin confirmar").waitFor();
    // Only what applies to a network, as chosen: three of six.
    const events = page.getByRole("group", { name: "Eventos" });
    expect(await events.getByRole("checkbox").count()).toBe(6);
    expect(await events.getByRole("checkbox", { checked: true }).count()).toBe(3);
    expect(await page.getByLabel("Envío").inputValue()).toBe("weekly");
    await page.getByLabel("Envío").selectOption("immediate");
    await events.getByLabel("ROA a punto de vencer").uncheck();
    await page.getByRole("button", { name: "Guardar" }).click();
    await page.getByRole("status").filter({ hasText: "Guardado." }).waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({
      path: path.join(ARTIFACTS, `my-networks-${target.name}-manage-es.png`),
      fullPage: true,
    });
    const [saved] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "ops@isp-ar.example"));
    expect(saved).toMatchObject({
      delivery: "immediate",
      events: ["jim-bound-state", "rpki-invalid"],
      status: "pending",
    });

    await page.getByRole("button", { name: "Cancelar suscripción" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Suscripción cancelada: no se envían alertas." })
      .waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, `my-networks-${target.name}-unsubscribed-es.png`),
      fullPage: true,
    });
    const [after] = await h.database.db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, "ops@isp-ar.example"));
    expect(after?.status).toBe("unsubscribed");
    expect(problems).toEqual([]);
    await context.close();
  });
});
