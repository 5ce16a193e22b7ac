/**
 * Region → country → provider → Jim Bound board in headless Chromium on the demo data: the
 * choropleth (by keyboard and by pointer), the trend, movers and counts, a country page with its
 * sortable, paginated networks, a CSV download, the provider's badge, and no console errors.
 * Screenshots go to tests/artifacts/.
 */
import { mkdirSync, readFileSync } from "node:fs";
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

describe.skipIf(!executable)("region and country pages in Chromium", () => {
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

  it("walks region → map → country → provider → board, downloading a CSV on the way", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems = watchProblems(page);
    await page.goto(app.url);

    // The map: every economy is a link named with its share; small islands get a marker.
    const map = page.getByRole("group", { name: /Map of the LACNIC region/ });
    await map.waitFor();
    const economies = map.locator("a.map-economy");
    expect(await economies.count()).toBe(31);
    for (const cc of ["AW", "BQ", "CW", "SX", "TT", "GF", "GS", "FK"])
      expect(await map.locator(`a[data-cc=${cc}]`).count(), cc).toBe(1);
    expect(await map.locator(".map-callout").count()).toBeGreaterThanOrEqual(4);
    await expect(map.locator("a[data-cc=BR]").getAttribute("aria-label")).resolves.toMatch(
      /^Brazil: \d+\.\d% of users prefer IPv6 \(\d+ measured networks\)$/,
    );
    await expect(map.locator("a[data-cc=FK]").getAttribute("aria-label")).resolves.toBe(
      "Falkland Islands (Malvinas): no measured network",
    );
    // One tab stop; the map's table view has the same 31 economies.
    expect(await map.locator("a[tabindex='0']").count()).toBe(1);
    const frame = page.getByRole("figure", { name: "Share of users preferring IPv6, per economy" });
    await frame.getByRole("button", { name: "Table" }).click();
    const mapTable = page.getByRole("table", { name: /per economy \(table\)/ });
    expect(await mapTable.locator("tbody tr").count()).toBe(31);
    await frame.getByRole("button", { name: "Chart" }).click();
    await map.waitFor();

    // Trend with Google's series, sub-regions, movers, Jim Bound counts: charts and their sources.
    await page.getByRole("heading", { name: "Regional trend" }).waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await expect(page.getByText("World (Google").first().isVisible()).resolves.toBe(true);
    expect(
      await page.getByRole("list", { name: "Largest rises over 90 days" }).locator("li").count(),
    ).toBeGreaterThan(0);
    expect(
      await page.getByRole("list", { name: "Largest rises over 365 days" }).locator("li").count(),
    ).toBeGreaterThan(0);
    await page.getByRole("img", { name: /^South America: \d+ eligible/ }).waitFor();
    for (const caption of await page.locator("figure.chart-frame figcaption").allTextContents()) {
      expect(caption).toMatch(/Source: .+ · Metric: .+ · Window: .+ · Data date: (\d{4}-\d{2}-\d{2})/);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "region-map.png"), fullPage: true });

    // Keyboard: tab into the map, arrows move between economies, Enter opens one.
    await map.locator("a[tabindex='0']").focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-cc") ?? null);
    const start = await focused();
    expect(start).toBe("BR");
    await page.keyboard.press("ArrowLeft");
    const west = await focused();
    expect(west).not.toBe("BR");
    expect(west).not.toBeNull();
    await page.keyboard.press("ArrowRight");
    expect(await focused()).not.toBe(west);
    await map.locator("a[data-cc=AR]").focus();
    await expect(page.locator(".map-status").textContent()).resolves.toContain("Argentina");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Argentina" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/country/AR");

    // Back, then by pointer to Brazil's page.
    await page.goBack();
    await map.waitFor();
    await map.locator("a[data-cc=BR]").click();
    await page.getByRole("heading", { level: 1, name: "Brazil" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/country/BR");

    // The country page: trend, networks sorted and paged, allocation vs announcement.
    await page.locator(".recharts-line").first().waitFor();
    const networks = page.getByRole("table", { name: "Networks registered in BR" });
    await networks.waitFor();
    expect(await networks.locator("tbody tr").count()).toBe(25);
    const pager = page.getByRole("navigation", { name: "Pages of BR's networks" });
    await expect(pager.textContent()).resolves.toMatch(/1–25 of (\d+) networks \(page 1 of (\d+)\)/);
    await pager.getByRole("button", { name: "Next" }).click();
    await expect(pager.textContent()).resolves.toMatch(/26–\d+ of/);
    await networks.getByRole("button", { name: /IPv6 preferred/ }).click();
    await expect(pager.textContent()).resolves.toMatch(/^Previous1–25/);
    const shares = (await networks.locator("tbody tr td:nth-child(3)").allTextContents())
      .map((t) => Number.parseFloat(t))
      .filter((n) => !Number.isNaN(n));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    await page.getByRole("img", { name: /^IPv6: \d+ of \d+ registry prefixes announced$/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "country.png"), fullPage: true });

    // The networks' numbers as CSV.
    const networksFrame = page.locator("figure.chart-frame", { has: networks });
    const download = page.waitForEvent("download");
    await networksFrame.getByRole("button", { name: "CSV", exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^br-networks-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path()) as string, "utf8").split("\r\n");
    expect(csv[0]).toBe("asn,name,state,share,lo,hi,samples,users,routes,roaCoverage,invalid");
    const total = Number(/of (\d+) networks/.exec((await pager.textContent()) ?? "")?.[1]);
    expect(csv.filter((l) => l.length > 0)).toHaveLength(total + 1);

    // To the provider page of the first network, with its badge and the snippet to embed it.
    const first = networks.locator("tbody tr a").first();
    const asn = (await first.textContent())?.match(/AS(\d+)/)?.[1];
    await first.click();
    await page.getByRole("heading", { level: 1, name: new RegExp(`AS${asn}`) }).waitFor();
    const snippet = await page
      .getByLabel("HTML to show this badge on your site, linking back here")
      .inputValue();
    expect(snippet).toContain(`/badge/AS${asn}.svg`);
    expect(snippet).toContain(`href="${app.url}as/${asn}"`);
    const badge = page.getByRole("img", { name: `Badge of AS${asn}: IPv6 share and Jim Bound state` });
    // The badge loads beside the page's other requests: it has a few seconds to arrive.
    await expect
      .poll(() => badge.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "provider-badge.png"), fullPage: true });

    // And on to the Jim Bound board.
    await page.getByRole("link", { name: "Jim Bound board" }).click();
    await page.getByRole("table", { name: "Jim Bound eligibility per network" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a designed state for an economy without networks, and 404s outside the region", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${app.url}country/GS`);
    await page
      .getByRole("heading", { level: 1, name: "South Georgia and the South Sandwich Islands" })
      .waitFor();
    await page.getByText("No network is registered in GS in the loaded data.").waitFor();
    await page.getByText("No network in GS has enough daily samples in this period.").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "country-empty.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.goto(`${app.url}country/US`);
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "US is not an economy of the LACNIC region",
    );
    await page.close();
  });
});
