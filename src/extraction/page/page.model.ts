/**
 * The page model: what every later stage of extraction reads instead of a plain
 * string. A page is words with boxes and confidences, grouped into lines and
 * blocks in reading order by geometry, whatever produced it (the PDF text
 * layer or OCR). The page text used for search and for the processed text is
 * rendered from it, and every word knows its character span in that text, so a
 * field found in the text maps back to a box on the page and vice versa.
 *
 * This file is the contract between the producers (`page.builder.ts`, the PDF
 * text layer and the OCR adapter) and the consumers (field extraction,
 * classification, the API). Pure types and one pure box mapping: no I/O.
 */

/**
 * An axis-aligned box in normalised page coordinates: 0–1 of the page's width
 * and height, origin top-left (y grows downwards), as a client overlays it on a
 * rendered page image of any size.
 */
export interface BBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where a page's words came from. */
export type PageSource = "text_layer" | "ocr";

/** One word: a run of non-space characters as its producer reported it. */
export interface PageWord {
  /** Sanitised text (no NUL, no other non-characters or controls; never empty, never contains whitespace). */
  text: string;
  box: BBox;
  /** How sure the reading is, 0–1: tesseract's word confidence / 100 for OCR, 1 for a text layer. */
  confidence: number;
  /** Character span of this word in {@link PageModel.text}: `text === page.text.slice(start, end)`. */
  start: number;
  end: number;
}

/** Words on one baseline, left to right. */
export interface PageLine {
  words: PageWord[];
  box: BBox;
  /** Character span of the line in {@link PageModel.text} (`end` exclusive). */
  start: number;
  end: number;
}

/** Lines that belong together (a paragraph, a column, a table cell group), top to bottom. */
export interface PageBlock {
  lines: PageLine[];
  box: BBox;
}

/**
 * A quarter turn in degrees clockwise: how a scanned PDF page shows its image (`pdf.page-image.ts`), how the OCR
 * preparation turns a page that lies on its side (`ocr-image.preparer.ts`), and a page model's {@link PageModel.rotation}.
 */
export type QuarterTurn = 0 | 90 | 180 | 270;

/** One page of a document. */
export interface PageModel {
  /** 1-based page number. */
  page: number;
  /** Size of the page in its producer's units (PDF points or image pixels); boxes are normalised by these. */
  width: number;
  height: number;
  source: PageSource;
  /** Blocks in reading order. */
  blocks: PageBlock[];
  /**
   * The page text in reading order, rendered from the blocks: words of a line
   * joined by one space (a wide gap by a tab), lines by `\n`, blocks by a blank
   * line. Every word's and line's `start`/`end` index into this string.
   */
  text: string;
  /** Mean word confidence of the page (1 for a text layer, 0 for an empty page). */
  confidence: number;
  /**
   * OCR of a page that lay on its side or upside down: degrees clockwise (90, 180 or 270) the image as given (an
   * upload after its EXIF orientation, a PDF page as rendered) was turned to read it upright. Every box, line and
   * the reading order then describe the turned, upright page, and `width`/`height` are its size (swapped for a
   * quarter turn); a box on the image as given is {@link turnBack}'s. Absent: read as given (0).
   */
  rotation?: Exclude<QuarterTurn, 0>;
}

/**
 * A box on a page model turned `rotation` degrees clockwise ({@link PageModel.rotation}) mapped back onto the image
 * the page was read from (before the turn), normalised to that image. The identity for 0 or absent.
 */
export function turnBack(box: BBox, rotation: number | undefined): BBox {
  switch (rotation) {
    case 90:
      // The image was turned 90° clockwise: an upright point (u, v) came from (v, 1 − u).
      return { x0: box.y0, y0: 1 - box.x1, x1: box.y1, y1: 1 - box.x0 };
    case 180:
      return { x0: 1 - box.x1, y0: 1 - box.y1, x1: 1 - box.x0, y1: 1 - box.y0 };
    case 270:
      return { x0: 1 - box.y1, y0: box.x0, x1: 1 - box.y0, y1: box.x1 };
    default:
      return box;
  }
}

/**
 * A box on the image a page was read from (before the turn; where a person points on a page preview) mapped onto
 * the page model turned `rotation` degrees clockwise: the inverse of {@link turnBack}. The identity for 0 or absent.
 */
export function turnForward(box: BBox, rotation: number | undefined): BBox {
  switch (rotation) {
    case 90:
      // An image point (x, y) lands at (1 − y, x) once turned 90° clockwise.
      return { x0: 1 - box.y1, y0: box.x0, x1: 1 - box.y0, y1: box.x1 };
    case 180:
      return turnBack(box, 180);
    case 270:
      return { x0: box.y0, y0: 1 - box.x1, x1: box.y1, y1: 1 - box.x0 };
    default:
      return box;
  }
}

/**
 * A word as a producer reports it, before grouping: its box in the producer's
 * own units (PDF points or pixels, origin top-left), not yet normalised.
 */
export interface RawWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0–1. */
  confidence: number;
  /**
   * Optional grouping hints from the producer (tesseract's block and line ids);
   * a builder may use them, but geometry decides reading order.
   */
  blockHint?: number;
  lineHint?: number;
  /**
   * Set for a word whose baseline runs vertically on the page: `up` reads bottom to top, `down` top to bottom (a
   * margin note, a rotated footer or side label). Such words are read as lines of their own, never as part of a
   * horizontal row they happen to cross.
   */
  turned?: "up" | "down";
}
