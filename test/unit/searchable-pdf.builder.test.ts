import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument, degrees } from "pdf-lib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import { turnBack, type PageModel, type RawWord } from "../../src/extraction/page/page.model.js";
import { closePdfChildren, extractPdfText } from "../../src/extraction/pdf.adapter.js";
import { orientedImageMatrix } from "../../src/extraction/searchable-pdf/page.geometry.js";
import { buildSearchablePdf } from "../../src/extraction/searchable-pdf/searchable-pdf.builder.js";
import { encryptedPdf } from "../support/fixtures.js";
import { buildImagePdf } from "../support/image-pdf.js";
import { pdfJsPageTexts, positionedItems, wordsOf } from "../support/pdf-text.js";

const POPPLER = await promisify(execFile)("pdftoppm", ["-v"]).then(
  () => true,
  () => false,
);

/** A page model of `lines` of words laid out left to right on a `width` × `height` page (units of the page). */
function model(lines: string[][], width = 600, height = 800, page = 1): PageModel {
  const raw: RawWord[] = [];
  lines.forEach((words, row) => {
    let x = 40;
    for (const text of words) {
      const w = 14 * [...text].length;
      raw.push({ text, x0: x, y0: 60 + row * 40, x1: x + w, y1: 60 + row * 40 + 24, confidence: 0.9 });
      x += w + 18;
    }
  });
  return buildPage(raw, { page, width, height, source: "ocr" });
}

const whitePng = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#ffffff" } }).png().toBuffer();
const whiteJpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#ffffff" } }).jpeg().toBuffer();

afterAll(async () => {
  await closePdfChildren();
});

describe("searchable PDF builder", () => {
  it("puts each word where its box is: starting at the box's left edge, spanning its width, on its line's baseline", async () => {
    const page = model([["INVOICE", "42"], ["Total", "USD", "4.11"]]);
    const built = await buildSearchablePdf({ original: await whitePng(600, 800), kind: "image", pages: [page], ocrPages: [1] });
    expect(built.textLayerPages).toEqual([1]);
    expect(built.words).toBe(5);
    const items = await positionedItems(built.bytes);
    const words = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => ({ w, line: l }))));
    expect(items.map((i) => i.str)).toEqual(words.map(({ w }) => w.text));
    items.forEach((item, i) => {
      const { w, line } = words[i]!;
      expect(item.u).toBeCloseTo(w.box.x0, 3);
      expect(item.width).toBeCloseTo(w.box.x1 - w.box.x0, 3);
      // The baseline lies inside the line's box, in its lower part.
      expect(item.v).toBeGreaterThan(line.box.y0 + (line.box.y1 - line.box.y0) / 2);
      expect(item.v).toBeLessThan(line.box.y1);
    });
  });

  it("draws a page OCR read turned (a scan lying on its side or upside down) over the scan's print, running the way it runs", async () => {
    for (const rotation of [90, 180, 270] as const) {
      // The upright page is 600 × 800; the scan as stored lies turned, so a quarter turn stores it 800 × 600.
      const upright = { ...model([["INVOICE", "42"], ["Total", "USD", "4.11"]]), rotation };
      const stored = rotation === 180 ? [600, 800] : [800, 600];
      const scan = buildImagePdf([await whiteJpeg(stored[0]!, stored[1]!)]);
      const built = await buildSearchablePdf({ original: scan, kind: "pdf", pages: [upright], ocrPages: [1] });
      const items = await positionedItems(built.bytes);
      const words = upright.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => ({ w, line: l }))));
      expect(items.map((i) => i.str)).toEqual(words.map(({ w }) => w.text));
      items.forEach((item, i) => {
        const { w, line } = words[i]!;
        // On the upright page the word starts at its box's left edge on its line's baseline and ends at its right
        // edge; on the stored scan both points lie where the turn takes them.
        const baseline = line.box.y1 - (line.box.y1 - line.box.y0) * 0.2;
        const start = turnBack({ x0: w.box.x0, y0: baseline, x1: w.box.x0, y1: baseline }, rotation);
        const end = turnBack({ x0: w.box.x1, y0: baseline, x1: w.box.x1, y1: baseline }, rotation);
        expect(item.u).toBeCloseTo(start.x0, 2);
        expect(item.v).toBeCloseTo(start.y0, 2);
        expect(item.end.u).toBeCloseTo(end.x0, 2);
        expect(item.end.v).toBeCloseTo(end.y0, 2);
      });
    }
  });

  it("reads back in Folio's order with a space between words and a line break between lines", async () => {
    const page = model([["FOLIOMART", "STATIONERY"], ["TOTAL", "9.00"], ["THANK", "YOU"]]);
    const built = await buildSearchablePdf({ original: await whiteJpeg(600, 800), kind: "image", pages: [page], ocrPages: [1] });
    const [text] = await pdfJsPageTexts(built.bytes);
    expect(text!.trim().split("\n")).toEqual(page.text.split("\n").filter(Boolean).map((line) => line.replace(/\s+/g, " ")));
  });

  it("reads back word for word through Folio's own PDF reader, which loads no standard-font files (nor do viewers using system fonts)", async () => {
    // More distinct characters than the 31 control codes, so codes 1–31 (unnamed in WinAnsiEncoding) are all in use.
    const page = model([["Welcome", "to", "the", "Family"], ["FamilyMart", "Sdn", "Bhd", "(383322-D)"], ["TOTAL", "RM", "3.70"], ["Straße", "Köln", "€1.234,56"]]);
    const built = await buildSearchablePdf({ original: await whiteJpeg(600, 800), kind: "image", pages: [page], ocrPages: [1] });
    const read = await extractPdfText(built.bytes, { limits: { timeoutMs: 30_000, maxPages: 10, maxMemoryMb: 512, maxTextChars: 1_000_000 } });
    expect(wordsOf(read.models[0]!.text)).toEqual(wordsOf(page.text));
  });

  it("keeps a gap of a fifth of the line's height between words whose boxes touch, so readers that break words by gaps keep them apart", async () => {
    const raw: RawWord[] = [
      { text: "INVOICE-", x0: 40, y0: 60, x1: 200, y1: 84, confidence: 0.9 },
      { text: "REL", x0: 200, y0: 60, x1: 260, y1: 84, confidence: 0.9 },
    ];
    const page = buildPage(raw, { page: 1, width: 600, height: 800, source: "ocr" });
    const built = await buildSearchablePdf({ original: await whitePng(600, 800), kind: "image", pages: [page], ocrPages: [1] });
    const [first, second] = await positionedItems(built.bytes);
    expect([first!.str, second!.str]).toEqual(["INVOICE-", "REL"]);
    const lineHeight = page.blocks[0]!.lines[0]!.box.y1 - page.blocks[0]!.lines[0]!.box.y0;
    expect((second!.u - (first!.u + first!.width)) * 600).toBeGreaterThanOrEqual(0.2 * lineHeight * 800 - 0.01);
    expect(first!.u).toBeCloseTo(40 / 600, 3);
  });

  it("carries text outside WinAnsi (Greek, CJK, emoji, combining marks, more distinct characters than one font holds) without loss", async () => {
    const many = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    const lines = [["Ωμέγα", "日本語", "😀✓", "e\u0301t\u00e9", "€100"], ...Array.from({ length: 10 }, (_, r) => [many.slice(r * 30, r * 30 + 15).join(""), many.slice(r * 30 + 15, r * 30 + 30).join("")])];
    const page = model(lines, 1400, 800);
    const built = await buildSearchablePdf({ original: await whitePng(1400, 800), kind: "image", pages: [page], ocrPages: [1] });
    const [text] = await pdfJsPageTexts(built.bytes);
    expect(wordsOf(text!)).toEqual(wordsOf(page.text));
  });

  it.each([0, 90, 180, 270])("places words on a PDF page turned by /Rotate %i as the page is shown", async (rotation) => {
    const original = await PDFDocument.create();
    original.addPage([600, 800]).setRotation(degrees(rotation));
    const shown = rotation % 180 === 0 ? { w: 600, h: 800 } : { w: 800, h: 600 };
    const page = model([["Rotated", "words"], ["second", "line"]], shown.w, shown.h);
    const built = await buildSearchablePdf({ original: await original.save(), kind: "pdf", pages: [page], ocrPages: [1] });
    const items = await positionedItems(built.bytes);
    const words = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    expect(items.map((i) => i.str)).toEqual(words.map((w) => w.text));
    items.forEach((item, i) => {
      expect(item.u).toBeCloseTo(words[i]!.box.x0, 3);
      expect(item.width).toBeCloseTo(words[i]!.box.x1 - words[i]!.box.x0, 3);
    });
    const [text] = await pdfJsPageTexts(built.bytes);
    expect(wordsOf(text!)).toEqual(["Rotated", "words", "second", "line"]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("draws an image with EXIF orientation %i the way sharp's rotate() (what OCR saw) shows it", async (orientation) => {
    // A 3 × 2 image with a different colour per pixel: where each lands tells the turn and the mirror.
    const stored = { width: 3, height: 2 };
    const raw = Buffer.from(Array.from({ length: 6 }, (_, i) => [i * 40, 255 - i * 40, (i * 97) % 256]).flat());
    const image = await sharp(raw, { raw: { ...stored, channels: 3 } }).png().withMetadata({ orientation }).toBuffer();
    const { data: upright, info } = await sharp(image).rotate().raw().toBuffer({ resolveWithObject: true });
    const shown = orientation >= 5 ? { width: stored.height, height: stored.width } : stored;
    expect({ width: info.width, height: info.height }).toEqual(shown);
    const [a, b, c, d, e, f] = orientedImageMatrix(orientation, shown.width, shown.height);
    for (let sy = 0; sy < stored.height; sy++) {
      for (let sx = 0; sx < stored.width; sx++) {
        // The stored pixel's centre in the image's unit square (its first row at the top), then on the page (origin bottom-left).
        const ix = (sx + 0.5) / stored.width;
        const iy = 1 - (sy + 0.5) / stored.height;
        const X = a * ix + c * iy + e;
        const Y = b * ix + d * iy + f;
        const dx = Math.floor(X);
        const dy = Math.floor(shown.height - Y);
        const at = (dy * shown.width + dx) * 3;
        expect([...upright.subarray(at, at + 3)]).toEqual([...raw.subarray((sy * stored.width + sx) * 3, (sy * stored.width + sx) * 3 + 3)]);
      }
    }
  });

  it("embeds a JPEG and a PNG as stored (the PNG's compressed data passes through) and converts other formats", async () => {
    const page = model([["scan"]]);
    const jpeg = await whiteJpeg(600, 800);
    const fromJpeg = await buildSearchablePdf({ original: jpeg, kind: "image", pages: [page], ocrPages: [1] });
    expect(fromJpeg.image).toEqual({ format: "jpeg", converted: false });
    expect(Buffer.from(fromJpeg.bytes).includes(jpeg)).toBe(true);

    for (const png of [await whitePng(600, 800), await sharp({ create: { width: 600, height: 800, channels: 3, background: "#808080" } }).greyscale().png().toBuffer(), await sharp(await whitePng(600, 800)).png({ palette: true }).toBuffer()]) {
      const built = await buildSearchablePdf({ original: png, kind: "image", pages: [page], ocrPages: [1] });
      expect(built.image).toEqual({ format: "png", converted: false });
      expect(built.bytes.length).toBeLessThan(png.length + 4000);
    }

    const webp = await sharp(await whitePng(600, 800)).webp().toBuffer();
    const fromWebp = await buildSearchablePdf({ original: webp, kind: "image", pages: [page], ocrPages: [1] });
    expect(fromWebp.image?.converted).toBe(true);
    expect(wordsOf((await pdfJsPageTexts(fromWebp.bytes))[0]!)).toEqual(["scan"]);
  });

  it("leaves pages without OCR alone and adds nothing to pages without words", async () => {
    const original = await PDFDocument.create();
    original.addPage([600, 800]);
    original.addPage([600, 800]);
    const empty = buildPage([], { page: 2, width: 600, height: 800, source: "ocr" });
    const built = await buildSearchablePdf({ original: await original.save(), kind: "pdf", pages: [model([["not", "drawn"]]), empty], ocrPages: [2] });
    expect(built.textLayerPages).toEqual([]);
    expect((await pdfJsPageTexts(built.bytes)).map((t) => t.trim())).toEqual(["", ""]);
  });

  it("fails with SEARCHABLE_PDF_UNSUPPORTED on an encrypted PDF and on a page count it does not agree with", async () => {
    await expect(buildSearchablePdf({ original: encryptedPdf("pw"), kind: "pdf", pages: [model([["x"]])], ocrPages: [1] })).rejects.toMatchObject({ code: "SEARCHABLE_PDF_UNSUPPORTED" });
    const original = await PDFDocument.create();
    original.addPage([600, 800]);
    await expect(buildSearchablePdf({ original: await original.save(), kind: "pdf", pages: [model([["x"]]), model([["y"]])], ocrPages: [1] })).rejects.toMatchObject({
      code: "SEARCHABLE_PDF_UNSUPPORTED",
    });
    await expect(buildSearchablePdf({ original: Buffer.from("not an image"), kind: "image", pages: [model([["x"]])], ocrPages: [1] })).rejects.toMatchObject({
      code: "SEARCHABLE_PDF_UNSUPPORTED",
    });
  });

  it.skipIf(!POPPLER)("shows a passed-through PNG exactly as pdf-lib's own (decoding) PNG embedding does (both rendered by poppler)", async () => {
    const raw = Buffer.from(Array.from({ length: 40 * 30 }, (_, i) => [(i * 7) % 256, (i * 13) % 256, (i * 29) % 256]).flat());
    for (const png of [await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).png().toBuffer(), await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).greyscale().png().toBuffer()]) {
      const built = await buildSearchablePdf({ original: png, kind: "image", pages: [model([["px"]], 40, 30)], ocrPages: [1] });
      expect(built.image).toEqual({ format: "png", converted: false });
      const reference = await PDFDocument.create();
      const embedded = await reference.embedPng(png);
      reference.addPage([40, 30]).drawImage(embedded, { x: 0, y: 0, width: 40, height: 30 });
      const [got, expected] = await Promise.all([renderFirstPage(built.bytes, 72), renderFirstPage(await reference.save(), 72)]);
      expect((await sharp(got).raw().toBuffer()).equals(await sharp(expected).raw().toBuffer())).toBe(true);
    }
  });
});


async function renderFirstPage(bytes: Uint8Array, dpi: number): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-render-"));
  try {
    await fs.writeFile(path.join(dir, "in.pdf"), bytes);
    await promisify(execFile)("pdftoppm", ["-r", String(dpi), "-png", "-singlefile", path.join(dir, "in.pdf"), path.join(dir, "out")]);
    return await fs.readFile(path.join(dir, "out.png"));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
