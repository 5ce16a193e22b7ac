/**
 * An IPv6 Challenge entry from registration to release, in headless Chromium against the real
 * server (startServer, the built dashboard, an embedded database with the demo dataset):
 * invitations opened from their links, an admin creating an ISP account and a cycle in the
 * admin page, the ISP registering, checking its services over IPv6 against local DNS and web
 * servers and uploading its report, two committee members scoring (scores hidden until one's
 * own is in), the chair marking the winner and releasing, and the public results page.
 * "Time passes" by moving the cycle's calendar back in the database.
 */

import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { acceptInvitation, createUser } from "@atalaya/accounts";
import { type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import { challengeCycles, type Database, openDatabase } from "@atalaya/db";
import { DEMO_MEASUREMENT_END, loadDemo } from "@atalaya/demo";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, signInOnPage } from "../helpers/browser";
import { ORG_AR, PASSWORD, shiftCycle } from "../helpers/committee";
import { type LocalDns, startLocalDns } from "../helpers/dns-server";
import { tempDir, testContext } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");

describe.skipIf(!executable)("IPv6 Challenge in Chromium, registration to release", () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;
  let dns: LocalDns;
  let web: http.Server;
  let webPort: number;
  const problems: string[] = [];
  let ispInvitation = "";

  async function newPage(context?: BrowserContext): Promise<Page> {
    const page = await (
      context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }))
    ).newPage();
    page.on("console", (m) => m.type() === "error" && problems.push(`${page.url()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
    return page;
  }

  async function signIn(email: string): Promise<Page> {
    const page = await newPage();
    await signInOnPage(page, server.url, email, PASSWORD);
    return page;
  }

  const local = (d: Date) =>
    new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (webBuildIsStale()) buildWeb(silentLogger);
    dns = await startLocalDns();
    web = http.createServer((_req, res) => res.end("<h1>Hola, IPv6</h1>"));
    await new Promise<void>((r) => web.listen({ host: "::", port: 0, ipv6Only: false }, r));
    webPort = (web.address() as AddressInfo).port;
    dns.records.set("www.isp-ar.example", { A: ["127.0.0.1"], AAAA: ["::1"] });
    database = await openDatabase({});
    await database.migrate();
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    server = await startServer({
      database,
      log: silentLogger,
      host: "127.0.0.1",
      port: 0,
      webDist: WEB_DIST,
      checkSettings: {
        resolvers: [`127.0.0.1:${dns.port}`],
        timeoutMs: 2000,
        ports: { http: webPort, https: webPort, smtp: 25, dns: dns.port },
      },
    });
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
    await dns?.close();
    await new Promise((r) => web?.close(r));
  });

  it("lets the first admin set a password from the invitation and create an ISP account and a cycle", async () => {
    const { invitationToken } = await createUser(
      database,
      { email: "admin@atalaya.example", role: "admin" },
      null,
    );
    const page = await newPage();
    await page.goto(`${server.url}sign-in/invitation#token=${invitationToken}`);
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByLabel("The same again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page
      .getByRole("heading", { name: "Administration" })
      .waitFor({ timeout: 5000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(ARTIFACTS, "debug.png"), fullPage: true });
        console.log(problems);
        throw e;
      });

    await page.getByLabel("E-mail", { exact: true }).fill("noc@isp-ar.example");
    await page.getByLabel("Organisations (registry:holder, comma-separated)").fill(ORG_AR);
    await page.getByRole("button", { name: "Create the account" }).click();
    const link = page.getByLabel("Invitation link");
    await link.waitFor();
    ispInvitation = await link.inputValue();
    expect(ispInvitation).toMatch(/\/sign-in\/invitation#token=/);
    await page.getByRole("rowheader", { name: /noc@isp-ar.example/ }).waitFor();

    const now = Date.now();
    const at = (days: number) => local(new Date(now + days * 86_400_000));
    const challengeForm = page.getByRole("form", { name: "New IPv6 Challenge cycle" });
    await challengeForm.getByLabel("Name", { exact: true }).fill("IPv6 Challenge 2027");
    await page.getByLabel("Registration opens").fill(at(-1));
    await page.getByLabel("Registration closes").fill(at(1));
    await page.getByLabel("Deployment window starts").fill(at(2));
    await page.getByLabel("Report deadline").fill(at(31));
    await page.getByLabel("Review ends").fill(at(45));
    await page.getByLabel("Results released on").fill(at(50));
    await page.getByRole("button", { name: "Create the cycle" }).click();
    await page.getByText("Created IPv6 Challenge 2027.").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "challenge-admin.png"), fullPage: true });

    // A Jim Bound award cycle decided by Atalaya's own beacon, and its board saying so.
    const awardForm = page.getByRole("form", { name: "New Jim Bound award cycle" });
    await awardForm.getByLabel("Name", { exact: true }).fill("Jim Bound by the beacon");
    await awardForm.getByLabel("Evaluation date (last day of the window)").fill(DEMO_MEASUREMENT_END);
    await awardForm.getByLabel("Samples needed").fill("100");
    await awardForm
      .getByRole("combobox", { name: /^Deciding source/ })
      .selectOption({ label: "Atalaya's beacon" });
    await awardForm.getByRole("button", { name: "Create the award cycle" }).click();
    await page.getByText("Created Jim Bound by the beacon.").waitFor();
    await page.goto(`${server.url}jim-bound`);
    await page.getByLabel("Award cycle").selectOption({ label: "Jim Bound by the beacon" });
    await page.getByText(/IPv6-preferred share from Atalaya's beacon, pooled over/).waitFor();
    await page.context().close();
  });

  it("lets the ISP register, check its services over IPv6 and upload its report", async () => {
    const page = await newPage();
    await page.goto(ispInvitation);
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByLabel("The same again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.getByRole("heading", { name: "Register for IPv6 Challenge 2027" }).waitFor();
    await page.getByLabel("Networks (AS numbers held by the organisation)").fill("64496, 64497");
    await page.getByLabel("Name", { exact: true }).fill("Ana Pérez");
    await page.getByLabel("E-mail", { exact: true }).fill("ana@isp-ar.example");
    await page.getByLabel("Service 1 host").fill(`http://www.isp-ar.example:${webPort}/`);
    await page.getByRole("button", { name: "Register the entry" }).click();
    await page.getByText("AS64496, AS64497").waitFor();

    await page.getByRole("button", { name: "Check my services now" }).click();
    await page.getByText(/4 of 4 passed/).waitFor();
    expect(await page.locator(".outcome-pass").count()).toBe(4);

    await page.getByLabel(/Final report/).setInputFiles({
      name: "final-report.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Our IPv6 month\n\nWeb site over IPv6 from day one.\n"),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("link", { name: "final-report.md" }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "challenge-my-entry.png"), fullPage: true });

    // After the deadline the upload is closed, and the page says so.
    const [cycle] = await database.db.select().from(challengeCycles);
    await shiftCycle(database, cycle?.id as number, 32);
    await page.reload();
    await page.getByText(/has passed; uploads are closed/).waitFor();
    await page.context().close();
  });

  it("keeps colleagues' scores hidden until one scores, and lets the chair mark and release", async () => {
    for (const [email, isChair, country] of [
      ["chair@flip6.example", true, "UY"],
      ["member@flip6.example", false, "BR"],
    ] as const) {
      const { invitationToken } = await createUser(
        database,
        { email, role: "committee", isChair, country },
        null,
      );
      await acceptInvitation(database, invitationToken, PASSWORD);
    }
    const score = async (page: Page, values: number[]) => {
      const labels = [
        "Originality",
        "Value of the experience",
        "General applicability",
        "Replicability",
        "Importance for development",
      ];
      for (const [i, label] of labels.entries())
        await page.getByRole("group", { name: label }).getByLabel(String(values[i]), { exact: true }).check();
      await page.getByRole("button", { name: "Submit my score" }).click();
      await page.getByRole("heading", { name: "Your score (you can still change it)" }).waitFor();
    };

    const chair = await signIn("chair@flip6.example");
    await chair.locator(".entry-list a").first().click();
    await chair.getByRole("heading", { name: "Your score" }).waitFor();
    await score(chair, [4, 5, 3, 4, 5]);

    const member = await signIn("member@flip6.example");
    await member.locator(".entry-list a").first().click();
    await member.getByText(/1 score submitted\. It stays hidden until you submit your own/).waitFor();
    await member.screenshot({ path: path.join(ARTIFACTS, "challenge-review-hidden.png"), fullPage: true });
    await score(member, [2, 5, 3, 4, 5]);
    await member.getByRole("rowheader", { name: /chair@flip6.example/ }).waitFor();
    await member.getByLabel("Add to the discussion").fill("Solid web deployment; no mail yet.");
    await member.getByRole("button", { name: "Post" }).click();
    await member.getByText("Solid web deployment; no mail yet.").waitFor();

    await chair.goto(`${server.url}committee`);
    const outcome = chair.getByLabel(/^Outcome of /);
    await outcome.selectOption("winner");
    // The outcome is saved by its own request: let it land before the release is tried.
    await chair.waitForLoadState("networkidle");
    await chair.getByRole("button", { name: /^Release the results of/ }).click();
    await chair
      .getByRole("alert")
      .filter({ hasText: "cannot be released before its release date" })
      .waitFor();
    expect(await outcome.inputValue()).toBe("winner");
    await chair.screenshot({ path: path.join(ARTIFACTS, "challenge-chair.png"), fullPage: true });

    // Before release the public results page does not know the cycle.
    const visitor = await newPage();
    await visitor.goto(`${server.url}results`);
    await visitor.getByText("No Challenge results released yet.").waitFor();

    const [cycle] = await database.db.select().from(challengeCycles);
    await shiftCycle(database, cycle?.id as number, 20);
    await chair.reload();
    await chair.getByRole("button", { name: /^Release the results of/ }).click();
    await chair.getByText("Results released").first().waitFor();

    await visitor.reload();
    await visitor.getByRole("link", { name: "IPv6 Challenge 2027" }).click();
    const row = visitor.getByRole("row").filter({ hasText: "Winner" });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/20.*2.*4 \/ 4/);
    await visitor.screenshot({ path: path.join(ARTIFACTS, "challenge-results.png"), fullPage: true });
    expect(problems.filter((p) => !p.includes("409"))).toEqual([]);
  });

  it("lets the chair open a board row's evidence and nominate it, and the nomination reach the workspace", async () => {
    const chair = await signIn("chair@flip6.example");
    await chair.getByRole("link", { name: "Jim Bound board" }).click();
    await chair.getByLabel("Award cycle").selectOption({ label: "Demo 2026" });
    await chair.getByLabel("State").selectOption("eligible");
    // The filtered rows replace the others once their request answers: click one of those.
    await chair.waitForLoadState("networkidle");
    const first = chair.getByRole("button", { name: "Evidence" }).first();
    await first.click();
    await chair.locator('button[aria-expanded="true"]', { hasText: "Evidence" }).first().waitFor();
    const drawer = chair.locator(".evidence-drawer");
    await drawer.getByText(/pooled over 2026-10-02 – 2026-10-31/).waitFor();
    await drawer.getByText("method jim-bound/2", { exact: false }).waitFor();
    await chair.screenshot({ path: path.join(ARTIFACTS, "board-evidence.png"), fullPage: true });
    await drawer.getByRole("button", { name: "Nominate for the award" }).click();
    await drawer.getByText("Nominated: see the committee workspace").waitFor();
    await chair.getByRole("link", { name: "Committee" }).click();
    // The workspace opens on the newest cycle (the beacon's, made above): the chair picks the demo's.
    const cycles = chair.getByRole("combobox", { name: /^Award cycle/ });
    await cycles.selectOption(
      (await cycles.locator("option", { hasText: "Demo 2026" }).getAttribute("value")) as string,
    );
    await chair.locator(".nomination").first().waitFor();
    await expect(chair.locator(".nomination").first().textContent()).resolves.toMatch(/network \d+\) — open/);
    expect(problems.filter((p) => !p.includes("409"))).toEqual([]);
  });
});
