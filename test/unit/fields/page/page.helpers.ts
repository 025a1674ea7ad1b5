import type { PageModel, RawWord } from "../../../../src/extraction/page/page.model.js";
import { buildPage } from "../../../../src/extraction/page/page.builder.js";

/** A text placed on a 1000×1000 page: `[x, y, text]` with the text's height `h` (10 by default) and 8 units per character. */
export type Placed = [x: number, y: number, text: string, h?: number];

/** Builds a page by hand, splitting each placed text into words proportionally. */
export function pageOf(items: readonly Placed[], confidence = 0.9): PageModel {
  const words: RawWord[] = [];
  for (const [x, y, text, h = 10] of items) {
    const cw = 0.8 * h;
    for (const m of text.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      words.push({ text: m[0], x0: x + m.index * cw, x1: x + (m.index + m[0].length) * cw, y0: y, y1: y + h, confidence });
    }
  }
  return buildPage(words, { page: 1, width: 1000, height: 1000, source: "ocr" });
}
