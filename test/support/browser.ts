import fs from "node:fs";
import fs2 from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (installed by .ci/run with apt-get), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where browser tests save their screenshots (kept as test artefacts, git-ignored). */
export const ARTIFACTS_DIR = path.resolve(process.cwd(), "test-results");

/**
 * Launch headless Chromium the way this offline machine needs: no sandbox (root),
 * no GPU, and none of the background networking that would try to reach the internet.
 * Playwright gives it a fresh temporary profile.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Save a screenshot under test-results/ and return its path. */
export async function saveScreenshot(page: { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> }, name: string): Promise<string> {
  await fs2.mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A new browser context with the web page open and signed in with `apiKey`; page errors are collected (they must stay empty). */
export async function signedInPage(
  browser: Browser,
  url: string,
  apiKey: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByTestId("api-key-input").fill(apiKey);
  await page.getByTestId("sign-in").click();
  await page.getByTestId("user-email").waitFor();
  return { context, page, errors };
}
