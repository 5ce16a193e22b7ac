/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH) driven by
 * playwright-core. Where no browser is installed the tests skip with a message naming it; CI sets
 * ATALAYA_REQUIRE_BROWSER=1, which makes a missing browser a failure.
 */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (p): p is string => Boolean(p),
);

export function chromiumPath(): string | null {
  const found = CANDIDATES.find((p) => existsSync(p)) ?? null;
  if (!found) {
    if (process.env.ATALAYA_REQUIRE_BROWSER === "1") {
      throw new Error(`no Chromium at ${CANDIDATES.join(" or ")} (ATALAYA_REQUIRE_BROWSER=1)`);
    }
    console.warn(
      `skipping browser tests: no Chromium at ${CANDIDATES.join(" or ")} (apt-get install chromium)`,
    );
  }
  return found;
}

/** `extraArgs`: flags a test adds (`--host-resolver-rules=…`). */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    // Flags that keep Chromium from reaching for Google's services on a closed network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** Signs in on the dashboard's sign-in page, as a person would, and waits for the signed-in header. */
export async function signInOnPage(page: Page, serverUrl: string, email: string, password: string) {
  await page.goto(`${serverUrl}sign-in`);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Console errors and uncaught exceptions of `page`, collected for a test to expect none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

/** The width of the phone the layout tests use, in CSS pixels. */
export const PHONE_WIDTH = 360;

/** A 360×740 phone (meta viewport honoured, touch, 2× pixels) in `locale`. */
export function phoneContext(browser: Browser, locale: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: PHONE_WIDTH, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
  });
}
