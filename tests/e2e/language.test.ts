/**
 * The dashboard in Spanish and Portuguese in headless Chromium: the header's language switch,
 * headings and numbers in the chosen language (decimal comma), the choice kept over a reload,
 * Portuguese from a pt-BR browser, and no console errors. Screenshots go to tests/artifacts/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { chromiumPath, launchChromium } from "../helpers/browser";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

/** Intl separates a number from "%" by a no-break space in Spanish; tests read plain spaces. */
const plain = (text: string | null) => (text ?? "").replace(/\s/g, " ");

describe.skipIf(!executable)("the dashboard in Spanish and Portuguese", () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startAppProcess();
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("switches to Spanish from the header, formats numbers the Spanish way and keeps the choice", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(app.url);
    // Chromium headless reports en-US: English by default.
    await page.getByRole("heading", { level: 1, name: "LACNIC region" }).waitFor();
    await expect(page.title()).resolves.toBe("LACNIC region · Atalaya");

    await page.getByRole("combobox", { name: "Language" }).selectOption("es");
    await page.getByRole("heading", { level: 1, name: "Región de LACNIC" }).waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-419");
    await expect(page.title()).resolves.toBe("Región de LACNIC · Atalaya");
    for (const heading of [
      "Adopción de IPv6 por economía",
      "Tendencia regional",
      "Mayores cambios",
      "Economías",
    ])
      await page.getByRole("heading", { level: 2, name: heading }).waitFor();
    await page.getByRole("link", { name: "Premio Jim Bound" }).waitFor();
    const table = page.getByRole("table", { name: "Cifras de registro por economía" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(31);

    // Numbers: a decimal comma in the map's labels, thousands grouped with points in the totals.
    const map = page.getByRole("group", { name: /^Mapa de la región de LACNIC/ });
    await map.waitFor();
    expect(plain(await map.locator("a[data-cc=BR]").getAttribute("aria-label"))).toMatch(
      /^Brasil: el \d+,\d % de los usuarios prefiere IPv6 \(\d+ redes medidas\)$/,
    );
    // Named from the code by the browser's CLDR data (Chromium adds "(Islas Falkland)").
    expect(plain(await map.locator("a[data-cc=FK]").getAttribute("aria-label"))).toMatch(
      /^Islas Malvinas.*: ninguna red medida$/,
    );
    const ipv4 = page.locator("dl.totals div", { hasText: "Direcciones IPv4" }).locator("dd");
    expect(await ipv4.textContent()).toMatch(/^\d{1,3}(\.\d{3})+$/);
    // Chart axes: percentages and days in Spanish.
    await page.locator(".recharts-line").first().waitFor();
    const ticks = plain(
      (await page.locator(".recharts-cartesian-axis-tick-value").allTextContents()).join("|"),
    );
    expect(ticks).toMatch(/\b20 %/);
    expect(ticks).toMatch(/\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b/);
    // Sub-regions and economies by their Spanish names; sorting by name follows Spanish order.
    await page.getByRole("combobox", { name: /^Subregión/ }).selectOption("Caribe");
    expect(await table.locator("tbody tr").count()).toBe(8);
    await page.getByRole("combobox", { name: /^Subregión/ }).selectOption("all");
    await page.getByRole("button", { name: "Economía" }).click();
    await expect(table.locator("tbody tr").first().textContent()).resolves.toContain("Argentina");
    await page.screenshot({ path: path.join(ARTIFACTS, "region-es.png"), fullPage: true });

    // The choice is remembered.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Región de LACNIC" }).waitFor();
    await expect(page.getByRole("combobox", { name: "Idioma" }).inputValue()).resolves.toBe("es");

    // An economy's page: its name, paged networks and the page title in Spanish.
    await table.getByRole("link", { name: "Brasil" }).click();
    await page.getByRole("heading", { level: 1, name: "Brasil" }).waitFor();
    await expect(page.title()).resolves.toBe("Brasil · Atalaya");
    const networks = page.getByRole("table", { name: "Redes registradas en BR" });
    await networks.waitFor();
    const pager = page.getByRole("navigation", { name: "Páginas de redes de BR" });
    expect(await pager.textContent()).toMatch(/1–25 de \d+ redes \(página 1 de \d+\)/);
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "country-es.png"), fullPage: true });

    // A provider page: standing, ladder and routing in Spanish.
    await networks.locator("tbody tr a").first().click();
    await page.getByRole("heading", { name: "Escalera de preparación" }).waitFor();
    await page.getByRole("table", { name: "Rutas anunciadas y su estado RPKI" }).waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "provider-es.png"), fullPage: true });

    // And back to English.
    await page.getByRole("combobox", { name: "Idioma" }).selectOption("en");
    await page.getByRole("heading", { name: "Readiness ladder" }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("speaks Portuguese to a pt-BR browser", async () => {
    const context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(app.url);
    await page.getByRole("heading", { level: 1, name: "Região do LACNIC" }).waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("pt-BR");
    await expect(page.title()).resolves.toBe("Região do LACNIC · Atalaya");
    await expect(page.getByRole("combobox", { name: "Idioma" }).inputValue()).resolves.toBe("pt");
    await page.getByRole("heading", { level: 2, name: "Tendência regional" }).waitFor();
    const map = page.getByRole("group", { name: /^Mapa da região do LACNIC/ });
    await map.waitFor();
    expect(plain(await map.locator("a[data-cc=MX]").getAttribute("aria-label"))).toMatch(
      /^México: \d+,\d% dos usuários preferem IPv6 \(\d+ redes? medidas?\)$/,
    );
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "region-pt.png"), fullPage: true });

    await page.getByRole("link", { name: "Prêmio Jim Bound" }).click();
    const board = page.getByRole("table", { name: "Elegibilidade ao Jim Bound por rede" });
    await board.waitFor();
    await expect(page.title()).resolves.toBe("Prêmio Jim Bound · Atalaya");
    await page.getByRole("combobox", { name: /^Situação/ }).selectOption("eligible");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("table tbody tr")].every((tr) => tr.textContent?.includes("Elegível")),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "jim-bound-pt.png"), fullPage: false });

    await board.locator("tbody tr a").first().click();
    await page.getByRole("heading", { name: "Escada de prontidão" }).waitFor();
    await page
      .getByRole("list", { name: "O que corrigir primeiro" })
      .or(page.getByText(/^Nada:/))
      .first()
      .waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "provider-pt.png"), fullPage: true });
    // The rule's public description, in the same language, one click from the board.
    await page.getByRole("link", { name: "Prêmio Jim Bound" }).click();
    await board.waitFor();
    await page.getByRole("link", { name: "Como a regra funciona" }).click();
    await page.getByRole("heading", { name: "Como a regra do prêmio Jim Bound é aplicada" }).waitFor();
    await expect(page.getByText(/^Um intervalo quase-binomial de 95%/).count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
