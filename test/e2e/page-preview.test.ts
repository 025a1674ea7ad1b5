import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentDocument, UploadDocumentDocument, inlineFileUrl, pagePreviewUrl } from "../../src/client/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { encryptedPdf, invoicePdf, invoicePng } from "../support/fixtures.js";

/** The API without a worker: previews render the stored original, processing is not needed. */
let h: ApiHarness;
let alice: ApiUser;

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false });
  alice = await h.createUser();
});
afterAll(async () => {
  await h?.close();
});

/** Upload a file and return its signed original link. */
async function originalLink(bytes: Buffer, filename: string): Promise<string> {
  const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename } });
  const { document } = await alice.client.request(DocumentDocument, { id: uploadDocument.document.id, textLimit: 1 });
  return document.downloads.original;
}

async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error: { code: string } };
  return { status: response.status, code: body.error.code };
}

describe("GET /pages: a page of the original rendered to PNG, behind the original's signed link", () => {
  it("renders each page of a PDF and answers NOT_FOUND past the last one", async () => {
    const original = await originalLink(await invoicePdf("7001", 2), "two-pages.pdf");
    for (const page of [1, 2]) {
      const answer = await fetch(pagePreviewUrl(original, page)!);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("image/png");
      const meta = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
      expect(meta.format).toBe("png");
      // A portrait page at 144 dpi: wider than a thumbnail, taller than wide.
      expect(meta.width).toBeGreaterThan(800);
      expect(meta.height).toBeGreaterThan(meta.width!);
    }
    expect(await errorOf(await fetch(pagePreviewUrl(original, 3)!))).toEqual({ status: 404, code: "NOT_FOUND" });
  });

  it("converts an image (its only page) to PNG no wider than the preview width", async () => {
    const original = await originalLink(await invoicePng("7002"), "scan.png");
    const answer = await fetch(pagePreviewUrl(original, 1)!);
    expect(answer.status).toBe(200);
    const meta = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
    expect(meta.width).toBeLessThanOrEqual(1400);
    expect(await errorOf(await fetch(pagePreviewUrl(original, 2)!))).toEqual({ status: 404, code: "NOT_FOUND" });
  });

  it("refuses a tampered or missing signature and a bad page number", async () => {
    const original = await originalLink(await invoicePdf("7003"), "invoice.pdf");
    const tampered = new URL(pagePreviewUrl(original, 1)!);
    const sig = tampered.searchParams.get("sig")!;
    tampered.searchParams.set("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    expect(await errorOf(await fetch(tampered))).toEqual({ status: 403, code: "FORBIDDEN" });
    const unsigned = new URL(pagePreviewUrl(original, 1)!);
    unsigned.searchParams.delete("sig");
    expect((await fetch(unsigned)).status).toBe(403);
    expect(await errorOf(await fetch(pagePreviewUrl(original, 0)!))).toEqual({ status: 400, code: "VALIDATION_FAILED" });
  });

  it("answers PDF_ENCRYPTED for an encrypted PDF (its password is not kept for previews)", async () => {
    const original = await originalLink(encryptedPdf("s3cret"), "locked.pdf");
    expect(await errorOf(await fetch(pagePreviewUrl(original, 1)!))).toEqual({ status: 422, code: "PDF_ENCRYPTED" });
  });
});

describe("GET /files?inline=1: the original shown by the browser", () => {
  it("sends a PDF inline with its real content type; without inline=1 it stays an attachment", async () => {
    const original = await originalLink(await invoicePdf("7004"), "Invoice 7004.pdf");
    const inline = await fetch(inlineFileUrl(original));
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-type")).toBe("application/pdf");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; filename="Invoice_7004\.pdf"/);
    expect(inline.headers.get("content-security-policy")).not.toContain("sandbox");
    const attachment = await fetch(original);
    expect(attachment.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(attachment.headers.get("content-type")).toBe("application/octet-stream");
  });

  it("keeps a file a browser would run (HTML) an attachment even with inline=1", async () => {
    const html = Buffer.from("<!doctype html><script>alert(1)</script>");
    // Stored as uploaded (the detect step refuses it later, when a worker runs).
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, { file: { data: html, filename: "page.html", contentType: "text/html" } });
    const { document } = await alice.client.request(DocumentDocument, { id: uploadDocument.document.id, textLimit: 1 });
    const answer = await fetch(inlineFileUrl(document.downloads.original));
    expect(answer.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(answer.headers.get("content-type")).toBe("application/octet-stream");
  });
});
