import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentStatus, FieldCorrectionEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { launchBrowser, saveScreenshot } from "../support/browser.js";
import { invoicePdf } from "../support/fixtures.js";

/*
 * Corrections on the web page (issue 15, item 1): a person edits a field in the result view, saves, and the
 * value shows as set by a person, with the machine's reading beside it — and is still there after a reload.
 */

let h: ApiHarness;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  h = await startApiHarness();
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
});

async function processed(user: ApiUser, bytes: Buffer, filename: string): Promise<string> {
  const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename } });
  const doc = await h.pipeline.waitForStatus(uploadDocument.document.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc.id;
}

const result = (page: Page, id: string) => page.locator(`[data-testid="result-view"][data-document-id="${id}"]`);

describe("the web page: correcting a document", () => {
  it("edits a field in the result view, adds a missing one, shows them as corrected by a person, and still shows them after a reload", { timeout: 180_000 }, async () => {
    const user = await h.createUser();
    const id = await processed(user, await invoicePdf("61000001"), "Invoice 61000001.pdf");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${h.url}/#/documents/${id}`);
    await page.getByTestId("api-key-input").fill(user.apiKey);
    await page.getByTestId("sign-in").click();
    const view = result(page, id);
    await view.waitFor();
    await expect.poll(() => view.getByTestId("result-status").getAttribute("data-status")).toBe("COMPLETED");

    const numberField = view.getByTestId("result-field-invoice_number");
    expect(await numberField.getByTestId("field-value").textContent()).toBe("61000001");
    expect(await numberField.getByTestId("field-corrected").count()).toBe(0);

    // A value the server cannot read is refused with its code, in place; nothing is saved.
    await numberField.getByTestId("field-edit").click();
    await numberField.getByTestId("field-input").fill("INV 61 (copy)");
    await numberField.getByTestId("field-save").click();
    await expect.poll(() => numberField.getByTestId("field-error").textContent()).toContain("INVALID_FIELD_VALUE");
    expect(await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: id })).toBe(0);

    // A good one is saved: the field reads it, marked as a person's, with the machine's reading beside it.
    await numberField.getByTestId("field-input").fill("inv-61");
    await numberField.getByTestId("field-save").click();
    await numberField.getByTestId("field-corrected").waitFor();
    expect(await numberField.getByTestId("field-value").textContent()).toBe("INV-61");
    expect(await numberField.getByTestId("field-machine-value").textContent()).toBe("“61000001”");
    await expect.poll(() => view.getByTestId("result-summary").textContent()).toContain("Invoice INV-61");

    // A field the machine did not find can be added.
    expect(await view.getByTestId("result-field-order_number").count()).toBe(0);
    await view.getByTestId("field-add-name").selectOption("order_number");
    await view.getByTestId("field-add-value").fill("po 778");
    await view.getByTestId("field-add-save").click();
    const added = view.getByTestId("result-field-order_number");
    await added.getByTestId("field-corrected").waitFor();
    expect(await added.getByTestId("field-value").textContent()).toBe("PO778");
    expect(await added.getByTestId("field-machine-value").textContent()).toBe("nothing");

    // The type too.
    await view.getByTestId("type-select").selectOption("receipt");
    await view.getByTestId("result-type-corrected").waitFor();
    expect(await view.getByTestId("result-type").textContent()).toBe("receipt");
    await saveScreenshot(page, "web-correction");

    // After a reload the page reads the corrections back from the server.
    await page.reload();
    await result(page, id).waitFor();
    const reloaded = result(page, id).getByTestId("result-field-invoice_number");
    await reloaded.getByTestId("field-corrected").waitFor();
    expect(await reloaded.getByTestId("field-value").textContent()).toBe("INV-61");
    expect(await result(page, id).getByTestId("result-field-order_number").getByTestId("field-value").textContent()).toBe("PO778");
    expect(await result(page, id).getByTestId("result-type").textContent()).toBe("receipt");
    expect(await result(page, id).getByTestId("result-type-corrected").textContent()).toContain("classifier: invoice");
    expect(await result(page, id).getByTestId("result-summary").textContent()).toMatch(/^Receipt from /);
    // The classification panel still explains the classifier's own choice, and says a person overrode it.
    expect(await result(page, id).getByTestId("classification").locator(".doc-type").textContent()).toBe("Invoice");
    expect(await result(page, id).getByTestId("classification-overridden").textContent()).toContain("Receipt");
    expect(errors).toEqual([]);
    await context.close();
  });
});
