import { describe, expect, it } from "vitest";
import { PDF_TEXT_OPS } from "../../src/extraction/pdf.ocr-layer.js";
import { PDF_PAINT_OPS, soleFullPageImage } from "../../src/extraction/pdf.page-image.js";
import { PDF_OPS } from "../../src/extraction/pdf.scan-density.js";

const A4: [number, number, number, number] = [0, 0, 595, 842];
const op = (fn: number, args: unknown = null) => ({ fn, args });
function list(...ops: { fn: number; args: unknown }[]) {
  return { fnArray: ops.map((o) => o.fn), argsArray: ops.map((o) => o.args) };
}
/** `q a b c d e f cm /Im Do Q` for an image of `px × py` pixels. */
const image = (px: number, py: number, m: number[]) => [op(PDF_OPS.save), op(PDF_OPS.transform, m), op(PDF_OPS.paintImageXObject, ["img_p0_1", px, py]), op(PDF_OPS.restore)];
/** A 300 dpi A4 scan drawn over the whole page. */
const scan = () => image(2480, 3508, [595, 0, 0, 842, 0, 0]);
/** `n` glyphs shown in text rendering mode `mode` (pdf.js hands glyph objects to showText). */
const text = (mode: number, n = 30) => [
  op(PDF_OPS.save),
  op(PDF_TEXT_OPS.setTextRenderingMode, [mode]),
  op(PDF_TEXT_OPS.showText, [Array.from({ length: n }, (_, i) => ({ unicode: String.fromCharCode(65 + (i % 26)), isSpace: false }))]),
  op(PDF_OPS.restore),
];
/** A path `re` painted with `paint` (pdf.js 5: one constructPath whose first argument is the painting operator). */
const path = (paint: number, box = [100, 100, 200, 150]) => [op(PDF_PAINT_OPS.constructPath, [paint, [new Float32Array([0, box[0]!, box[1]!])], new Float32Array(box)])];

describe("soleFullPageImage: a page that shows one image over all of it and nothing else", () => {
  it("finds a scan alone, and a scan under an invisible OCR layer (text rendering mode 3 or 7)", () => {
    expect(soleFullPageImage(list(...scan()), A4, 0)).toEqual({ width: 2480, height: 3508, turn: 0 });
    expect(soleFullPageImage(list(...scan(), ...text(3)), A4, 0)).toEqual({ width: 2480, height: 3508, turn: 0 });
    expect(soleFullPageImage(list(...scan(), ...text(7)), A4, 0)).toEqual({ width: 2480, height: 3508, turn: 0 });
  });

  it("refuses a page with visible text over the scan, also after an invisible layer's state was restored", () => {
    expect(soleFullPageImage(list(...scan(), ...text(0, 1)), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(...scan(), ...text(3), ...text(2, 1)), A4, 0)).toBeNull();
    // Mode 3 set inside q…Q does not make text after Q invisible.
    expect(soleFullPageImage(list(...scan(), op(PDF_OPS.save), op(PDF_TEXT_OPS.setTextRenderingMode, [3]), op(PDF_OPS.restore), op(PDF_TEXT_OPS.showText, [[{ isSpace: false }]])), A4, 0)).toBeNull();
  });

  it("refuses a filled or stroked path on the page, but not a path only thrown away", () => {
    expect(soleFullPageImage(list(...scan(), ...path(22)), A4, 0)).toBeNull(); // fill
    expect(soleFullPageImage(list(...scan(), ...path(20)), A4, 0)).toBeNull(); // stroke
    expect(soleFullPageImage(list(...path(PDF_PAINT_OPS.endPath), ...scan()), A4, 0)).not.toBeNull();
  });

  it("accepts a clip that keeps the whole page, refuses one that cuts into it", () => {
    const clip = (box: number[]) => [op(PDF_PAINT_OPS.clip), ...path(PDF_PAINT_OPS.endPath, box)];
    expect(soleFullPageImage(list(op(PDF_OPS.save), ...clip([0, 0, 595, 842]), ...scan(), op(PDF_OPS.restore)), A4, 0)).not.toBeNull();
    expect(soleFullPageImage(list(op(PDF_OPS.save), ...clip([0, 0, 595, 421]), ...scan(), op(PDF_OPS.restore)), A4, 0)).toBeNull();
  });

  it("refuses an image covering half the page, one reaching well past it, and one with a margin over 2 %", () => {
    expect(soleFullPageImage(list(...image(2480, 1754, [595, 0, 0, 421, 0, 0])), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(...image(2480, 3508, [700, 0, 0, 990, -50, -70])), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(...image(2480, 3508, [580, 0, 0, 819, 7, 11])), A4, 0)).toBeNull();
    // A page box rounded a hair short of the image, as scanner apps write it: still the page.
    expect(soleFullPageImage(list(...image(2480, 3508, [595.2, 0, 0, 842.1, 0, 0])), A4, 0)).not.toBeNull();
  });

  it("says the clockwise turn a page's /Rotate gives the scan as shown", () => {
    for (const rotate of [90, 180, 270]) expect(soleFullPageImage(list(...scan()), A4, rotate), `/Rotate ${rotate}`).toEqual({ width: 2480, height: 3508, turn: rotate });
    // pdf.js hands over /Rotate as given when it is a multiple of 90: any full turn is the same.
    expect(soleFullPageImage(list(...scan()), A4, 450)).toEqual({ width: 2480, height: 3508, turn: 90 });
    expect(soleFullPageImage(list(...scan()), A4, -90)).toEqual({ width: 2480, height: 3508, turn: 270 });
    expect(soleFullPageImage(list(...scan()), A4, 360)).toEqual({ width: 2480, height: 3508, turn: 0 });
    expect(soleFullPageImage(list(...scan()), A4, 45)).toBeNull();
  });

  it("says the turn of a scan drawn turned on the page (its rows down, up or right to left), and adds the page's /Rotate", () => {
    // A landscape-stored A4 scan (3508 × 2480 px) turned a quarter clockwise: its first row runs down the right edge.
    const clockwise = image(3508, 2480, [0, -842, 595, 0, 0, 842]);
    expect(soleFullPageImage(list(...clockwise), A4, 0)).toEqual({ width: 3508, height: 2480, turn: 90 });
    // …and counter-clockwise: its first row runs up the left edge.
    expect(soleFullPageImage(list(...image(3508, 2480, [0, 842, -595, 0, 595, 0])), A4, 0)).toEqual({ width: 3508, height: 2480, turn: 270 });
    // Upside down (a half turn, not a flip).
    expect(soleFullPageImage(list(...image(2480, 3508, [-595, 0, 0, -842, 595, 842])), A4, 0)).toEqual({ width: 2480, height: 3508, turn: 180 });
    // Drawn turned on a page that is turned too: the turns add up.
    expect(soleFullPageImage(list(...clockwise), A4, 270)).toEqual({ width: 3508, height: 2480, turn: 0 });
    expect(soleFullPageImage(list(...clockwise), A4, 180)).toEqual({ width: 3508, height: 2480, turn: 270 });
    // The turn may come from a form's matrix as well as from `cm`.
    const inForm = list(op(PDF_OPS.paintFormXObjectBegin, [[0, -1, 1, 0, 0, 842], [0, 0, 842, 595]]), ...image(3508, 2480, [842, 0, 0, 595, 0, 0]), op(PDF_OPS.paintFormXObjectEnd));
    expect(soleFullPageImage(inForm, A4, 0)).toEqual({ width: 3508, height: 2480, turn: 90 });
  });

  it("refuses a flipped or skewed image, a stretched one, and a turned one that does not cover the page", () => {
    expect(soleFullPageImage(list(...image(2480, 3508, [595, 0, 0, -842, 0, 842])), A4, 0)).toBeNull(); // flipped top to bottom
    expect(soleFullPageImage(list(...image(2480, 3508, [-595, 0, 0, 842, 595, 0])), A4, 0)).toBeNull(); // mirrored
    expect(soleFullPageImage(list(...image(3508, 2480, [0, 842, 595, 0, 0, 0])), A4, 0)).toBeNull(); // turned and mirrored
    expect(soleFullPageImage(list(...image(2480, 3508, [595, 0, 20, 842, 0, 0])), A4, 0)).toBeNull(); // skewed
    expect(soleFullPageImage(list(...image(3508, 2480, [20, -842, 595, 0, 0, 842])), A4, 0)).toBeNull(); // turned and skewed
    expect(soleFullPageImage(list(...image(2480, 2480, [595, 0, 0, 842, 0, 0])), A4, 0)).toBeNull(); // square pixels stretched
    expect(soleFullPageImage(list(...image(2480, 2480, [0, -842, 595, 0, 0, 842])), A4, 0)).toBeNull(); // …and turned
    expect(soleFullPageImage(list(...image(3508, 2480, [0, -421, 298, 0, 0, 842])), A4, 0)).toBeNull(); // a quarter of the page
    expect(soleFullPageImage(list(...image(3508, 2480, [0, -842, 595, 0, 300, 842])), A4, 0)).toBeNull(); // half off the page
  });

  it("follows nested transforms and form matrices to the image's place on the page", () => {
    const ops = list(
      op(PDF_OPS.save),
      op(PDF_OPS.transform, [0.5, 0, 0, 0.5, 0, 0]),
      op(PDF_OPS.paintFormXObjectBegin, [[2, 0, 0, 2, 0, 0], [0, 0, 595, 842]]),
      ...scan(),
      op(PDF_OPS.paintFormXObjectEnd),
      op(PDF_OPS.restore),
    );
    expect(soleFullPageImage(ops, A4, 0)).toEqual({ width: 2480, height: 3508, turn: 0 });
  });

  it("refuses two images, an inline image, an image mask, a shading and an annotation's appearance", () => {
    expect(soleFullPageImage(list(...scan(), ...image(400, 400, [50, 0, 0, 50, 10, 10])), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(...scan(), ...scan()), A4, 0)).toBeNull();
    for (const fn of [PDF_OPS.paintInlineImageXObject, PDF_PAINT_OPS.paintImageMaskXObject, PDF_PAINT_OPS.shadingFill, PDF_PAINT_OPS.beginAnnotation]) {
      expect(soleFullPageImage(list(...scan(), op(fn, [])), A4, 0), `op ${fn}`).toBeNull();
    }
  });

  it("refuses transparency, soft masks, blend modes, transparency groups and optional content; plain graphics state is fine", () => {
    const gs = (...pairs: [string, unknown][]) => op(PDF_PAINT_OPS.setGState, [pairs]);
    expect(soleFullPageImage(list(gs(["LW", 1], ["ca", 1], ["BM", "source-over"], ["SMask", false]), ...scan()), A4, 0)).not.toBeNull();
    expect(soleFullPageImage(list(gs(["ca", 0.5]), ...scan()), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(gs(["SMask", true]), ...scan()), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(gs(["BM", "multiply"]), ...scan()), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(op(PDF_OPS.beginGroup, [{}]), ...scan(), op(PDF_OPS.endGroup)), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(op(PDF_PAINT_OPS.beginMarkedContentProps, ["OC", null]), ...scan()), A4, 0)).toBeNull();
  });

  it("finds nothing on an empty page, a nonsense view box, or an operator list too long to follow", () => {
    expect(soleFullPageImage(list(), A4, 0)).toBeNull();
    expect(soleFullPageImage(list(...scan()), [0, 0, 0, 842], 0)).toBeNull();
    const long = list(...scan());
    const padded = { fnArray: [...long.fnArray, ...new Array<number>(500_001).fill(PDF_OPS.transform)], argsArray: [...long.argsArray, ...new Array<unknown>(500_001).fill([1, 0, 0, 1, 0, 0])] };
    expect(soleFullPageImage(padded, A4, 0)).toBeNull();
  });
});
