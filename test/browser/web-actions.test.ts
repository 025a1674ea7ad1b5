import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { launchBrowser, saveScreenshot, signedInPage } from "../support/browser.js";
import { encryptedPdf, INVOICE, invoicePdf, scannedReceiptsPdf, writeFixtures } from "../support/fixtures.js";

/*
 * The web page lets you act and see (issue 14, item 4): delete, reprocess and cancel; a password for an
 * encrypted PDF; error codes in the list; a page preview with the fields drawn on it; the classification's
 * reasons; the open document in the URL; inline PDFs; a favicon; byte progress; a 390 px phone layout.
 */

const PASSWORD = "s3cret";
const FINISHED = [DocumentStatus.COMPLETED, DocumentStatus.FAILED, DocumentStatus.CANCELLED];

let h: ApiHarness;
let fixtures: Awaited<ReturnType<typeof writeFixtures>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  const noise = await sharp(Buffer.from(Array.from({ length: 900 * 900 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 900, height: 900, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
  fixtures = await writeFixtures({
    "invoice.pdf": invoicePdf("9101"),
    "locked.pdf": encryptedPdf(PASSWORD),
    "noise.jpg": noise,
  });
  h = await startApiHarness();
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
  await fixtures?.remove();
});

/** A signed-in page; page errors are collected and must stay empty. */
function signedIn(user: ApiUser, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  return signedInPage(browser, h.url, user.apiKey, viewport);
}

/** Upload through the API and wait for the end of the run. */
async function processed(user: ApiUser, bytes: Buffer, filename: string): Promise<string> {
  const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename } });
  await h.pipeline.waitForStatus(uploadDocument.document.id, FINISHED);
  return uploadDocument.document.id;
}

const result = (page: Page, id: string) => page.locator(`[data-testid="result-view"][data-document-id="${id}"]`);
const statusOf = (page: Page, id: string) => result(page, id).getByTestId("result-status").getAttribute("data-status");
/** Browser code as strings: the Node tsconfig has no DOM types; waitForFunction is refused by the page's CSP. */
const evaluate = <T,>(page: Page, code: string) => page.evaluate<T>(code);

/** Where a box lies on the preview image, in image pixels from its top-left corner. */
interface BoxOnImage {
  left: number;
  top: number;
  right: number;
  bottom: number;
  imageWidth: number;
  imageHeight: number;
}
/**
 * The box and the image measured in one script: selecting a field scrolls the preview smoothly, so two
 * separate measurements can straddle a scroll step and see the box hundreds of pixels off the image.
 */
const boxOnImage = (page: Page, testId: string) =>
  evaluate<BoxOnImage>(
    page,
    `(() => {
      const box = document.querySelector('[data-testid="${testId}"]').getBoundingClientRect();
      const image = document.querySelector('[data-testid="preview-image"]').getBoundingClientRect();
      return { left: box.left - image.left, top: box.top - image.top, right: box.right - image.left, bottom: box.bottom - image.top, imageWidth: image.width, imageHeight: image.height };
    })()`,
  );
/** The box lies over the image and has a width. */
function expectOverImage(box: BoxOnImage): void {
  expect(box.left).toBeGreaterThan(0);
  expect(box.top).toBeGreaterThan(0);
  expect(box.bottom).toBeLessThan(box.imageHeight);
  expect(box.right).toBeLessThan(box.imageWidth);
  expect(box.right - box.left).toBeGreaterThan(5);
}

describe("the web page: acting on documents and seeing their results", () => {
  it("previews the pages with the fields drawn from their boxes, locates a clicked field, explains the classification and keeps the document in the URL", async () => {
    const user = await h.createUser();
    const id = await processed(user, await invoicePdf("9102", 2), "Invoice 9102.pdf");
    const other = await processed(user, await invoicePdf("9103"), "Invoice 9103.pdf");
    const { context, page, errors } = await signedIn(user);

    // Open from the list: the URL names the document.
    await page.locator(`[data-testid="document-row"][data-document-id="${id}"]`).click();
    await result(page, id).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/documents/${id}`);
    expect(await statusOf(page, id)).toBe("COMPLETED");

    // The preview is the rendered page; the fields found on it are boxes over it.
    await expect.poll(() => evaluate<number>(page, `document.querySelector('[data-testid="preview-image"]')?.naturalWidth ?? 0`), { timeout: 20_000 }).toBeGreaterThan(800);
    expect(await page.getByTestId("page-preview").getByText("Page 1 of 2").count()).toBe(1);
    const total = page.getByTestId("box-total");
    await total.waitFor();
    expect(await total.getAttribute("data-selected")).toBe("false");

    // Clicking the field in the list highlights its box on the page, over the value's text.
    await page.getByTestId("result-field-total").getByTestId("field-select").click();
    expect(await total.getAttribute("data-selected")).toBe("true");
    expectOverImage(await boxOnImage(page, "box-total"));
    await total.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "web-preview-highlight");
    // …and clicking a box selects its field in the list.
    const invoiceNumber = page.getByTestId("box-invoice_number");
    if ((await invoiceNumber.count()) > 0) {
      await invoiceNumber.click();
      expect(await page.getByTestId("result-field-invoice_number").getByTestId("field-select").getAttribute("aria-pressed")).toBe("true");
    }
    // The line items as a table with their sum; clicking one draws its box on the page.
    const item = page.getByTestId("result-line-items").getByTestId("line-item");
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId("line-item-description").textContent()).toBe(INVOICE.item.description);
    expect(await item.getByTestId("line-item-amount").textContent()).toBe(`${INVOICE.item.amount.toFixed(2)} ${INVOICE.total.currency}`);
    expect(await page.getByTestId("line-items-check").getAttribute("data-passed")).toBe("true");
    await item.click();
    expect(await item.getAttribute("aria-selected")).toBe("true");
    const itemBox = page.getByTestId("box-line-item");
    await itemBox.waitFor();
    // Selecting scrolls the preview into view: the box lies over the page image where it is now.
    expectOverImage(await boxOnImage(page, "box-line-item"));
    await saveScreenshot(page, "web-line-items");
    // The best value first; other values are folded away.
    for (const folded of await page.getByTestId("field-alternatives").all()) expect(await folded.getAttribute("open")).toBeNull();
    // Page 2 renders too.
    await page.getByTestId("preview-next").click();
    await page.locator('[data-testid="page-preview"][data-page="2"]').waitFor();

    // The classification with its reasons and runners-up.
    const classification = page.getByTestId("classification");
    expect(await classification.textContent()).toMatch(/Invoice/);
    expect(await page.getByTestId("classification-reasons").locator("li").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("classification-runners-up").textContent()).toMatch(/Runners-up: .+\(score \d/);

    // The original opens inline in the browser's viewer, not as a download.
    const open = page.getByTestId("open-original");
    expect(await open.getAttribute("target")).toBe("_blank");
    const inline = await fetch((await open.getAttribute("href"))!);
    expect(inline.headers.get("content-type")).toBe("application/pdf");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline;/);

    // A favicon, served from this origin.
    const icon = (await page.locator('link[rel="icon"]').getAttribute("href"))!;
    expect((await fetch(new URL(icon, h.url))).status).toBe(200);

    // Reload keeps the document open; another document and the back button return to the first.
    await page.reload();
    await page.getByTestId("user-email").waitFor();
    await result(page, id).waitFor();
    await page.locator(`[data-testid="document-row"][data-document-id="${other}"]`).click();
    await result(page, other).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/documents/${other}`);
    await page.goBack();
    await result(page, id).waitFor();
    await page.getByTestId("close-result").click();
    await result(page, id).waitFor({ state: "detached" });
    expect(new URL(page.url()).hash).toBe("");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("reprocesses from a step, cancels a running document and deletes one (asking twice)", async () => {
    const user = await h.createUser();
    const id = await processed(user, await invoicePdf("9201"), "reprocess-me.pdf");
    const { context, page, errors } = await signedIn(user);
    await page.goto(`${h.url}/#/documents/${id}`);
    await result(page, id).waitFor();
    await expect.poll(() => statusOf(page, id)).toBe("COMPLETED");

    // Reprocess from classification: a new run, which the view follows to its end.
    const eventsBefore = (await h.pipeline.events(id)).length;
    await page.getByTestId("reprocess-from").selectOption("classify");
    await page.getByTestId("reprocess-document").click();
    await expect.poll(async () => (await h.pipeline.events(id)).some((e, i) => i >= eventsBefore && e.type === "document.reprocess"), { timeout: 10_000 }).toBe(true);
    await h.pipeline.waitForStatus(id, FINISHED);
    await expect.poll(() => statusOf(page, id), { timeout: 15_000 }).toBe("COMPLETED");
    const rerun = (await h.pipeline.events(id)).slice(eventsBefore);
    expect(rerun.filter((e) => e.type === "step.started").map((e) => e.step)).toEqual(["classify", "extract_fields", "summarize", "searchable_pdf", "finalize"]);

    // Cancel a document while OCR runs on its scanned pages.
    const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: await scannedReceiptsPdf(4), filename: "long-scan.pdf" } });
    const running = uploadDocument.document.id;
    await page.goto(`${h.url}/#/documents/${running}`);
    await page.getByTestId("cancel-document").click();
    await expect.poll(() => statusOf(page, running), { timeout: 20_000 }).toBe("CANCELLED");
    await saveScreenshot(page, "web-cancelled");

    // Delete: the first click asks, "Keep" backs out, the second click deletes.
    await page.goto(`${h.url}/#/documents/${id}`);
    await result(page, id).waitFor();
    await page.getByTestId("delete-document").click();
    await page.getByTestId("keep-document").click();
    await page.getByTestId("delete-document").click();
    await page.getByTestId("confirm-delete").click();
    await result(page, id).waitFor({ state: "detached" });
    await page.locator(`[data-testid="document-row"][data-document-id="${id}"]`).waitFor({ state: "detached" });
    expect(await h.pipeline.events(id)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks for an encrypted PDF's password, says when it was wrong, and retries; the list shows a failed row's error code", async () => {
    const user = await h.createUser();
    const { context, page, errors } = await signedIn(user);
    await page.getByTestId("file-input").setInputFiles(fixtures.path("locked.pdf"));
    const row = page.getByTestId("upload-item").first();
    await page.locator('[data-testid="upload-item"][data-status="FAILED"]').waitFor({ timeout: 30_000 });
    expect(await row.getByTestId("upload-failure").textContent()).toContain("PDF_ENCRYPTED");
    const failedId = (await row.getAttribute("data-document-id"))!;

    // The documents list names the code of the failed row.
    const listed = page.locator(`[data-testid="document-row"][data-document-id="${failedId}"]`);
    await listed.getByTestId("row-error-code").waitFor();
    expect(await listed.getByTestId("row-error-code").textContent()).toBe("PDF_ENCRYPTED");
    await saveScreenshot(page, "web-password-asked");

    // A wrong password: the new attempt fails the same way and the form says so.
    await row.getByTestId("password-input").fill("wrong");
    await row.getByTestId("password-submit").click();
    const retried = page.getByTestId("upload-item").first();
    await expect.poll(async () => { const id = await retried.getAttribute("data-document-id"); return Boolean(id) && id !== failedId; }, { timeout: 15_000 }).toBe(true);
    const wrongId = (await retried.getAttribute("data-document-id"))!;
    await page.locator(`[data-testid="upload-item"][data-document-id="${wrongId}"][data-status="FAILED"]`).waitFor({ timeout: 30_000 });
    await retried.getByText("That password did not open the PDF").waitFor();
    // The failed attempt gave way to the new one.
    await listed.waitFor({ state: "detached" });

    // The right one, this time from the result view (which fetches the stored file again).
    await page.goto(`${h.url}/#/documents/${wrongId}`);
    await result(page, wrongId).getByTestId("password-input").fill(PASSWORD);
    await result(page, wrongId).getByTestId("password-submit").click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).not.toBe(`#/documents/${wrongId}`);
    const openedId = new URL(page.url()).hash.replace("#/documents/", "");
    await h.pipeline.waitForStatus(openedId, FINISHED);
    await expect.poll(() => statusOf(page, openedId), { timeout: 15_000 }).toBe("COMPLETED");
    expect(await result(page, openedId).getByTestId("result-text").textContent()).toContain("the secret total");
    await saveScreenshot(page, "web-password-opened");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the upload's bytes as they are sent", async () => {
    const user = await h.createUser();
    const { context, page, errors } = await signedIn(user);
    // Slow the upload down so the bytes can be watched.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await page.getByTestId("file-input").setInputFiles(fixtures.path("noise.jpg"));
    const seen = new Set<number>();
    const messages = new Set<string>();
    for (let i = 0; i < 200 && !(await page.locator('[data-testid="upload-item"][data-connection="live"], [data-testid="upload-item"][data-connection="ended"]').count()); i++) {
      const value = await page.getByTestId("upload-bytes").getAttribute("aria-valuenow", { timeout: 1000 }).catch(() => null);
      if (value !== null) seen.add(Number(value));
      const message = await page.getByTestId("upload-message").textContent({ timeout: 1000 }).catch(() => null);
      if (message) messages.add(message);
      await page.waitForTimeout(50);
    }
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect([...seen].some((v) => v > 0 && v < 100), `progress values seen: ${[...seen].join(", ")}`).toBe(true);
    expect([...messages].some((m) => /Uploading… [\d.]+ (KB|MB) of [\d.]+ (KB|MB)/.test(m)), [...messages].join(" | ")).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works at 390 px: no horizontal overflow, and an opened result comes into view", async () => {
    const user = await h.createUser();
    const id = await processed(user, await invoicePdf("9301"), "A rather long invoice file name that could overflow a phone screen.pdf");
    const { context, page, errors } = await signedIn(user, { width: 390, height: 844 });
    const overflow = () => evaluate<number>(page, "document.documentElement.scrollWidth - window.innerWidth");
    await page.locator(`[data-testid="document-row"][data-document-id="${id}"]`).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "web-390-list");

    await page.locator(`[data-testid="document-row"][data-document-id="${id}"]`).click();
    await result(page, id).getByTestId("result-status").waitFor();
    // The result is below the list on a phone: opening it scrolls it into view.
    await expect.poll(async () => (await result(page, id).boundingBox())!.y, { timeout: 5000 }).toBeLessThan(844);
    await expect.poll(() => evaluate<number>(page, `document.querySelector('[data-testid="preview-image"]')?.naturalWidth ?? 0`), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId("result-field-total").getByTestId("field-select").click();
    expect(await page.getByTestId("box-total").getAttribute("data-selected")).toBe("true");
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "web-390-result");

    expect(errors).toEqual([]);
    await context.close();
  });
});
