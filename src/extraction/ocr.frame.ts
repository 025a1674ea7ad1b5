/**
 * The frame a page's words are grouped in. A page the preparation rotated level
 * (a photographed receipt held a few degrees off square) is read level, but its
 * boxes belong on the original, tilted image: a line of print crosses it at the
 * tilt, so on a receipt 1,000 px wide a 4° tilt moves the line's right end ~70 px
 * (three lines) above or below its left end. Grouped there, `Total` and its
 * amount land on different lines, and every label → value rule that reads "the
 * same line, to the right" fails. So the page is built from the words as read
 * on the level image ({@link readingFrame}) and only then are its boxes mapped
 * to the original image ({@link pageToOriginal}), where highlights and re-OCR
 * crops need them.
 */
import { boxToOriginal, type PixelBox, type PreparedGeometry } from "./ocr-image.preparer.js";
import type { BBox, PageModel } from "./page/page.model.js";

/** Where the words of one read are placed before the page is built from them. */
export interface ReadingFrame {
  /** What `ocrWords` maps the prepared image's boxes with. */
  geometry: PreparedGeometry | number;
  /** The size words are normalised by when the page is built. */
  width: number;
  height: number;
  /** True when the page must still be mapped to the original image ({@link pageToOriginal}). */
  levelled: boolean;
}

/**
 * The frame to build a page in: for a page that was rotated, the level prepared
 * image in original pixel units (its boxes divided by the scale, the rotation
 * kept); otherwise the original image itself.
 */
export function readingFrame(geometry: PreparedGeometry | undefined, scale: number, pageWidth: number, pageHeight: number): ReadingFrame {
  if (!geometry || geometry.rotation === 0) return { geometry: geometry ?? scale, width: pageWidth, height: pageHeight, levelled: false };
  return {
    geometry: { ...geometry, rotation: 0, scaledWidth: geometry.width, scaledHeight: geometry.height },
    width: geometry.width / geometry.scale,
    height: geometry.height / geometry.scale,
    levelled: true,
  };
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * A page built in a levelled {@link readingFrame} with every box (words, lines,
 * blocks) moved onto the original image of `pageWidth` × `pageHeight` px: the
 * upright box around the rotated one ({@link boxToOriginal}), kept within the
 * page. Text, order and spans are unchanged.
 */
export function pageToOriginal(page: PageModel, geometry: PreparedGeometry, pageWidth: number, pageHeight: number): PageModel {
  const move = (b: BBox): BBox => {
    const prepared: PixelBox = { x0: b.x0 * geometry.width, y0: b.y0 * geometry.height, x1: b.x1 * geometry.width, y1: b.y1 * geometry.height };
    const o = boxToOriginal(geometry, prepared);
    return { x0: clamp01(o.x0 / pageWidth), y0: clamp01(o.y0 / pageHeight), x1: clamp01(o.x1 / pageWidth), y1: clamp01(o.y1 / pageHeight) };
  };
  return {
    ...page,
    width: pageWidth,
    height: pageHeight,
    blocks: page.blocks.map((block) => ({
      ...block,
      box: move(block.box),
      lines: block.lines.map((line) => ({ ...line, box: move(line.box), words: line.words.map((w) => ({ ...w, box: move(w.box) })) })),
    })),
  };
}
