import { describe, expect, it } from "vitest";
import { extractPdfText } from "../../src/extraction/pdf.adapter.js";
import { isOcrLayer, OCR_LAYER_MIN_GLYPHS, PDF_TEXT_OPS, textVisibility } from "../../src/extraction/pdf.ocr-layer.js";
import { PDF_OPS } from "../../src/extraction/pdf.scan-density.js";
import { EARLIER_OCR_LINES, invoicePdf, sandwichReceiptPdf } from "../support/fixtures.js";

/** `n` glyphs as pdf.js hands them over in a `showText` operator (kerning numbers and spaces between). */
const glyphs = (n: number): unknown[] => [Array.from({ length: n }, (_, i) => (i % 5 === 4 ? { unicode: " ", isSpace: true } : { unicode: "a", isSpace: false })).flatMap((g) => [g, -12])];

/** An operator list from `[fn, args]` pairs. */
function ops(...list: [number, unknown][]): { fnArray: number[]; argsArray: unknown[] } {
  return { fnArray: list.map(([fn]) => fn), argsArray: list.map(([, args]) => args) };
}

const show = (n: number): [number, unknown] => [PDF_TEXT_OPS.showText, glyphs(n)];
const mode = (m: number): [number, unknown] => [PDF_TEXT_OPS.setTextRenderingMode, [m]];

describe("telling an earlier OCR's invisible text layer from visible text", () => {
  it("counts glyphs drawn in modes 3 and 7 as invisible and every other mode as visible, spaces not at all", () => {
    expect(textVisibility(ops(show(10), mode(3), show(10), mode(7), show(5), mode(2), show(5)))).toEqual({ visible: 12, invisible: 12 });
  });

  it("follows the mode through saved graphics states, form XObjects and groups", () => {
    const list = ops(
      [PDF_OPS.save, null],
      mode(3),
      show(25),
      [PDF_OPS.restore, null],
      show(5), // back to fill after Q
      mode(3),
      [PDF_OPS.paintFormXObjectBegin, [[1, 0, 0, 1, 0, 0], null]],
      mode(0),
      show(5), // visible inside the form
      [PDF_OPS.paintFormXObjectEnd, null],
      show(5), // invisible again after the form
    );
    expect(textVisibility(list)).toEqual({ visible: 8, invisible: 24 });
  });

  it("calls a page an OCR layer only when nearly all of its text is invisible, and enough of it", () => {
    expect(isOcrLayer({ visible: 0, invisible: 400 })).toBe(true);
    expect(isOcrLayer({ visible: 30, invisible: 400 })).toBe(true);
    expect(isOcrLayer({ visible: 100, invisible: 400 })).toBe(false); // a fifth visible: a real text page with hidden extras
    expect(isOcrLayer({ visible: 0, invisible: OCR_LAYER_MIN_GLYPHS - 1 })).toBe(false);
    expect(isOcrLayer({ visible: 400, invisible: 0 })).toBe(false);
    expect(isOcrLayer(null)).toBe(false);
  });

  it("finds the OCR layer of a sandwich PDF in the sandbox, and none on a born-digital invoice", async () => {
    const limits = { timeoutMs: 60_000, maxPages: 10, maxMemoryMb: 512, maxTextChars: 1_000_000 };
    const sandwich = await extractPdfText(new Uint8Array(await sandwichReceiptPdf()), { limits, findOcrLayers: true });
    expect(sandwich.pages[0]).toContain(EARLIER_OCR_LINES[1]);
    expect(sandwich.ocrLayerPages).toEqual([1]);
    const invoice = await extractPdfText(new Uint8Array(await invoicePdf("OCRLAYER-1", 2)), { limits, findOcrLayers: true });
    expect(invoice.ocrLayerPages).toEqual([]);
    // Not asked, not looked for.
    expect((await extractPdfText(new Uint8Array(await sandwichReceiptPdf()), { limits })).ocrLayerPages).toBeUndefined();
  });
});
