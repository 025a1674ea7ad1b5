import type { Socket } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { launchBrowser, saveScreenshot } from "../support/browser.js";
import { RECEIPT as RECEIPT_TRUTH, receiptJpeg, writeFixtures } from "../support/fixtures.js";

const STEPS = ["detect", "extract_text", "ocr", "classify", "extract_fields", "summarize", "searchable_pdf", "finalize"];

let h: ApiHarness;
let fixtures: Awaited<ReturnType<typeof writeFixtures>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;
/** WebSocket connections the browser opened to /graphql (server side), so the test can cut them. */
const upgraded = new Set<Socket>();

beforeAll(async () => {
  fixtures = await writeFixtures({ "receipt.jpg": receiptJpeg() });
  h = await startApiHarness();
  h.api.server.on("upgrade", (_req, socket: Socket) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
  });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
  await fixtures?.remove();
});

/** The subscribe messages the page sent over graphql-ws, in order. */
function watchSubscriptions(page: Page): { id: string; afterSeq: number }[] {
  const sent: { id: string; afterSeq: number }[] = [];
  page.on("websocket", (ws) => {
    ws.on("framesent", ({ payload }) => {
      if (typeof payload !== "string") return;
      const message = JSON.parse(payload) as { type: string; payload?: { variables?: { id?: string; afterSeq?: number } } };
      if (message.type === "subscribe" && message.payload?.variables?.id) {
        sent.push({ id: message.payload.variables.id, afterSeq: message.payload.variables.afterSeq ?? 0 });
      }
    });
  });
  return sent;
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();

describe("web UI in a real browser", () => {
  it("signs in, uploads a receipt with live steps (resuming after a cut connection), shows the result, lists and finds it", async () => {
    const user = await h.createUser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const subscriptions = watchSubscriptions(page);

    await page.goto(h.url);

    // A wrong key is refused with its error code; the right one shows the user's e-mail.
    await page.getByTestId("api-key-input").fill("folio_not_a_real_key");
    await page.getByTestId("sign-in").click();
    await page.getByTestId("sign-in-error").waitFor();
    expect(await text(page, '[data-testid="sign-in-error"]')).toContain("UNAUTHENTICATED");
    await page.getByTestId("api-key-input").fill(user.apiKey);
    await page.getByTestId("sign-in").click();
    await page.getByTestId("user-email").waitFor();
    expect(await text(page, '[data-testid="user-email"]')).toBe(user.email);
    // (Browser code as strings: the Node tsconfig has no DOM types.)
    expect(await page.evaluate<string[]>("Object.values({ ...sessionStorage })")).toContain(user.apiKey);

    // Upload through the file picker; the item follows documentProgress step by step.
    await page.getByTestId("file-input").setInputFiles(fixtures.path("receipt.jpg"));
    const item = page.getByTestId("upload-item").first();
    // Polled with evaluate: waitForFunction compiles its string with new Function, which the page's CSP forbids.
    await expect
      .poll(() => page.evaluate(`Number(document.querySelector('[data-testid="upload-item"]')?.getAttribute("data-last-seq") ?? 0)`), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    const documentId = (await item.getAttribute("data-document-id"))!;
    expect(documentId).toMatch(/\S/);

    // Cut the WebSocket mid-run: the UI must resubscribe from the last seq it saw, not from 0.
    const cutAtSeq = Number(await item.getAttribute("data-last-seq"));
    const cutMidRun = (await item.getAttribute("data-status")) !== "COMPLETED";
    expect(upgraded.size).toBeGreaterThan(0);
    for (const socket of upgraded) socket.destroy();

    await page.locator('[data-testid="step-detect"][data-status="succeeded"]').first().waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "web-ui-progress-live");
    await page.locator('[data-testid="upload-item"][data-status="COMPLETED"]').waitFor({ timeout: 45_000 });

    // Every step is shown with its final state; OCR ran, the JPEG has no text layer.
    const stepStatus: Record<string, string | null> = {};
    for (const step of STEPS) stepStatus[step] = await item.getByTestId(`step-${step}`).getAttribute("data-status");
    expect(stepStatus).toEqual({
      detect: "succeeded",
      extract_text: "skipped",
      ocr: "succeeded",
      classify: "succeeded",
      extract_fields: "succeeded",
      summarize: "succeeded",
      searchable_pdf: "succeeded",
      finalize: "succeeded",
    });
    expect(await item.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    expect(await item.getByTestId("step-ocr-message").textContent()).toMatch(/OCR|page/i);
    await saveScreenshot(page, "web-ui-progress");

    // The first subscription started at 0; the one after the cut resumed from the last seq seen.
    expect(cutMidRun).toBe(true); // OCR takes seconds: the cut comes right after the first event
    const mine = subscriptions.filter((s) => s.id === documentId);
    expect(mine[0]).toEqual({ id: documentId, afterSeq: 0 });
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine[1]!.afterSeq).toBeGreaterThanOrEqual(cutAtSeq);
    expect(mine[1]!.afterSeq).toBeGreaterThan(0);
    console.log(`web-ui: cut the socket at seq ${cutAtSeq}; subscriptions sent: ${JSON.stringify(mine.map((s) => s.afterSeq))}`);
    // Nothing was counted twice: the last seq equals the server's event count.
    const events = await h.pipeline.events(documentId);
    expect(Number(await item.getAttribute("data-last-seq"))).toBe(events.length);

    // The result view.
    await item.getByTestId("view-result").click();
    await page.locator(`[data-testid="result-view"][data-document-id="${documentId}"] [data-testid="result-status"][data-status="COMPLETED"]`).waitFor();
    expect(await text(page, '[data-testid="result-type"]')).toBe("receipt");
    expect(await text(page, '[data-testid="result-type-confidence"]')).toMatch(/\d+% confidence/);
    const total = await text(page, '[data-testid="result-field-total"] [data-testid="field-value"]');
    expect(total).toMatch(/^\d+\.\d{2}\b/);
    expect(Number.parseFloat(total)).toBeGreaterThan(0);
    expect(await text(page, '[data-testid="result-field-document_date"] [data-testid="field-value"]')).toBe("2018-12-25");
    expect(await text(page, '[data-testid="result-text"]')).toContain(RECEIPT_TRUTH.marker);
    expect(await text(page, '[data-testid="result-summary"]')).not.toBe("");
    for (const link of ["download-original", "download-text", "download-result", "download-searchable-pdf"]) {
      const href = (await page.getByTestId(link).getAttribute("href"))!;
      const response = await fetch(href);
      expect(response.status, link).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      // The scan's searchable PDF is offered beside the original, text and result.
      if (link === "download-searchable-pdf") expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    await saveScreenshot(page, "web-ui-result");

    // The documents list shows it (refreshed when the run ended); the status filter and the search find it.
    const row = page.locator(`[data-testid="documents-list"] [data-testid="document-row"][data-document-id="${documentId}"]`);
    await row.waitFor();
    await page.getByTestId("status-filter").selectOption("FAILED");
    await page.locator('[data-testid="documents-list"][data-loaded-for="FAILED|"]').waitFor({ state: "attached" });
    await row.waitFor({ state: "detached" });
    await page.getByTestId("status-filter").selectOption("COMPLETED");
    await row.waitFor();
    await page.getByTestId("search-input").fill(RECEIPT_TRUTH.marker);
    await page.locator(`[data-testid="documents-list"][data-loaded-for="COMPLETED|${RECEIPT_TRUTH.marker}"]`).waitFor({ state: "attached" });
    await row.waitFor();
    await page.getByTestId("search-input").fill("zebracorn");
    await page.locator('[data-testid="documents-list"][data-loaded-for="COMPLETED|zebracorn"]').waitFor({ state: "attached" });
    await page.getByTestId("documents-empty").waitFor();
    expect(await row.count()).toBe(0);
    await page.getByTestId("search-input").fill("");
    await page.getByTestId("status-filter").selectOption("");
    await row.click();
    await page.locator(`[data-testid="result-view"][data-document-id="${documentId}"]`).waitFor();

    // The key survives a reload of the tab; signing out forgets it.
    await page.reload();
    await page.getByTestId("user-email").waitFor();
    await page.getByTestId("sign-out").click();
    await page.getByTestId("api-key-input").waitFor();
    expect(await page.evaluate<number>("sessionStorage.length")).toBe(0);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
