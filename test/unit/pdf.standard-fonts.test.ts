import { existsSync } from "node:fs";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { closePdfChildren } from "../../src/extraction/pdf.adapter.js";
import { standardFontDataDir } from "../../src/extraction/pdf.standard-fonts.js";
import { renderForOcr } from "../../src/pipeline/page.ocr.js";

// PDFs that name one of the 14 standard fonts without embedding it (pdf-lib's StandardFonts, most office and
// accounting exports) must render in that font's metric-compatible substitute, not in the canvas' fallback.

/** Invoice lines as such PDFs print them: labels, dates, numbers, amounts, a VAT id. */
const LINES = [
  "Rechnungsdatum: 04.09.2024",
  "Rechnungsnummer: RE-2024-0815",
  "Kundennummer: 40211",
  "Gesamtbetrag: 1.234,56 EUR",
  "Invoice date: March 5, 2025",
  "Amount due: $4,971.87 USD",
  "Zahlbar innerhalb von 14 Tagen",
];

/** A page with `lines` set in the non-embedded standard font `font`, 10 pt, as a generated invoice sets them. */
async function standardFontPdf(font: StandardFonts, lines: readonly string[], size = 10): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 60 + lines.length * 3 * size]);
  const embedded = await doc.embedFont(font);
  // One line every 3 sizes, each baseline a size above its slot's bottom: room for capitals and descenders.
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: page.getHeight() - (i + 1) * 3 * size + size, size, font: embedded }));
  return doc.save();
}

/** The page as the OCR step gets it: Folio's renderer (the PDF sandbox child), at the OCR scale. */
async function renderPage(pdf: Uint8Array): Promise<Uint8Array> {
  const [shot] = await renderForOcr(pdf, [1], { limits: loadConfig({}).limits, signal: new AbortController().signal });
  return shot!.image;
}

const oneSpaced = (s: string) => s.replace(/\s+/g, " ").trim();

afterAll(async () => {
  await closePdfChildren();
});

describe("standardFontDataDir", () => {
  it("finds pdf.js' standard_fonts/ directory next to the pdfjs-dist pdf-parse loads, with the trailing separator pdf.js requires", () => {
    const dir = standardFontDataDir();
    expect(dir).not.toBeNull();
    expect(dir!.endsWith(path.sep)).toBe(true);
    expect(path.isAbsolute(dir!)).toBe(true);
    // Helvetica's, Times' and Courier's substitutes, as pdf.js names them.
    for (const file of ["LiberationSans-Regular.ttf", "FoxitSerif.pfb", "FoxitFixed.pfb"]) expect(existsSync(dir! + file), file).toBe(true);
  });
});

describe("rendering non-embedded standard fonts", () => {
  let ocr: OcrPool;

  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });

  afterAll(async () => {
    await ocr?.close();
  });

  it("draws Helvetica as a sans-serif: a large capital I is a bare stem, as wide at its top as at its middle", async () => {
    const png = await renderPage(await standardFontPdf(StandardFonts.Helvetica, ["I"], 120));
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const inkRows: { from: number; to: number }[] = [];
    for (let y = 0; y < info.height; y++) {
      let from = -1;
      let to = -1;
      for (let x = 0; x < info.width; x++) {
        if (data[y * info.width + x]! < 128) {
          if (from < 0) from = x;
          to = x;
        }
      }
      if (from >= 0) inkRows.push({ from, to });
    }
    expect(inkRows.length).toBeGreaterThan(100); // 120 pt at 144 dpi: a stem ~240 px tall
    const width = (r: { from: number; to: number }) => r.to - r.from + 1;
    const middle = width(inkRows[Math.floor(inkRows.length / 2)]!);
    const top = Math.max(...inkRows.slice(0, 3).map(width));
    const bottom = Math.max(...inkRows.slice(-3).map(width));
    // A serif fallback font adds feet and a head about three stems wide.
    expect(top).toBeLessThanOrEqual(middle + 2);
    expect(bottom).toBeLessThanOrEqual(middle + 2);
  });

  it.each([StandardFonts.TimesRoman, StandardFonts.HelveticaBold, StandardFonts.Courier])(
    "renders %s so that OCR of the render reads every line as printed (no letters spaced apart)",
    async (font) => {
      const read = await ocr.recognize(await renderPage(await standardFontPdf(font, LINES)));
      const got = read.text.split("\n").map(oneSpaced).filter(Boolean);
      expect(got).toEqual(LINES);
    },
  );
});
