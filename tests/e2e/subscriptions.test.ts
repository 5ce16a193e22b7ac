/**
 * Following a network by e-mail in headless Chromium, in Portuguese, against `atalaya start` as
 * a user runs it (on the embedded database, and on the server when DATABASE_URL is set) with
 * ATALAYA_SMTP_URL pointing at a local SMTP server: subscribing from the provider page, the
 * confirmation e-mail the serve process's sender delivers, its link confirming on the dashboard,
 * and the unsubscribe page stopping it. Then the admin page, on a server without e-mail
 * configured, says so with the count waiting. Screenshots: tests/artifacts/subscriptions-*.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { RunningServer } from "@atalaya/api";
import type { Database } from "@atalaya/db";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { chromiumPath, launchChromium, signInOnPage, watchProblems } from "../helpers/browser";
import { PASSWORD } from "../helpers/committee";
import { createServerDatabase, targets } from "../helpers/databases";
import { startDemoServer } from "../helpers/demo-server";
import { REPO_ROOT } from "../helpers/shared-data";
import { type LocalSmtpServer, startSmtpServer } from "../helpers/smtp-server";

const executable = chromiumPath();
const ARTIFACTS = path.join(REPO_ROOT, "tests/artifacts");

describe.skipIf(!executable).each(targets)(
  "following a network by e-mail in Portuguese, on $name",
  (target) => {
    let app: AppProcess;
    let browser: Browser;
    let smtp: LocalSmtpServer;
    let server: { url: string; drop(): Promise<void> } | null = null;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      smtp = await startSmtpServer();
      server = target.name === "postgres" ? await createServerDatabase() : null;
      app = await startAppProcess({
        ATALAYA_SMTP_URL: smtp.url,
        ATALAYA_MAIL_FROM: "Atalaya <alerts@atalaya.example>",
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      browser = await launchChromium(executable as string);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await smtp?.close();
      await server?.drop();
    });

    it("subscribes from the provider page, confirms from the e-mail's link, and unsubscribes", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${app.url}as/64496`);
      const form = page.getByRole("form", { name: "Acompanhar por e-mail" });
      await form.waitFor();
      await form.getByLabel("Endereço de e-mail").fill("noc@isp-ar.example");
      // Events, delivery and language sit under "Opções"; the language defaults to the page's.
      await form.getByText("Opções").click();
      expect(await form.getByLabel("Idioma dos e-mails").inputValue()).toBe("pt");
      await form.getByLabel("Envio").selectOption("weekly");
      await form.getByRole("button", { name: "Inscrever-me" }).click();
      await form
        .getByRole("status")
        .filter({ hasText: "o link de confirmação está a caminho de noc@isp-ar.example" })
        .waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `subscriptions-${target.name}-subscribed.png`) });

      // The serve process's sender delivers it (it passes every few seconds).
      await vi.waitFor(() => expect(smtp.messages).toHaveLength(1), { timeout: 30_000, interval: 200 });
      const [mail] = smtp.messages;
      expect(mail?.to).toEqual(["noc@isp-ar.example"]);
      expect(mail?.parsed.subject).toBe("Confirme seus alertas do Atalaya sobre AS64496");
      const text = mail?.parsed.text ?? "";
      const confirmLink = /(http:\/\/\S+\/subscriptions\/confirm#token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
      const unsubscribeLink = /(http:\/\/\S+\/subscriptions\/unsubscribe#token=[A-Za-z0-9_-]+)/.exec(
        text,
      )?.[1];
      expect(confirmLink?.startsWith(app.url)).toBe(true);
      expect(unsubscribeLink?.startsWith(app.url)).toBe(true);

      await page.goto(confirmLink as string);
      await page.getByRole("heading", { level: 1, name: "Confirme seus alertas" }).waitFor();
      await page.getByRole("button", { name: "Confirmar" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: "Inscrição confirmada: você receberá alertas sobre AS64496." })
        .waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `subscriptions-${target.name}-confirmed.png`) });

      await page.goto(unsubscribeLink as string);
      await page.getByRole("heading", { level: 1, name: "Parar estes alertas" }).waitFor();
      await page.getByRole("button", { name: "Cancelar inscrição" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: "Inscrição cancelada: nenhum alerta mais sobre AS64496." })
        .waitFor();
      expect(problems).toEqual([]);
      await context.close();

      // Nothing more was sent, and no token reached the server's log.
      expect(smtp.messages).toHaveLength(1);
      const token = new URL(confirmLink as string).hash.replace("#token=", "");
      expect(app.output()).not.toContain(token);
      expect(app.output()).not.toContain(smtp.password);
    });
  },
);

describe.skipIf(!executable)("the admin page without e-mail configured", () => {
  let database: Database;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ database, server } = await startDemoServer([{ email: "admin@atalaya.example", role: "admin" }]));
    browser = await launchChromium(executable as string);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it("says e-mail is not configured, with the messages waiting", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    // A subscription from the dashboard's own origin: accepted, its message kept unsent.
    const res = await fetch(`${server.url}api/v1/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(server.url).origin },
      body: JSON.stringify({ email: "noc@isp-ar.example", cc: "AR" }),
    });
    expect(res.status).toBe(202);
    await signInOnPage(page, server.url, "admin@atalaya.example", PASSWORD);
    await page.goto(`${server.url}admin`);
    const panel = page.getByRole("region", { name: "Outgoing e-mail" });
    await panel.getByText("E-mail not configured: set ATALAYA_SMTP_URL and ATALAYA_MAIL_FROM.").waitFor();
    await panel.getByText("1 message waiting to be sent.").waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS, "subscriptions-admin-not-configured.png"),
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
