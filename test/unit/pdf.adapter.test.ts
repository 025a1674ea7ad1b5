import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExtractionError, isExtractionError } from "../../src/extraction/extraction.errors.js";
import { readImageSize } from "../../src/extraction/image-header.js";
import { closePdfChildren, extractPdfText, renderPdfPages, type PdfLimits } from "../../src/extraction/pdf.adapter.js";
import { ciiXml, misleadingInvoiceLines, pdfWithAttachment, utf16 } from "../support/einvoice.fixtures.js";
import { encryptedPdf, INVOICE, invoicePdf, scannedReceiptsPdf } from "../support/fixtures.js";

// Generated PDFs only; the pdf.js corpus (hangs, odd encodings, non-ASCII passwords) is in test/corpus/.

const LIMITS: PdfLimits = { timeoutMs: 15_000, maxPages: 200, maxMemoryMb: 512, maxTextChars: 10_000_000 };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractionError);
    expect(isExtractionError(err)).toBe(true);
    return (err as ExtractionError).code;
  }
  throw new Error("expected a rejection");
}

afterAll(async () => {
  await closePdfChildren();
});

describe("extractPdfText (generated PDFs)", () => {
  it("extracts pages, text and info from a text PDF", async () => {
    const res = await extractPdfText(new Uint8Array(await invoicePdf()), { limits: LIMITS });
    expect(res.pageCount).toBe(1);
    expect(res.pages).toHaveLength(1);
    expect(res.pages[0]).toContain(INVOICE.marker);
    expect(res.pages[0]).toContain(INVOICE.number);
    expect(res.info.encrypted).toBe(false);
    expect(res.info.producer).toBe("folio test fixtures");
  });

  it("accepts a file path; a missing file is a plain ENOENT, not a corrupt document", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-pdf-"));
    try {
      const file = path.join(dir, "invoice.pdf");
      await fs.writeFile(file, await invoicePdf());
      expect((await extractPdfText(file, { limits: LIMITS })).pages.join("\n")).toContain(INVOICE.marker);
      const err = await extractPdfText(path.join(dir, "no-such.pdf"), { limits: LIMITS }).catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(ExtractionError);
      expect((err as NodeJS.ErrnoException).code).toBe("ENOENT");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("does not modify the caller's bytes", async () => {
    const bytes = new Uint8Array(await invoicePdf());
    const copy = bytes.slice();
    await extractPdfText(bytes, { limits: LIMITS });
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });

  it("reports PDF_ENCRYPTED without the password or with a wrong one, and extracts with it", async () => {
    const bytes = new Uint8Array(encryptedPdf("open sesame"));
    expect(await codeOf(extractPdfText(bytes, { limits: LIMITS }))).toBe("PDF_ENCRYPTED");
    expect(await codeOf(extractPdfText(bytes, { password: "not-it", limits: LIMITS }))).toBe("PDF_ENCRYPTED");
    const res = await extractPdfText(bytes, { password: "open sesame", limits: LIMITS });
    expect(res.info.encrypted).toBe(true);
    expect(res.pages.join(" ")).toContain(INVOICE.number);
  });

  it("reports CORRUPT_FILE for a truncated PDF, non-PDF bytes and no bytes", async () => {
    const whole = await invoicePdf();
    expect(await codeOf(extractPdfText(new Uint8Array(whole.subarray(0, 200)), { limits: LIMITS }))).toBe("CORRUPT_FILE");
    expect(await codeOf(extractPdfText(new TextEncoder().encode("hello, not a pdf"), { limits: LIMITS }))).toBe("CORRUPT_FILE");
    expect(await codeOf(extractPdfText(new Uint8Array(0), { limits: LIMITS }))).toBe("CORRUPT_FILE");
  });

  it("reports TOO_MANY_PAGES before extracting text", async () => {
    const twoPages = new Uint8Array(await invoicePdf(INVOICE.number, 2));
    const err = await extractPdfText(twoPages, { limits: { ...LIMITS, maxPages: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect((err as ExtractionError).code).toBe("TOO_MANY_PAGES");
    expect((err as Error).message).toMatch(/2 pages/);
    expect((await extractPdfText(twoPages, { limits: { ...LIMITS, maxPages: 2 } })).pageCount).toBe(2);
  });

  it("reports RESOURCE_LIMIT when the text layer exceeds maxTextChars", async () => {
    expect(await codeOf(extractPdfText(new Uint8Array(await invoicePdf()), { limits: { ...LIMITS, maxTextChars: 100 } }))).toBe("RESOURCE_LIMIT");
  });

  it("rejects with CANCELLED when the signal is already aborted", async () => {
    const pre = new AbortController();
    pre.abort();
    expect(await codeOf(extractPdfText(new Uint8Array(await invoicePdf()), { limits: LIMITS, signal: pre.signal }))).toBe("CANCELLED");
  });

  it("rejects invalid limits with a RangeError (a caller bug, not a document problem)", async () => {
    await expect(extractPdfText(new Uint8Array(await invoicePdf()), { limits: { ...LIMITS, timeoutMs: 0 } })).rejects.toThrow(RangeError);
  });
});

describe("extractPdfText: embedded e-invoice XML", () => {
  const names = async (pdf: Buffer) => {
    const res = await extractPdfText(new Uint8Array(pdf), { limits: LIMITS });
    return { files: (res.attachments ?? []).map((a) => a.filename), notes: res.attachmentNotes ?? [], bytes: res.attachments?.[0]?.bytes };
  };

  it("finds XML listed only as an associated file of the catalog (/AF, PDF/A-3), not in the EmbeddedFiles tree", async () => {
    const found = await names(await pdfWithAttachment(misleadingInvoiceLines(), { xml: ciiXml(), filename: "factur-x.xml", only: "af" }));
    expect(found.files).toEqual(["factur-x.xml"]);
    expect(new TextDecoder().decode(found.bytes)).toBe(ciiXml());
  });

  it("does not list a file found in both places twice", async () => {
    expect((await names(await pdfWithAttachment(misleadingInvoiceLines(), { xml: ciiXml(), filename: "factur-x.xml" }))).files).toEqual(["factur-x.xml"]);
  });

  it("hands over UTF-16 XML (known by its BOM) and XML with a DOCTYPE, for the parent to read or to note", async () => {
    expect((await names(await pdfWithAttachment(misleadingInvoiceLines(), { xml: utf16(ciiXml(), "le"), filename: "utf16.xml" }))).files).toEqual(["utf16.xml"]);
    const doctype = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "y">]><Invoice><ID>&x;</ID></Invoice>`;
    expect((await names(await pdfWithAttachment(misleadingInvoiceLines(), { xml: doctype, filename: "doctype.xml" }))).files).toEqual(["doctype.xml"]);
  });
});

describe("renderPdfPages (generated PDFs)", () => {
  it("renders an image-only page to PNG within maxPixels", async () => {
    const scan = new Uint8Array(await scannedReceiptsPdf(1));
    const text = await extractPdfText(scan, { limits: LIMITS });
    expect(text.pages[0]!.trim()).toBe(""); // no text layer: the OCR path
    const maxPixels = 500_000;
    const [shot] = await renderPdfPages(scan, { pages: [1], scale: 4, limits: { ...LIMITS, maxPixels } });
    expect(shot!.page).toBe(1);
    expect(Buffer.from(shot!.png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const size = readImageSize(shot!.png);
    // scale 4 would exceed maxPixels: the page was rendered smaller instead of refused.
    expect((size?.width ?? 0) * (size?.height ?? 0)).toBeLessThanOrEqual(maxPixels);
    expect(size?.width ?? 0).toBeGreaterThan(200);
  });

  it("renders several pages in the requested order and rejects a page that does not exist", async () => {
    const scan = new Uint8Array(await scannedReceiptsPdf(3));
    const shots = await renderPdfPages(scan, { pages: [3, 1], scale: 1, limits: { ...LIMITS, maxPixels: 4_000_000 } });
    expect(shots.map((s) => s.page)).toEqual([3, 1]);
    await expect(renderPdfPages(scan, { pages: [9], limits: { ...LIMITS, maxPixels: 4_000_000 } })).rejects.toThrow(RangeError);
  });

  it("reports PDF_ENCRYPTED for an encrypted PDF without password", async () => {
    expect(await codeOf(renderPdfPages(new Uint8Array(encryptedPdf("pw")), { pages: [1], limits: { ...LIMITS, maxPixels: 4_000_000 } }))).toBe("PDF_ENCRYPTED");
  });
});
