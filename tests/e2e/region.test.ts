/**
 * The dashboard in a real browser: `atalaya start` on a fresh embedded database (demo data),
 * then headless Chromium opens / and reads the region page. Screenshots go to tests/artifacts/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { chromiumPath, launchChromium } from "../helpers/browser";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");

describe.skipIf(!executable)("dashboard in Chromium", () => {
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

  it("shows the region page with the countries table and chart, labelled as demo", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(app.url);
    const table = page.getByRole("table", { name: "Registry figures per economy" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(31);
    await expect(page.getByRole("note").textContent()).resolves.toContain("Demo data");
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await page.locator(".recharts-bar-rectangle").count()).toBe(29); // FK and GS hold no IPv6

    // Sorting by name puts Argentina first; the sub-region filter narrows the table.
    await page.getByRole("button", { name: "Economy" }).click();
    await expect(table.locator("tbody tr").first().textContent()).resolves.toContain("Argentina");
    await page.getByRole("combobox", { name: /^Sub-region/ }).selectOption("Caribbean");
    expect(await table.locator("tbody tr").count()).toBe(8);
    await page.getByRole("combobox", { name: /^Sub-region/ }).selectOption("all");
    await page.screenshot({ path: path.join(ARTIFACTS, "region.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("walks from the region page to the Jim Bound board, filters it and downloads its CSV", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(app.url);
    await page.getByRole("link", { name: "Jim Bound board" }).click();
    const table = page.getByRole("table", { name: "Jim Bound eligibility per network" });
    await table.waitFor();
    expect(new URL(page.url()).pathname).toBe("/jim-bound");
    expect(await table.locator("tbody tr").count()).toBe(100); // first page of the demo's networks
    await page.getByLabel("State").selectOption("eligible");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("table tbody tr")].every((tr) => tr.textContent?.includes("Eligible")),
    );
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const csv = await (await download).path();
    const text = (await import("node:fs")).readFileSync(csv as string, "utf8");
    expect(text.split("\r\n")[0]).toBe(
      "kind,asn,organisation_id,name,cc,state,share,lo,hi,samples,days,metric,window_start,window_end,asns,method,sources_disagree," +
        "deciding_sources,beacon_share,beacon_lo,beacon_hi,beacon_tests,beacon_days",
    );
    expect(
      text
        .trim()
        .split("\r\n")
        .slice(1)
        .every((line) => line.includes(",eligible,")),
    ).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "jim-bound.png"), fullPage: false });
    // From the board to a provider's standing page: share, ladder, routing.
    const first = table.locator("tbody tr a").first();
    const asn = (await first.textContent())?.match(/AS(\d+)/)?.[1];
    await first.click();
    await page.getByRole("heading", { level: 1, name: new RegExp(`AS${asn}`) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/as/${asn}`);
    await page.getByRole("heading", { name: "Readiness ladder" }).waitFor();
    await page.getByRole("table", { name: "Announced routes and their RPKI state" }).waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "provider.png"), fullPage: true });
    await page.goBack();
    await table.waitFor();
    // A reload of a page path is served the dashboard too.
    await page.reload();
    await table.waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("searches from the nav bar: a network's ROA coverage, its organisation, an economy, and back", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(app.url);
    await page.getByRole("table", { name: "Registry figures per economy" }).waitFor();
    const box = page.getByRole("combobox", { name: "Search networks, organisations and economies" });
    const list = page.getByRole("listbox", { name: "Search results" });

    // "/" puts the cursor in the box; an AS number finds the network; arrows and Enter open it.
    await page.locator("body").press("/");
    await expect(box.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await box.pressSequentially("AS65548");
    // The list answers the whole number, not a keystroke before it.
    await page.locator("[role=listbox][aria-busy=false]").waitFor();
    expect(await list.getByRole("option").count()).toBe(1);
    await expect(box.getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(list.getByRole("option").first().textContent()).resolves.toContain("AS65548");
    await box.press("ArrowDown");
    const first = list.getByRole("option").first();
    await expect(first.getAttribute("aria-selected")).resolves.toBe("true");
    await expect(box.getAttribute("aria-activedescendant")).resolves.toBe(await first.getAttribute("id"));
    await page.screenshot({ path: path.join(ARTIFACTS, "search.png") });
    await box.press("Enter");

    // The provider page: ROA coverage per family, and what to fix first.
    await page.getByRole("heading", { level: 1, name: /AS65548/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/as/65548");
    await expect(box.inputValue()).resolves.toBe("");
    const coverage = page.getByRole("table", { name: "ROA coverage per address family" });
    await coverage.waitFor();
    const ipv4 = coverage.getByRole("row", { name: /^IPv4/ });
    // IPv4: 6 routes, 2 covered (both invalid: another AS's ROA), 4 without a ROA.
    expect(await ipv4.getByRole("cell").allTextContents()).toEqual(
      expect.arrayContaining(["6", "0", "2", "4"]),
    );
    await expect(
      coverage.getByRole("img", { name: /IPv6: 0 valid, 0 invalid, 1 without a ROA/ }).count(),
    ).resolves.toBe(1);
    const fixes = page.getByRole("list", { name: "What to fix next" });
    await expect(fixes.getByRole("listitem").first().textContent()).resolves.toContain(
      "the ROA names another AS",
    );
    // Its routes, most urgent first; filtered by state, with that list as a CSV download.
    const routes = page.getByRole("table", { name: "Announced routes and their RPKI state" });
    expect(await routes.locator("tbody tr").count()).toBe(7);
    await expect(routes.locator("tbody tr").first().textContent()).resolves.toContain("invalid (other AS)");
    await page.getByRole("combobox", { name: "State" }).selectOption("not-found");
    await routes.locator("tbody tr").nth(4).waitFor();
    await expect(routes.locator("tbody tr").count()).resolves.toBe(5);
    expect(new Set(await routes.locator("tbody tr td:nth-child(3)").allTextContents())).toEqual(
      new Set(["not found"]),
    );
    await expect(
      page.getByRole("link", { name: "Download every route (CSV)" }).getAttribute("href"),
    ).resolves.toBe("/api/v1/asns/AS65548/routes?format=csv&state=not-found");
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "provider-roa.png"), fullPage: true });

    // To its organisation: pooled share, its networks each linking to their page.
    await page.getByRole("link", { name: "Internet Horizonte S.A.S." }).click();
    await page.getByRole("heading", { level: 1, name: "Internet Horizonte S.A.S." }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe("/org/lacnic:900016");
    const members = page.getByRole("table", { name: "Networks of the organisation" });
    expect(await members.locator("tbody tr").count()).toBe(4);
    await page.getByRole("table", { name: "ROA coverage per address family" }).waitFor();
    await page.getByRole("heading", { name: "Readiness ladder" }).waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "organisation.png"), fullPage: true });
    await members.getByRole("link", { name: /AS65549/ }).click();
    await page.getByRole("heading", { level: 1, name: /AS65549/ }).waitFor();

    // Back through the history: organisation, the first network, the region page.
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Internet Horizonte S.A.S." }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: /AS65548/ }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "LACNIC region" }).waitFor();

    // An economy by name, Enter pressed before the answer is in: the economy's own page.
    await box.fill("bolivia");
    await box.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Bolivia" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/country/BO");
    // Its old address, an anchor on the region page, leads there too.
    await page.goto(`${app.url}#country-BO`);
    await page.getByRole("heading", { level: 1, name: "Bolivia" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/country/BO");

    // Escape closes the list, then empties the box; a click on a result opens it.
    await box.fill("horizonte");
    await list.getByRole("option").first().waitFor();
    await box.press("Escape");
    await expect(box.getAttribute("aria-expanded")).resolves.toBe("false");
    await box.press("Escape");
    await expect(box.inputValue()).resolves.toBe("");
    await box.fill("zzzz-nothing");
    await page.getByText("No network, organisation or economy matches.").waitFor();
    await box.fill("internet horizonte");
    await list.getByRole("option", { name: /Organisation.*Internet Horizonte S\.A\.S\./ }).click();
    await page.getByRole("heading", { level: 1, name: "Internet Horizonte S.A.S." }).waitFor();

    // The Jim Bound board's organisation rows link to the organisation pages.
    await page.getByRole("link", { name: "Jim Bound board" }).click();
    const orgs = page.getByRole("table", { name: "Jim Bound eligibility per organisation" });
    await orgs.waitFor();
    const orgLink = orgs.locator("tbody tr a").first();
    const orgName = (await orgLink.textContent()) as string;
    await orgLink.click();
    await page.getByRole("heading", { level: 1, name: orgName }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/org\/lacnic:\d+$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lists a network's ROAs about to expire among the fixes, one line each", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(new URL("/as/64506", app.url).href);
    const fixes = page.getByRole("list", { name: "What to fix next" });
    await fixes.waitFor();
    // Too specific in both families first, then the ROA the demo's list says expires in 9 days.
    const steps = fixes.locator(":scope > li");
    expect(await steps.count()).toBe(3);
    await expect(steps.nth(2).locator("strong").textContent()).resolves.toBe(
      "IPv4, ROAs expiring within 14 days (1)",
    );
    await expect(steps.nth(2).locator(".expiring-roas li").textContent()).resolves.toMatch(
      /^ROA for 10\.8\.128\.0\/20 \(max length 20\) expires on Nov \d+, 2026, .+: renew it\.$/,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "provider-roa-expiring.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows an error state with a retry when the API fails", async () => {
    const page = await browser.newPage();
    await page.route("**/api/v1/countries", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "UNAVAILABLE", message: "database unavailable", requestId: "r-1" },
        }),
      }),
    );
    await page.goto(app.url);
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 20_000 });
    await expect(alert.textContent()).resolves.toContain("database unavailable");
    await page.unroute("**/api/v1/countries");
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("table", { name: "Registry figures per economy" }).waitFor();
    await page.close();
  });

  it("serves the API reference page", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}api/docs`);
    await page.getByText("/api/v1/countries/{cc}").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "api-docs.png") });
    await page.close();
  });
});
