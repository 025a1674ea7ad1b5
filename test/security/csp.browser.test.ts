import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { launchBrowser } from "../support/browser.js";

/**
 * Security issue, item 10: the bundled pages (dist/web, `npm run build:web`)
 * must work under the Content-Security-Policy the server sends. Chromium
 * reports every blocked script, style, connection or eval as a
 * `securitypolicyviolation` event; the pages must raise none and still work.
 */

let h: ApiHarness;
let user: ApiUser;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  if (!fs.existsSync(path.resolve(process.cwd(), "dist/web/index.html"))) throw new Error("dist/web is missing: run `npm run build:web` first.");
  h = await startApiHarness({ withWorker: false });
  user = await h.createUser();
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
});

/** Open a page that records CSP violations from its first script on. */
async function openRecording(url: string): Promise<{ page: Page; violations: () => Promise<string[]>; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A string, not a function: this project's TypeScript has no DOM types.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective + " " + e.blockedURI));
  `);
  const consoleViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleViolations.push(m.text());
  });
  await page.goto(url);
  return {
    page,
    violations: async () => [...((await page.evaluate("window.__csp")) as string[]), ...consoleViolations],
    close: () => context.close(),
  };
}

describe("the bundled pages under the server's CSP", () => {
  it("the web UI renders and signs in without a CSP violation", async () => {
    const { page, violations, close } = await openRecording(h.url);
    const response = await page.request.get(h.url);
    expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    await page.getByTestId("api-key-input").fill(user.apiKey);
    await page.getByTestId("sign-in").click();
    await page.getByText(user.email).first().waitFor();
    expect(await violations()).toEqual([]);
    await close();
  });

  it("the playground renders GraphiQL and runs a query without a CSP violation", async () => {
    const { page, violations, close } = await openRecording(`${h.url}/graphql`);
    await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
    const answer = await page.evaluate(async (key) => {
      const res = await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: "{ me { email } }" }) });
      return (await res.json()) as { data?: { me?: { email?: string } } };
    }, user.apiKey);
    expect(answer.data?.me?.email).toBe(user.email);
    expect(await violations()).toEqual([]);
    await close();
  });
});
