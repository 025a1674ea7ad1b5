import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelDocumentDocument, UploadDocumentDocument } from "../../src/client/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { launchBrowser, saveScreenshot } from "../support/browser.js";
import { invoicePdf } from "../support/fixtures.js";

/*
 * The offline GraphQL playground (web/src/playground, built into dist/web by `npm run build:web`,
 * which `npm test` runs first): served at GET /graphql to browsers, loading nothing from another origin,
 * with the API key from its bar applied to HTTP requests and to graphql-ws subscriptions.
 */

/** GraphiQL's query editor (CodeMirror 5), as an expression evaluated in the page. */
const QUERY_EDITOR = `document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror`;

/** Replace the query editor's contents, and wait until GraphiQL has parsed them (it debounces that by 100 ms). */
async function setQuery(page: Page, query: string, operationName: string): Promise<void> {
  await page.evaluate(`${QUERY_EDITOR}.setValue(${JSON.stringify(query)})`);
  // Polled with evaluate: waitForFunction compiles its string with new Function, which the page's CSP forbids.
  await expect.poll(() => page.evaluate(`${QUERY_EDITOR}.operationName`)).toBe(operationName);
}

const BUILT_PLAYGROUND = path.resolve(process.cwd(), "dist/web/playground.html");

describe("GraphQL playground in a browser", () => {
  let h: ApiHarness;
  let user: ApiUser;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_PLAYGROUND)) throw new Error(`${BUILT_PLAYGROUND} is missing: run \`npm run build:web\` first.`);
    h = await startApiHarness({ withWorker: false });
    user = await h.createUser();
    ({ browser, close: closeBrowser } = await launchBrowser());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await h?.close();
  });

  it("serves the playground page to browsers without breaking the API", async () => {
    const page = await fetch(`${h.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="playground"');
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/playground-[^"]+\.js"/);
    // Every script and stylesheet the page names is served from this origin.
    for (const [, asset] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(asset!.startsWith("/assets/"), asset).toBe(true);
      const res = await fetch(`${h.url}${asset}`);
      expect(res.status, asset).toBe(200);
    }

    const api = await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.apiKey}` },
      body: JSON.stringify({ query: "query Me { me { email } }" }),
    });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ data: { me: { email: user.email } } });
  });

  it("runs a query and a subscription with the key from its bar, loading nothing from elsewhere", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page: Page = await context.newPage();
    const requested: string[] = [];
    const failed: string[] = [];
    const pageErrors: string[] = [];
    const authorizations: (string | undefined)[] = [];
    const wsSent: string[] = [];
    page.on("request", (request) => {
      requested.push(request.url());
      if (request.method() === "POST" && request.url() === `${h.url}/graphql`) authorizations.push(request.headers()["authorization"]);
    });
    page.on("requestfailed", (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("websocket", (ws) => {
      requested.push(ws.url());
      ws.on("framesent", (frame) => wsSent.push(String(frame.payload)));
    });

    try {
      // A navigation: Chromium asks for text/html, so /graphql answers with the playground.
      const response = await page.goto(`${h.url}/graphql`, { waitUntil: "load" });
      expect(response?.status()).toBe(200);
      await page.locator(".graphiql-container").waitFor();
      await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
      expect(await page.locator(".graphiql-query-editor").textContent()).toContain("query Me");

      // The key: kept in sessionStorage, sent as Authorization: Bearer.
      await page.getByTestId("playground-api-key").fill(user.apiKey);
      await page.getByTestId("playground-use-key").click();
      await page.getByTestId("playground-key-status").getByText("Key in use").waitFor();
      expect(await page.evaluate(`sessionStorage.getItem("folio.playground.apiKey")`)).toBe(user.apiKey);

      await page.locator(".graphiql-execute-button").click();
      await page.locator(".graphiql-response").getByText(user.email).waitFor({ timeout: 10_000 });
      expect(await page.locator(".graphiql-response").textContent()).toContain('"isAdmin": false');
      expect(authorizations).toContain(`Bearer ${user.apiKey}`);

      // The docs explorer works from the schema introspected through the same fetcher.
      await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
      const explorer = page.locator(".graphiql-doc-explorer");
      await explorer.locator(".graphiql-doc-explorer-root-type", { hasText: "Query" }).waitFor({ timeout: 10_000 });
      await explorer.getByRole("link", { name: "Query", exact: true }).first().click();
      await explorer.locator(".graphiql-doc-explorer-field-name", { hasText: /^me$/ }).waitFor();

      // A subscription over graphql-ws with the key in connectionParams: an unknown document
      // is NOT_FOUND (a bad or missing key would close the socket with 4401 instead).
      await setQuery(page, 'subscription Progress {\n  documentProgress(id: "00000000-0000-4000-8000-000000000000") { seq type }\n}\n', "Progress");
      await page.locator(".graphiql-execute-button").click();
      await page.locator(".graphiql-response").getByText("NOT_FOUND").waitFor({ timeout: 10_000 });
      const init = wsSent.map((payload) => JSON.parse(payload) as { type: string; payload?: Record<string, unknown> }).find((m) => m.type === "connection_init");
      expect(init?.payload).toEqual({ authorization: `Bearer ${user.apiKey}` });

      // Back to the first query for the screenshot.
      await setQuery(page, "query Me {\n  me {\n    email\n    isAdmin\n  }\n}\n", "Me");
      await page.locator(".graphiql-execute-button").click();
      await page.locator(".graphiql-response").getByText(user.email).waitFor({ timeout: 10_000 });
      await saveScreenshot(page, "playground");

      const sameOrigin = (url: string) => url.startsWith(`${h.url}/`) || url.startsWith("ws://127.0.0.1:") || url.startsWith("data:");
      expect(requested.filter((url) => !sameOrigin(url))).toEqual([]);
      expect(requested.some((url) => url.startsWith("ws://127.0.0.1:"))).toBe(true);
      expect(failed).toEqual([]);
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, "playground-failure").catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  });
  it("keeps a subscription's earlier results, and shows a rejected key's code and message instead of a stack", async () => {
    // A document with two events and a terminal one: queued, then cancelled (no worker runs here).
    const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: await invoicePdf("8101"), filename: "history.pdf" } });
    const id = uploadDocument.document.id;
    await user.client.request(CancelDocumentDocument, { id });

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page: Page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${h.url}/graphql`, { waitUntil: "load" });
      await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
      await page.getByTestId("playground-api-key").fill(user.apiKey);
      await page.getByTestId("playground-use-key").click();
      await page.getByTestId("playground-key-status").getByText("Key in use").waitFor();

      await setQuery(page, `subscription Progress {\n  documentProgress(id: "${id}", afterSeq: 0) { seq type }\n}\n`, "Progress");
      await page.locator(".graphiql-execute-button").click();
      const response = page.locator(".graphiql-response");
      await response.getByText('"document.cancelled"').waitFor({ timeout: 10_000 });
      // The latest result on top, the earlier one kept beside it.
      await response.getByText('"document.queued"').waitFor();
      const shown = (await response.textContent()) ?? "";
      expect(shown).toContain('"received": 2');
      expect(shown).toContain('"previous"');
      await saveScreenshot(page, "playground-subscription-history");

      // A wrong key: the subscription's socket is closed with 4401; the pane says so, with the code.
      await page.getByTestId("playground-api-key").fill("folio_this_key_is_wrong");
      await page.getByTestId("playground-use-key").click();
      await page.locator(".graphiql-execute-button").click();
      await response.getByText('"UNAUTHENTICATED"').waitFor({ timeout: 10_000 });
      const rejected = (await response.textContent()) ?? "";
      expect(rejected).toContain("4401");
      expect(rejected).not.toMatch(/"stack"|\bat \S+ \(/);
      await saveScreenshot(page, "playground-rejected-key");
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, "playground-history-failure").catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  });
});
