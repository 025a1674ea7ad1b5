import { describe, expect, it } from "vitest";
import { preparedCrop, type PreparedPageMemo } from "../../src/extraction/ocr.adapter.js";
import { toPgm, type PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";

/** A prepared page of 20 × 10 px at scale 2, rotated by `rotation` (0: not rotated). */
function memo(flattened: boolean, rotation = 0): PreparedPageMemo {
  const geometry: PreparedGeometry = { scale: 2, rotation, scaledWidth: 20, scaledHeight: 10, width: 20, height: 10 };
  return { pgm: toPgm(Buffer.alloc(200, 255), 20, 10), scale: 2, flattened, geometry };
}

describe("which pixels a region re-read is cut from", () => {
  it("cuts a photographed (flattened) page's regions from its prepared pixels", () => {
    const source = preparedCrop(memo(true), true);
    expect(source).toMatchObject({ width: 20, height: 10, scale: 2 });
    expect(source?.data.length).toBe(200);
  });

  it("cuts a scan (not flattened) from the original, as before", () => {
    expect(preparedCrop(memo(false), true)).toBeUndefined();
  });

  it("cuts from the original when not asked to, or when no page was prepared from these bytes", () => {
    expect(preparedCrop(memo(true), false)).toBeUndefined();
    expect(preparedCrop(undefined, true)).toBeUndefined();
  });

  it("uses a levelled page's pixels only for boxes given on that level page", () => {
    const page = memo(true, -3.5);
    const level = page.geometry as PreparedGeometry;
    expect(preparedCrop(page, true, level)).toBeDefined();
    // A box on the original (no level) of a page that was rotated: its prepared pixels are in another frame.
    expect(preparedCrop(page, true)).toBeUndefined();
  });

  it("uses a page read turned only for boxes given on the page turned alike", () => {
    const turned: PreparedPageMemo = { ...memo(true), turn: 90 };
    expect(preparedCrop(turned, true, undefined, 90)).toBeDefined();
    expect(preparedCrop(turned, true)).toBeUndefined();
    expect(preparedCrop(memo(true), true, undefined, 270)).toBeUndefined();
  });
});
