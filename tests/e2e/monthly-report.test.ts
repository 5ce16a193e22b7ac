/**
 * The monthly report page as a Portuguese-speaking visitor on a 360 px phone finds it: from the
 * organisation's page, through the month picker, to the PDF; in print the navigation is gone;
 * the header's language switch turns the report (and its PDF link) into Spanish.
 * Screenshots: tests/artifacts/monthly-report-{pt-360,chart-360,print}.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, watchProblems } from "../helpers/browser";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const WIDTH = 360;

describe.skipIf(!executable)("the monthly report page", () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    ({ database, dispose } = await (targets[0] as (typeof targets)[number]).open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    server = await startServer({
      database,
      log: silentLogger,
      host: "127.0.0.1",
      port: 0,
      webDist: WEB_DIST,
    });
    browser = await launchChromium(executable as string);
    context = await browser.newContext({
      viewport: { width: WIDTH, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "pt-BR",
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dispose?.();
  });

  it("opens in Portuguese from the organisation's page, fits 360 px, picks a month and links its PDF", async () => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}org/lacnic:900001`);
    // The demo's measurements end on 2026-10-31: October is the last month with a report.
    await page.getByRole("link", { name: "Relatório mensal" }).click();
    await page.waitForURL(/\/org\/lacnic:900001\/report\/2026-10$/);
    const heading = page.getByRole("heading", { level: 1 });
    await expect
      .poll(() => heading.textContent())
      .toBe("Comunicaciones Araucaria Ltda.: relatório IPv6 de outubro de 2026");
    for (const name of [
      "Situação Jim Bound no fim do mês",
      "Proporção IPv6 ao longo do mês",
      "Higiene de roteamento e RPKI",
      "O que corrigir primeiro",
      "Desafio IPv6",
    ])
      expect(await page.getByRole("heading", { name }).count(), name).toBe(1);
    await expect
      .poll(() => page.getByRole("img", { name: /^Proporção diária que prefere IPv6/ }).count())
      .toBe(1);
    expect(await page.getByRole("table", { name: "O mês por semanas" }).locator("tbody tr").count()).toBe(5);
    await page.waitForLoadState("networkidle");

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), 4000);
    await page.screenshot({
      path: path.join(ARTIFACTS, "monthly-report-pt-360.png"),
      fullPage: true,
      clip: { x: 0, y: 0, width: Math.max(width, WIDTH), height },
    });
    expect(width).toBeLessThanOrEqual(WIDTH);
    await page
      .locator(".month-chart")
      .screenshot({ path: path.join(ARTIFACTS, "monthly-report-chart-360.png") });

    // The month picker lists the months with measurements, newest first, and moves the page.
    const picker = page.getByRole("combobox", { name: "Mês" });
    const options = await picker.locator("option").allTextContents();
    expect(options[0]).toBe("outubro de 2026");
    expect(options.at(-1)).toBe("novembro de 2025");
    await picker.selectOption("2026-09");
    await page.waitForURL(/\/report\/2026-09$/);
    await expect
      .poll(() => heading.textContent())
      .toBe("Comunicaciones Araucaria Ltda.: relatório IPv6 de setembro de 2026");

    const pdf = page.getByRole("link", { name: "Baixar PDF" });
    expect(await pdf.getAttribute("href")).toBe(
      "/api/v1/organisations/lacnic:900001/reports/2026-09.pdf?lang=pt",
    );
    const res = await page.request.get(
      `${server.url}${((await pdf.getAttribute("href")) as string).slice(1)}`,
    );
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("prints without the navigation and the report's controls", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}org/lacnic:900001/report/2026-10`);
    await page.getByRole("heading", { name: "Situação Jim Bound no fim do mês" }).waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "Baixar PDF" }).isVisible()).toBe(false);
    expect(await page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
    await page.screenshot({
      path: path.join(ARTIFACTS, "monthly-report-print.png"),
      clip: { x: 0, y: 0, width: WIDTH, height: 900 },
    });
    await page.close();
  });

  it("follows the header's language switch, its PDF link too", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}org/lacnic:900001/report/2026-10`);
    await page.getByRole("heading", { name: "Situação Jim Bound no fim do mês" }).waitFor();
    await page.getByRole("combobox", { name: "Idioma" }).selectOption("es");
    await page.getByRole("heading", { name: "Situación Jim Bound al cierre del mes" }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Comunicaciones Araucaria Ltda.: informe IPv6 de octubre de 2026",
    );
    expect(await page.getByRole("link", { name: "Descargar PDF" }).getAttribute("href")).toBe(
      "/api/v1/organisations/lacnic:900001/reports/2026-10.pdf?lang=es",
    );
    await page.close();
  });
});
