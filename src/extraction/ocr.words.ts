/**
 * tesseract.js' block → paragraph → line → word tree as {@link RawWord}s in the
 * original image's pixels, with tesseract's block and line ids as hints.
 */
import { boxToOriginal, type PreparedGeometry } from "./ocr-image.preparer.js";
import type { RawWord } from "./page/page.model.js";

/**
 * The part of a recognition result read here: tesseract.js' `Page` has this shape,
 * and the native engine's TSV is parsed into it (ocr.native.ts).
 */
export interface OcrBlockTree {
  blocks?: readonly {
    paragraphs?: readonly { lines?: readonly { words?: readonly { text?: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[] }[] }[];
  }[] | null;
}

/**
 * Flattens tesseract's result. `scale` is prepared px per original px (boxes
 * are divided by it), or the prepared image's geometry (a rotation is undone
 * too, {@link boxToOriginal}); `offset` shifts boxes (for a region read on its own).
 */
export function ocrWords(page: OcrBlockTree, scale: number | PreparedGeometry = 1, offset = { x: 0, y: 0 }): RawWord[] {
  const geometry: PreparedGeometry =
    typeof scale === "number" ? { scale, rotation: 0, scaledWidth: 0, scaledHeight: 0, width: 0, height: 0 } : scale;
  const out: RawWord[] = [];
  let lineId = 0;
  (page.blocks ?? []).forEach((block, blockId) => {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        lineId++;
        for (const word of line.words ?? []) {
          const conf = Number.isFinite(word.confidence) ? Math.min(1, Math.max(0, word.confidence / 100)) : 0;
          const box = boxToOriginal(geometry, word.bbox);
          out.push({
            text: word.text ?? "",
            x0: box.x0 + offset.x,
            y0: box.y0 + offset.y,
            x1: box.x1 + offset.x,
            y1: box.y1 + offset.y,
            confidence: conf,
            blockHint: blockId,
            lineHint: lineId,
          });
        }
      }
    }
  });
  return out;
}

/**
 * The tree with every word's box moved by (`dx`, `dy`) px: words read on a crop of a page (ocr.adapter.ts, the
 * paper crop of paper.crop.ts) put back into the page's pixels before {@link ocrWords} maps them.
 */
export function shiftedTree(page: OcrBlockTree, dx: number, dy: number): OcrBlockTree {
  if (dx === 0 && dy === 0) return page;
  return {
    blocks: (page.blocks ?? []).map((block) => ({
      paragraphs: (block.paragraphs ?? []).map((paragraph) => ({
        lines: (paragraph.lines ?? []).map((line) => ({
          words: (line.words ?? []).map((w) => ({ ...w, bbox: { x0: w.bbox.x0 + dx, y0: w.bbox.y0 + dy, x1: w.bbox.x1 + dx, y1: w.bbox.y1 + dy } })),
        })),
      })),
    })),
  };
}
