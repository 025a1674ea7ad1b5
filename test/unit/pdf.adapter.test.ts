import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { degrees, PDFDocument, PDFName, setTextRenderingMode, StandardFonts, TextRenderingMode } from "pdf-lib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { ExtractionError, isExtractionError } from "../../src/extraction/extraction.errors.js";
import { readImageSize } from "../../src/extraction/image-header.js";
import { MAX_JPEG_SOURCE_BYTES } from "../../src/extraction/pdf.page-jpeg.js";
import { closePdfChildren, extractPdfText, renderPdfPages, type PdfLimits } from "../../src/extraction/pdf.adapter.js";
import { loadConfig } from "../../src/config/env.js";
import { OCR_RENDER_MAX_DPI, OCR_RENDER_MAX_SCAN_WIDTH, OCR_RENDER_SCALE, renderForOcr } from "../../src/pipeline/page.ocr.js";
import { ciiXml, misleadingInvoiceLines, pdfWithAttachment, utf16 } from "../support/einvoice.fixtures.js";
import { encryptedPdf, INVOICE, invoicePdf, scannedReceiptsPdf, turnedScanPdf } from "../support/fixtures.js";

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
    expect(Buffer.from(shot!.image.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const size = readImageSize(shot!.image);
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

/**
 * A one-page "scan": a JPEG of `px × py` pixels drawn over a page of its physical size at `dpi` (as a
 * scanner app writes it, built with pdf-lib), optionally with a small logo image instead.
 */
async function scanAt(px: number, py: number, dpi: number, opts: { smallImage?: boolean; roundedBox?: boolean } = {}): Promise<Uint8Array> {
  const jpeg = await sharp({ create: { width: px, height: py, channels: 3, background: "#f4f1ea" } })
    .composite([{ input: Buffer.from(`<svg width="${px}" height="${py}"><text x="10" y="${py / 2}" font-size="${py / 20}">TOTAL 12.50</text></svg>`) }])
    .jpeg()
    .toBuffer();
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  const width = (px / dpi) * 72;
  const height = (py / dpi) * 72;
  // A page box written with two decimals, as tesseract and many scanner apps write it, is a hair off the image's size.
  const page = doc.addPage(opts.roundedBox ? [Math.floor(width * 100) / 100, Math.floor(height * 100) / 100] : [width, height]);
  if (opts.smallImage) page.drawImage(image, { x: 0, y: 0, width: width / 4, height: height / 4 });
  else page.drawImage(image, { x: 0, y: 0, width, height });
  return doc.save();
}

describe("renderPdfPages as renderForOcr renders: a scan renders at its own pixel density", () => {
  const limits = loadConfig({}).limits;
  const signal = new AbortController().signal;
  const sizeOf = (png: Uint8Array) => readImageSize(png) ?? { width: 0, height: 0 };
  /** renderForOcr's render of a scan that is not handed over as its own JPEG (`scanJpeg` off). */
  const renderScan = async (pdf: Uint8Array, maxPixels = limits.maxImagePixels) => {
    const [shot] = await renderPdfPages(pdf, { pages: [1], scale: OCR_RENDER_SCALE, maxScanScale: OCR_RENDER_MAX_DPI / 72, maxScanWidth: OCR_RENDER_MAX_SCAN_WIDTH, limits: { ...LIMITS, maxPixels } });
    expect(shot!.format).toBe("png");
    return shot!;
  };

  it("renders a 200 dpi and a 300 dpi scan at the scan's pixels, not at 144 dpi", async () => {
    for (const dpi of [200, 300]) {
      const size = sizeOf((await renderScan(await scanAt(900, 1200, dpi))).image);
      // 144 dpi would be 648 × 864 (200 dpi) or 432 × 576 (300 dpi).
      expect(Math.abs(size.width - 900), `${dpi} dpi: ${size.width} px`).toBeLessThanOrEqual(2);
      expect(Math.abs(size.height - 1200), `${dpi} dpi: ${size.height} px`).toBeLessThanOrEqual(2);
    }
  });

  it("caps a denser scan at 300 dpi, renders a coarser one at its own pixels (never enlarged), a page without a scan at 144 dpi", async () => {
    // 600 dpi: the page is 108 × 144 pt; 300 dpi of it is 450 × 600 px.
    const dense = sizeOf((await renderScan(await scanAt(900, 1200, 600))).image);
    expect(Math.abs(dense.width - 450)).toBeLessThanOrEqual(2);
    // 100 dpi (fewer pixels than 144 dpi): the scan's own 450 px, not 648 px of the renderer's enlargement.
    const coarse = sizeOf((await renderScan(await scanAt(450, 600, 100))).image);
    expect(Math.abs(coarse.width - 450)).toBeLessThanOrEqual(2);
    // A small image on a page: not a scan, 144 dpi (the 300 dpi page is 216 pt wide → 432 px).
    const logo = sizeOf((await renderForOcr(await scanAt(900, 1200, 300, { smallImage: true }), [1], { limits, signal }))[0]!.image);
    expect(Math.abs(logo.width - 432)).toBeLessThanOrEqual(2);
  });

  it("draws a scan pixel for pixel when its page box is rounded a hair short of the image (no row or column lost, nothing resampled)", async () => {
    const pdf = await scanAt(818, 1924, 70, { roundedBox: true });
    const shot = await renderScan(pdf);
    expect(sizeOf(shot!.image)).toEqual({ width: 818, height: 1924 });
    // The same pixels as the JPEG decoded by itself (up to the decoders' rounding).
    const jpeg = await sharp({ create: { width: 818, height: 1924, channels: 3, background: "#f4f1ea" } })
      .composite([{ input: Buffer.from(`<svg width="818" height="1924"><text x="10" y="962" font-size="96.2">TOTAL 12.50</text></svg>`) }])
      .jpeg()
      .toBuffer();
    const grey = (img: Buffer | Uint8Array) => sharp(img).flatten({ background: "#fff" }).greyscale().raw().toBuffer();
    const [a, b] = await Promise.all([grey(jpeg), grey(shot!.image)]);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(1);
  });

  it("still shrinks the render to MAX_IMAGE_PIXELS", async () => {
    const maxImagePixels = 500_000;
    const [shot] = await renderForOcr(await scanAt(900, 1200, 300), [1], { limits: { ...limits, maxImagePixels }, signal });
    // The scan's own JPEG (1.08 MP) is over the limit: rendered instead, and shrunk.
    expect(shot!.format).toBe("png");
    const size = sizeOf(shot!.image);
    expect(size.width * size.height).toBeLessThanOrEqual(maxImagePixels);
    // Shrunk to fit, not down to 144 dpi (432 × 576 = 249k px).
    expect(size.width * size.height).toBeGreaterThan(400_000);
  });

  it("keeps a scan's render within maxScanWidth", async () => {
    // 3000 px at 300 dpi: a 720 pt wide page, 1440 px at 144 dpi.
    const wide = await scanAt(3000, 1000, 300);
    const opts = { pages: [1], scale: 2, maxScanScale: 300 / 72, limits: { ...LIMITS, maxPixels: 50_000_000 } };
    expect(Math.abs(sizeOf((await renderPdfPages(wide, opts))[0]!.image).width - 3000)).toBeLessThanOrEqual(2);
    expect(Math.abs(sizeOf((await renderPdfPages(wide, { ...opts, maxScanWidth: 2500 }))[0]!.image).width - 2500)).toBeLessThanOrEqual(2);
    expect(Math.abs(sizeOf((await renderPdfPages(wide, { ...opts, maxScanWidth: 1000 }))[0]!.image).width - 1000)).toBeLessThanOrEqual(2);
    // As renderForOcr renders: no wider than the OCR preparation keeps (2,500 px).
    expect(Math.abs(sizeOf((await renderScan(wide)).image).width - 2500)).toBeLessThanOrEqual(2);
  });

  it("renders at the asked scale when no maxScanScale is given (page previews)", async () => {
    const [shot] = await renderPdfPages(await scanAt(900, 1200, 300), { pages: [1], scale: 2, limits: { ...LIMITS, maxPixels: 4_000_000 } });
    expect(Math.abs(sizeOf(shot!.image).width - 432)).toBeLessThanOrEqual(2);
  });
});

/** A JPEG with a line of text on it (`grey`: one channel; `cmyk`: four; `orientation`: an EXIF turn). */
async function receiptJpeg(px: number, py: number, opts: { grey?: boolean; cmyk?: boolean; orientation?: number } = {}): Promise<Buffer> {
  let img = sharp({ create: { width: px, height: py, channels: 3, background: "#f4f1ea" } }).composite([
    { input: Buffer.from(`<svg width="${px}" height="${py}"><text x="10" y="${py / 2}" font-size="${py / 20}">TOTAL 12.50</text></svg>`) },
  ]);
  // Composite first, then the colour space: sharp applies its output settings after compositing.
  img = sharp(await img.png().toBuffer());
  if (opts.grey) img = img.toColourspace("b-w");
  if (opts.cmyk) img = img.toColourspace("cmyk");
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  return img.jpeg().toBuffer();
}

/** A one-page PDF showing `jpeg` over the whole page at 300 dpi, then whatever `extra` draws on the page. */
async function jpegPagePdf(jpeg: Buffer, extra?: (page: import("pdf-lib").PDFPage, doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  const width = (image.width / 300) * 72;
  const height = (image.height / 300) * 72;
  const page = doc.addPage([width, height]);
  page.drawImage(image, { x: 0, y: 0, width, height });
  await extra?.(page, doc);
  return doc.save();
}

/** Mean absolute difference of two pictures' grey pixels (each turned by its EXIF orientation first); Infinity for different sizes. */
async function greyDifference(a: Uint8Array, b: Uint8Array): Promise<number> {
  const grey = (img: Uint8Array) => sharp(img).rotate().flatten({ background: "#fff" }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const [x, y] = await Promise.all([grey(a), grey(b)]);
  if (x.info.width !== y.info.width || x.info.height !== y.info.height) return Infinity;
  let diff = 0;
  for (let i = 0; i < x.data.length; i++) diff += Math.abs(x.data[i]! - y.data[i]!);
  return diff / x.data.length;
}

describe("renderForOcr: a scanned page that is one JPEG comes back as that JPEG", () => {
  const limits = loadConfig({}).limits;
  const signal = new AbortController().signal;
  const ocrPicture = async (pdf: Uint8Array | Buffer, password?: string) =>
    (await renderForOcr(new Uint8Array(pdf), [1], { limits, signal, ...(password ? { password } : {}) }))[0]!;

  it("hands over the embedded JPEG's own bytes, colour and grey, at its own size (no 300 dpi or 2,500 px cap)", async () => {
    const grey = await receiptJpeg(900, 1200, { grey: true });
    expect((await sharp(grey).metadata()).channels).toBe(1); // embedded as /DeviceGray
    for (const jpeg of [await receiptJpeg(900, 1200), grey, await receiptJpeg(3000, 1000)]) {
      const shot = await ocrPicture(await jpegPagePdf(jpeg));
      expect(shot.format).toBe("jpeg");
      expect(Buffer.from(shot.image).equals(jpeg)).toBe(true);
    }
  });

  it("hands over the JPEG under an invisible OCR layer (a sandwich PDF)", async () => {
    const jpeg = await receiptJpeg(900, 1200);
    const pdf = await jpegPagePdf(jpeg, async (page, doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
      page.drawText("TOTAL 12.50 RECEIPT NUMBER 4711 THANK YOU", { x: 5, y: 100, size: 8, font });
    });
    const shot = await ocrPicture(pdf);
    expect(shot.format).toBe("jpeg");
    expect(Buffer.from(shot.image).equals(jpeg)).toBe(true);
  });

  it("hands over a JPEG whose DecodeParms only hold parameters DCT ignores (as tesseract writes them), renders one with a ColorTransform", async () => {
    const jpeg = await receiptJpeg(900, 1200);
    const withParms = (parms: string) =>
      jpegPagePdf(jpeg, async (page, doc) => {
        // The image's dictionary, once pdf-lib has written it, gets the DecodeParms.
        await doc.flush();
        const [, xobject] = page.node.normalizedEntries().XObject.entries()[0]!;
        const stream = doc.context.lookup(xobject) as import("pdf-lib").PDFRawStream;
        stream.dict.set(PDFName.of("DecodeParms"), doc.context.obj(JSON.parse(parms) as Record<string, number>));
      });
    const tesseractLike = await ocrPicture(await withParms('{"Predictor":1,"Colors":3,"Columns":900,"BitsPerComponent":8}'));
    expect(tesseractLike.format).toBe("jpeg");
    expect(Buffer.from(tesseractLike.image).equals(jpeg)).toBe(true);
    expect((await ocrPicture(await withParms('{"ColorTransform":0}'))).format).toBe("png");
  });

  it("renders a page with visible text or a drawn box over the scan", async () => {
    const jpeg = await receiptJpeg(900, 1200);
    const withText = await jpegPagePdf(jpeg, async (page, doc) => {
      page.drawText("PAID", { x: 20, y: 20, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
    });
    const withBox = await jpegPagePdf(jpeg, async (page) => {
      page.drawRectangle({ x: 10, y: 10, width: 40, height: 20, borderWidth: 1 });
    });
    for (const pdf of [withText, withBox]) {
      const shot = await ocrPicture(pdf);
      expect(shot.format).toBe("png");
      expect(Buffer.from(shot.image.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    }
  });

  it("renders a CMYK JPEG, a JPEG with an EXIF turn, and an encrypted scan", async () => {
    const cmyk = await ocrPicture(await jpegPagePdf(await receiptJpeg(900, 1200, { cmyk: true })));
    expect(cmyk.format).toBe("png");
    const turned = await ocrPicture(await jpegPagePdf(await receiptJpeg(900, 1200, { orientation: 6 })));
    expect(turned.format).toBe("png");
    const encrypted = await ocrPicture(encryptedPdf("pw", undefined, await receiptJpeg(900, 1200)), "pw");
    expect(encrypted.format).toBe("png");
  });

  it("renders a scan in a PDF too large to be parsed a second time for its JPEG", async () => {
    const pdf = await jpegPagePdf(await receiptJpeg(900, 1200), async (_page, doc) => {
      // An unused stream as large as the limit: the document, not the page, is over it.
      doc.context.register(doc.context.stream(new Uint8Array(MAX_JPEG_SOURCE_BYTES)));
    });
    expect(pdf.byteLength).toBeGreaterThan(MAX_JPEG_SOURCE_BYTES);
    expect((await ocrPicture(pdf)).format).toBe("png");
  });

  it("renders each page of a document on its own terms: the scan as its JPEG, a text page as PNG", async () => {
    const jpeg = await receiptJpeg(900, 1200);
    const doc = await PDFDocument.load(await jpegPagePdf(jpeg));
    doc.addPage([300, 400]).drawText("Invoice 1", { x: 20, y: 300, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
    const shots = await renderForOcr(await doc.save(), [2, 1], { limits, signal });
    expect(shots.map((s) => [s.page, s.format])).toEqual([
      [2, "png"],
      [1, "jpeg"],
    ]);
  });

  it.each([90, 180, 270] as const)("hands over a scan shown turned by /Rotate %i with the turn as its EXIF orientation: the page as pdf.js renders it", async (turn) => {
    const { pdf, stored } = await turnedScanPdf(await receiptJpeg(900, 1200), turn, "rotate");
    const shot = await ocrPicture(pdf);
    expect(shot.format).toBe("jpeg");
    expect((await sharp(shot.image).metadata()).orientation).toBe({ 90: 6, 180: 3, 270: 8 }[turn]);
    // The stored pixels are handed over untouched (only the EXIF segment is new)…
    expect(Buffer.from(await sharp(shot.image).raw().toBuffer()).equals(await sharp(stored).raw().toBuffer())).toBe(true);
    // …and, turned as their orientation says, they are the page pdf.js renders (same size, same pixels up to its decoder's rounding).
    const [rendered] = await renderPdfPages(pdf, { pages: [1], scale: OCR_RENDER_SCALE, maxScanScale: OCR_RENDER_MAX_DPI / 72, limits: { ...LIMITS, maxPixels: limits.maxImagePixels } });
    expect(rendered!.format).toBe("png");
    expect(await greyDifference(shot.image, rendered!.image)).toBeLessThan(1);
  });

  it.each([90, 180, 270] as const)("hands over a scan drawn turned by %i° on an upright page, the same way", async (turn) => {
    const { pdf } = await turnedScanPdf(await receiptJpeg(900, 1200), turn, "matrix");
    const shot = await ocrPicture(pdf);
    expect(shot.format).toBe("jpeg");
    expect((await sharp(shot.image).metadata()).orientation).toBe({ 90: 6, 180: 3, 270: 8 }[turn]);
    const [rendered] = await renderPdfPages(pdf, { pages: [1], scale: OCR_RENDER_SCALE, maxScanScale: OCR_RENDER_MAX_DPI / 72, limits: { ...LIMITS, maxPixels: limits.maxImagePixels } });
    expect(await greyDifference(shot.image, rendered!.image)).toBeLessThan(1);
  });

  it("renders a scan drawn turned and mirrored, and a turned scan with an EXIF turn of its own", async () => {
    expect((await ocrPicture((await turnedScanPdf(await receiptJpeg(900, 1200), 90, "matrix", { mirror: true })).pdf)).format).toBe("png");
    const doc = await PDFDocument.load(await jpegPagePdf(await receiptJpeg(900, 1200, { orientation: 6 })));
    doc.getPage(0).setRotation(degrees(90));
    expect((await ocrPicture(await doc.save())).format).toBe("png");
  });

  it("leaves page previews (no maxScanScale) and renders without scanJpeg as PNG", async () => {
    const pdf = await jpegPagePdf(await receiptJpeg(900, 1200));
    const [preview] = await renderPdfPages(pdf, { pages: [1], scale: 1, limits: { ...LIMITS, maxPixels: 4_000_000 } });
    expect(preview!.format).toBe("png");
    const [preview2] = await renderPdfPages(pdf, { pages: [1], scale: 1, scanJpeg: true, limits: { ...LIMITS, maxPixels: 4_000_000 } });
    expect(preview2!.format).toBe("png");
  });
});
