/**
 * Every dashboard route on a phone: a 360×740 mobile viewport (meta viewport honoured, touch, 2×
 * pixels), signed out and signed in as each role, over a database with released Challenge and
 * Jim Bound results so that every page has content. No route may scroll sideways: the document's
 * scrollWidth is compared with the device width, not innerWidth, since a phone zooms out to fit
 * wide content and innerWidth grows with it. Wide tables scroll inside their own box instead, and
 * the header's links and language select stay on screen. Screenshots: tests/artifacts/phone-*.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, PHONE_WIDTH, phoneContext, signInOnPage } from "../helpers/browser";
import {
  type Client,
  type Harness,
  ORG_AR,
  ORG_BO,
  openCalendar,
  openHarness,
  PASSWORD,
  shiftCycle,
} from "../helpers/committee";
import { targets } from "../helpers/databases";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");
const WIDTH = PHONE_WIDTH;

// Visitors in Spanish and Portuguese too: their words are longer, in the header above all.
type Visitor = "visitor" | "visitor-es" | "visitor-pt";
type Role = Visitor | "admin" | "chair" | "isp";
const LOCALES: Record<Visitor, string> = { visitor: "en-US", "visitor-es": "es-AR", "visitor-pt": "pt-BR" };
const ACCOUNTS: Record<Exclude<Role, Visitor>, string> = {
  admin: "admin@phone.example",
  chair: "chair@phone.example",
  isp: "noc@phone.example",
};

const SCORES = { originality: 4, experience: 5, applicability: 3, replicability: 4, development: 5 };

describe.skipIf(!executable)("every route on a 360 px phone", () => {
  let h: Harness;
  let server: RunningServer;
  let browser: Browser;
  const contexts = new Map<Role, BrowserContext>();
  let releasedCycle = 0;
  let openEntry = 0;
  const problems: string[] = [];

  /** Challenge results released, a second cycle open with an entry, Jim Bound results released. */
  async function seed() {
    const admin = await h.addUser({ email: ACCOUNTS.admin, role: "admin" });
    const isp = await h.addUser({ email: ACCOUNTS.isp, role: "isp", organisations: [ORG_AR] });
    const chair = await h.addUser({ email: ACCOUNTS.chair, role: "committee", isChair: true, country: "UY" });
    const ok = async (promise: Promise<{ status: number; body: unknown }>, status = 200) => {
      const res = await promise;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body as { data: { id: number } };
    };
    const cycle = (name: string) =>
      ok(admin.json("POST", "/api/v1/admin/challenge-cycles", openCalendar(name)), 201);
    const register = (cycleId: number) =>
      ok(
        isp.json("POST", "/api/v1/challenge/entries", {
          cycleId,
          organisationId: ORG_AR,
          asns: [64496, 64497],
          contacts: [{ name: "Ana Pérez", email: "ana@isp-ar.example" }],
          services: [
            { kind: "web", host: "https://www.isp-ar.example/a/rather/long/path/to/the/home-page" },
            { kind: "mail", host: "isp-ar.example" },
          ],
        }),
        201,
      );
    releasedCycle = (await cycle("IPv6 Challenge 2026")).data.id;
    const released = (await register(releasedCycle)).data.id;
    await shiftCycle(h.database, releasedCycle, 35); // past the window and the report deadline
    await ok(chair.json("PUT", `/api/v1/review/entries/${released}/score`, { ...SCORES, comments: {} }));
    await ok(chair.json("PUT", `/api/v1/review/entries/${released}/outcome`, { outcome: "winner" }));
    await shiftCycle(h.database, releasedCycle, 20);
    await ok(chair.json("POST", `/api/v1/challenge/cycles/${releasedCycle}/release`));
    openEntry = (await register((await cycle("IPv6 Challenge 2027")).data.id)).data.id;

    const nomination = await ok(
      chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/nominations", {
        kind: "organisation",
        id: ORG_BO,
      }),
      201,
    );
    await ok(
      chair.json("POST", `/api/v1/committee/jim-bound/nominations/${nomination.data.id}/decision`, {
        outcome: "awarded",
        note: "above the line on every source",
      }),
    );
    await ok(chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release"));
    return { admin, isp, chair } satisfies Record<string, Client>;
  }

  async function contextFor(role: Role): Promise<BrowserContext> {
    const existing = contexts.get(role);
    if (existing) return existing;
    const context = await phoneContext(browser, role in LOCALES ? LOCALES[role as Visitor] : "en-US");
    contexts.set(role, context);
    if (!(role in LOCALES)) {
      const page = await context.newPage();
      await signInOnPage(page, server.url, ACCOUNTS[role as keyof typeof ACCOUNTS], PASSWORD);
      await page.close();
    }
    return context;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    h = await openHarness(targets[0] as (typeof targets)[number]);
    await seed();
    server = await startServer({
      database: h.database,
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
    await h?.dispose();
  });

  /** What sticks out past the device width: the outermost such elements, for the failure message. */
  const overflowing = (page: Page) =>
    page.evaluate((width) => {
      const out: string[] = [];
      const clipped = (el: Element) => {
        for (let a = el.parentElement; a; a = a.parentElement)
          if (getComputedStyle(a).overflowX !== "visible" && a.getBoundingClientRect().right <= width + 0.5)
            return true;
        return false;
      };
      for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (clipped(el)) continue;
        const parent = el.parentElement?.getBoundingClientRect();
        if (box.right > width + 0.5 && (!parent || parent.right <= width + 0.5))
          out.push(
            `${el.closest("[class]:not(div:not([class]))")?.className ?? ""} ${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`,
          );
      }
      return out.slice(0, 8);
    }, WIDTH);

  const ROUTES: Array<[string, Role, () => string]> = [
    ["region", "visitor", () => "/"],
    ["jim-bound", "visitor", () => "/jim-bound"],
    ["country", "visitor", () => "/country/AR"],
    ["provider", "visitor", () => "/as/64496"],
    ["organisation", "visitor", () => "/org/lacnic:900001"],
    ["results", "visitor", () => "/results"],
    ["method", "visitor", () => "/method"],
    ["results-challenge", "visitor", () => `/results/challenge/${releasedCycle}`],
    ["results-jim-bound", "visitor", () => "/results/jim-bound/1"],
    ["sign-in", "visitor", () => "/sign-in"],
    ["invitation", "visitor", () => "/sign-in/invitation"],
    ["api-docs", "visitor", () => "/api/docs"],
    ["admin", "admin", () => "/admin"],
    ["committee", "chair", () => "/committee"],
    ["committee-entry", "chair", () => `/committee/entries/${openEntry}`],
    ["jim-bound-chair", "chair", () => "/jim-bound"],
    ["my-entry", "isp", () => "/my-entry"],
    ["my-disputes", "isp", () => "/my-disputes"],
    ["my-networks", "isp", () => "/my-networks"],
    ["provider-isp", "isp", () => "/as/64497"],
    ["region-es", "visitor-es", () => "/"],
    ["country-es", "visitor-es", () => "/country/BR"],
    ["jim-bound-pt", "visitor-pt", () => "/jim-bound"],
    ["method-es", "visitor-es", () => "/method"],
    ["provider-pt", "visitor-pt", () => "/as/64496"],
    ["results-challenge-pt", "visitor-pt", () => `/results/challenge/${releasedCycle}`],
  ];

  it.each(ROUTES)("%s fits 360 px without sideways scrolling", async (name, role, url) => {
    const page = await (await contextFor(role)).newPage();
    page.on("pageerror", (e) => problems.push(`${name}: ${e.message}`));
    await page.goto(`${server.url}${url().slice(1)}`);
    await page.locator("h1").first().waitFor();
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => document.querySelector("main .spinner") === null);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // The first few screens: enough to judge the page, small enough to look at.
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), 2200);
    await page.screenshot({
      path: path.join(ARTIFACTS, `phone-${name}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: Math.max(width, WIDTH), height },
    });
    expect(width, `${name} is ${width} px wide: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(
      WIDTH,
    );
    // The header's controls (links, sign-out, language, search) are on screen, not cut off.
    const header = await page
      .locator("header a, header button, header select, header input")
      .evaluateAll((els) =>
        els.map((el) => [el.textContent || el.tagName, el.getBoundingClientRect().right] as const),
      );
    for (const [label, right] of header) expect(right, `${name}: ${label}`).toBeLessThanOrEqual(WIDTH);
    await page.close();
  });

  it("keeps a wide table scrolling inside its own box, and raised no page errors", async () => {
    const page = await (await contextFor("visitor")).newPage();
    await page.goto(`${server.url}jim-bound`);
    const table = page.getByRole("table", { name: "Jim Bound eligibility per network" });
    await table.waitFor();
    const box = await table.evaluate((el) => {
      const scroller = el.closest(".table-scroll") as HTMLElement | null;
      return {
        table: el.scrollWidth,
        box: scroller?.clientWidth ?? null,
        overflow: scroller && getComputedStyle(scroller).overflowX,
      };
    });
    expect(box.box).not.toBeNull();
    expect(box.box as number).toBeLessThanOrEqual(WIDTH);
    expect(box.overflow).toBe("auto");
    await page.close();
    expect(problems).toEqual([]);
  });
});
