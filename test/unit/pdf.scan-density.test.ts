import { describe, expect, it } from "vitest";
import { dominantScanDensity, MIN_SCAN_SCALE, PDF_OPS, scanRenderScale } from "../../src/extraction/pdf.scan-density.js";

const A4: [number, number, number, number] = [0, 0, 595, 842];
const op = (fn: number, args: unknown = null) => ({ fn, args });
function list(...ops: { fn: number; args: unknown }[]) {
  return { fnArray: ops.map((o) => o.fn), argsArray: ops.map((o) => o.args) };
}
/** `q w 0 0 h x y cm /Im Do Q` for an image of `px × py` pixels. */
const image = (px: number, py: number, w: number, h: number, x = 0, y = 0) => [
  op(PDF_OPS.save),
  op(PDF_OPS.transform, [w, 0, 0, h, x, y]),
  op(PDF_OPS.paintImageXObject, ["img_p0_1", px, py]),
  op(PDF_OPS.restore),
];

describe("dominantScanDensity", () => {
  it("reads a full-page 300 dpi scan as 300/72 pixels per point", () => {
    const d = dominantScanDensity(list(...image(2480, 3508, 595, 842)), A4);
    expect(d?.pixelsPerPoint).toBeCloseTo(2480 / 595, 3);
    expect(d?.coverage).toBeCloseTo(1, 3);
  });

  it("follows nested transforms and form XObject matrices, and restores after them", () => {
    const ops = list(
      op(PDF_OPS.save),
      op(PDF_OPS.transform, [0.5, 0, 0, 0.5, 0, 0]),
      op(PDF_OPS.paintFormXObjectBegin, [[2, 0, 0, 2, 0, 0], [0, 0, 595, 842]]),
      ...image(1240, 1754, 595, 842),
      op(PDF_OPS.paintFormXObjectEnd),
      op(PDF_OPS.restore),
      // After the form and the restore, a small image at identity: a logo, not the scan.
      ...image(400, 400, 50, 50),
    );
    expect(dominantScanDensity(ops, A4)?.pixelsPerPoint).toBeCloseTo(1240 / 595, 3);
  });

  it("counts a page stored as strips of one density as one scan", () => {
    const strips = [0, 1, 2, 3].flatMap((i) => image(2480, 877, 595, 210.5, 0, i * 210.5));
    const d = dominantScanDensity(list(...strips), A4);
    expect(d?.pixelsPerPoint).toBeCloseTo(2480 / 595, 2);
    expect(d?.coverage).toBeCloseTo(1, 2);
  });

  it("reads an inline image's size from its data", () => {
    const ops = list(op(PDF_OPS.save), op(PDF_OPS.transform, [595, 0, 0, 842, 0, 0]), op(PDF_OPS.paintInlineImageXObject, [{ width: 1654, height: 2339 }]), op(PDF_OPS.restore));
    expect(dominantScanDensity(ops, A4)?.pixelsPerPoint).toBeCloseTo(1654 / 595, 3);
  });

  it("finds no scan on a page whose images cover less than half of it, or that has none", () => {
    expect(dominantScanDensity(list(...image(3000, 3000, 200, 200)), A4)).toBeNull();
    expect(dominantScanDensity(list(op(PDF_OPS.save), op(PDF_OPS.restore)), A4)).toBeNull();
  });

  it("counts only the part of an image on the page", () => {
    // Four fifths of the image hang off the page.
    expect(dominantScanDensity(list(...image(2480, 3508, 595, 842, 476, 0)), A4)).toBeNull();
  });

  it("ignores nonsense: degenerate transforms, zero-size images, malformed arguments, an unbalanced restore", () => {
    const ops = list(
      op(PDF_OPS.restore),
      op(PDF_OPS.transform, [0, 0, 0, 0, 0, 0]),
      op(PDF_OPS.paintImageXObject, ["x", 100, 100]),
      op(PDF_OPS.transform, ["a", 1]),
      op(PDF_OPS.paintImageXObject, ["x", 0, 100]),
      op(PDF_OPS.paintImageXObject, null),
      op(PDF_OPS.paintInlineImageXObject, [null]),
    );
    expect(dominantScanDensity(ops, A4)).toBeNull();
    expect(dominantScanDensity(list(...image(2480, 3508, 595, 842)), [0, 0, 0, 0])).toBeNull();
  });
});

describe("scanRenderScale", () => {
  it("renders a scan at its own density up to the max, anything else at the page zoom", () => {
    expect(scanRenderScale({ pixelsPerPoint: 300 / 72, coverage: 1 }, 2, 300 / 72)).toBeCloseTo(300 / 72, 6);
    expect(scanRenderScale({ pixelsPerPoint: 600 / 72, coverage: 1 }, 2, 300 / 72)).toBeCloseTo(300 / 72, 6);
    expect(scanRenderScale({ pixelsPerPoint: 200 / 72, coverage: 1 }, 2, 300 / 72)).toBeCloseTo(200 / 72, 3);
    expect(scanRenderScale(null, 2, 300 / 72)).toBe(2);
  });

  it("never enlarges a low-density scan in the renderer: its pixels go to OCR as scanned (the preparation enlarges them)", () => {
    expect(scanRenderScale({ pixelsPerPoint: 1, coverage: 1 }, 2, 300 / 72)).toBeCloseTo(1, 3);
    expect(scanRenderScale({ pixelsPerPoint: 100 / 72, coverage: 1 }, 2, 300 / 72)).toBeCloseTo(100 / 72, 3);
    // A thumbnail-sized image covering the page is still drawn at a readable minimum.
    expect(scanRenderScale({ pixelsPerPoint: 0.1, coverage: 1 }, 2, 300 / 72)).toBe(MIN_SCAN_SCALE);
  });
});

describe("the operator codes followed", () => {
  it("are pdf.js' own OPS codes (the module keeps a copy so it stays pure)", async () => {
    const { OPS } = (await import("pdfjs-dist/legacy/build/pdf.mjs")) as { OPS: Record<string, number> };
    for (const [name, code] of Object.entries(PDF_OPS)) expect({ name, code }).toEqual({ name, code: OPS[name] });
  });
});
