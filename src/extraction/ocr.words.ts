/**
 * tesseract.js' block → paragraph → line → word tree as {@link RawWord}s in the
 * original image's pixels, with tesseract's block and line ids as hints.
 */
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
 * are divided by it); `offset` shifts boxes (for a region read on its own).
 */
export function ocrWords(page: OcrBlockTree, scale = 1, offset = { x: 0, y: 0 }): RawWord[] {
  const out: RawWord[] = [];
  let lineId = 0;
  (page.blocks ?? []).forEach((block, blockId) => {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        lineId++;
        for (const word of line.words ?? []) {
          const conf = Number.isFinite(word.confidence) ? Math.min(1, Math.max(0, word.confidence / 100)) : 0;
          out.push({
            text: word.text ?? "",
            x0: word.bbox.x0 / scale + offset.x,
            y0: word.bbox.y0 / scale + offset.y,
            x1: word.bbox.x1 / scale + offset.x,
            y1: word.bbox.y1 / scale + offset.y,
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
