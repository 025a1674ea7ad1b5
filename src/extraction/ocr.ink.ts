/**
 * Reading the ink a page read left out (see ink.uncovered.ts for how it is
 * found): each region is cropped from the prepared page, enlarged so its
 * glyphs are about {@link INK_GLYPH_TARGET_PX} tall, and read as one line
 * (psm 7; psm 6 read the same on the measured crops, more slowly). A word of
 * the reading joins the page when it is read at least {@link INK_WORD_CONFIDENCE}
 * sure, or when a second crop at another enlargement reads exactly the same
 * word: tesseract reports low confidence for long mixed identifiers
 * (`#BLR_WFLD20151000982590` read right at 0.21–0.31), while noise it turns into
 * letters rarely reads the same twice. Words that are only punctuation (a
 * dashed border read as `|`) are dropped.
 *
 * The engine is the caller's (ocr.adapter.ts): this module sees only a
 * function reading one PGM crop as a line.
 */
import sharp from "sharp";
import { findUncoveredInk, type InkBox, type InkRegion } from "./ink.uncovered.js";
import { boxToOriginal, boxToPrepared, pgmPixels, toPgm, type PreparedGeometry } from "./ocr-image.preparer.js";
import { ocrWords, type OcrBlockTree } from "./ocr.words.js";
import type { RawWord } from "./page/page.model.js";
import { stripUnstorable } from "./page/page.sanitize.js";

/** Default regions read per page (`OCR_INK_MAX_REGIONS`); 0 turns the step off. */
export const DEFAULT_INK_REGIONS = 4;

/** A word read at least this sure joins the page on one reading. */
export const INK_WORD_CONFIDENCE = 0.6;

/** Below this, a word is not taken even when two crops agree on it. */
export const INK_CONFIRMED_FLOOR = 0.1;

/** A region whose words are read this sure on average or less gives nothing. */
export const INK_REGION_CONFIDENCE = 0.5;

/**
 * Only a word of this many letters and digits may join on two agreeing readings below
 * {@link INK_WORD_CONFIDENCE}: the case is a long identifier; short garbage ("Ln", "nin") repeats too easily.
 */
const CONFIRMED_MIN_CHARS = 6;

/** Glyph height (px) a region's crop is enlarged to: tesseract's LSTM reads 30–40 px print best. */
export const INK_GLYPH_TARGET_PX = 40;

/** The enlargement of the confirming crop's glyphs. */
const CONFIRM_GLYPH_PX = 30;

/** What the ink step did on one page. */
export interface InkReport {
  /** Regions read (each crop once; a confirming crop not counted). */
  regions: number;
  /** Words added to the page. */
  words: number;
}

/** Reads one crop (binary PGM) as a single line of text. */
export type LineReader = (pgm: Buffer) => Promise<OcrBlockTree>;

/** Options of {@link readUncoveredInk}. */
export interface InkReadOptions {
  /** Regions read at most; default {@link DEFAULT_INK_REGIONS}. */
  maxRegions?: number;
  /** Checked before each crop: false stops (the page's time budget is spent, the job was cancelled). */
  mayRead?: () => boolean;
}

/** The page being completed: its prepared pixels and how they map to the original image. */
export interface InkPageInput {
  /** The prepared page (binary PGM) the words were read on. */
  pgm: Buffer;
  geometry: PreparedGeometry;
}

interface CropWord {
  text: string;
  confidence: number;
  /** Prepared-image pixels. */
  box: InkBox;
}

/** Letters and digits in a word. */
function alnum(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

/**
 * Marks a frame's edge is read as at a word's ends (`…263|`, `…263;`, `[Ref`): never printed there on purpose
 * often enough to keep.
 */
const FRAME_MARKS = /^[|[\]{}!;]+|[|[\]{}!;]+$/gu;

/** A word without the punctuation at its ends (a leading `#` kept: it is part of identifiers). */
function core(text: string): string {
  return text.replace(/^[^\p{L}\p{N}#]+|[^\p{L}\p{N}]+$/gu, "");
}

/** A word worth keeping: it has at least two letters or digits (a border read as `|` or `-` has none). */
function meaningful(text: string): boolean {
  return alnum(text) >= 2;
}

function overlapShare(a: InkBox, b: InkBox): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  const area = (a.x1 - a.x0) * (a.y1 - a.y0);
  return w <= 0 || h <= 0 || area <= 0 ? 0 : (w * h) / area;
}

/**
 * How far a crop reaches beyond its region's glyphs, in glyph heights: tight, because what psm 4 skipped is
 * often framed, and a border caught in the crop (dashes above and below the value) cost the measured reading
 * its confidence (0.79 → 0.06) and its word boxes.
 */
const CROP_MARGIN = 0.3;

/** Crops `region` (with {@link CROP_MARGIN}) from the prepared pixels, enlarged to `glyphPx`, as PGM. */
async function cropOf(pixels: Uint8Array, width: number, height: number, region: InkRegion, glyphPx: number): Promise<{ pgm: Buffer; left: number; top: number; scale: number; margin: number }> {
  const m = Math.max(1, Math.round(CROP_MARGIN * region.glyphHeight));
  const left = Math.max(0, region.x0 - m);
  const top = Math.max(0, region.y0 - m);
  const w = Math.max(1, Math.min(width, region.x1 + m) - left);
  const h = Math.max(1, Math.min(height, region.y1 + m) - top);
  const scale = Math.min(4, Math.max(1, glyphPx / region.glyphHeight));
  const margin = Math.round(glyphPx / 3);
  const { data, info } = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, width * height), { raw: { width, height, channels: 1 } })
    .extract({ left, top, width: w, height: h })
    .resize({ width: Math.max(1, Math.round(w * scale)), kernel: "lanczos3" })
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: 255, g: 255, b: 255 } })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pgm: toPgm(data, info.width, info.height), left, top, scale: (info.width - 2 * margin) / w, margin };
}

/** Reads one region at one enlargement: its words in prepared pixels, those centred inside the region. */
async function readRegion(pixels: Uint8Array, width: number, height: number, region: InkRegion, glyphPx: number, readLine: LineReader): Promise<CropWord[]> {
  const crop = await cropOf(pixels, width, height, region, glyphPx);
  const tree = await readLine(crop.pgm);
  const toX = (x: number) => crop.left + (x - crop.margin) / crop.scale;
  const toY = (y: number) => crop.top + (y - crop.margin) / crop.scale;
  return ocrWords(tree)
    .map((w) => ({ text: stripUnstorable(w.text).trim(), confidence: w.confidence, box: { x0: toX(w.x0), y0: toY(w.y0), x1: toX(w.x1), y1: toY(w.y1) } }))
    .filter((w) => {
      const cx = (w.box.x0 + w.box.x1) / 2;
      const cy = (w.box.y0 + w.box.y1) / 2;
      // The crop's margin may catch the edge of a neighbouring line or a border: only what lies in the region counts.
      return w.text !== "" && cx >= region.x0 && cx <= region.x1 && cy >= region.y0 && cy <= region.y1;
    });
}

/**
 * Finds the inked regions of a prepared page that none of `words` (the page
 * read, in original pixels) covers, reads them (see the module comment) and
 * returns the words to add, in original pixels, each region's words with a
 * line hint of their own.
 */
export async function readUncoveredInk(page: InkPageInput, words: readonly RawWord[], readLine: LineReader, opts: InkReadOptions = {}): Promise<{ words: RawWord[]; report: InkReport }> {
  const report: InkReport = { regions: 0, words: 0 };
  const maxRegions = opts.maxRegions ?? DEFAULT_INK_REGIONS;
  if (maxRegions <= 0) return { words: [], report };
  const px = pgmPixels(page.pgm);
  if (!px) return { words: [], report };
  const covered = words.map((w) => boxToPrepared(page.geometry, w));
  const regions = findUncoveredInk(px.data, px.width, px.height, covered, { maxRegions });
  const out: RawWord[] = [];
  for (const [i, region] of regions.entries()) {
    if (opts.mayRead && !opts.mayRead()) break;
    report.regions += 1;
    const first = (await readRegion(px.data, px.width, px.height, region, INK_GLYPH_TARGET_PX, readLine)).filter((w) => meaningful(w.text));
    if (first.length === 0) continue;
    // Noise tesseract turns into letters reads unsure as a whole ("Ta ew We" at 0.14–0.24): nothing of it is taken,
    // and no confirming crop is read for it.
    if (first.reduce((n, w) => n + w.confidence, 0) / first.length < INK_REGION_CONFIDENCE) continue;
    let confirm: CropWord[] = [];
    if (first.some((w) => w.confidence < INK_WORD_CONFIDENCE && w.confidence >= INK_CONFIRMED_FLOOR) && (!opts.mayRead || opts.mayRead())) {
      confirm = await readRegion(px.data, px.width, px.height, region, CONFIRM_GLYPH_PX, readLine);
    }
    for (const read of first) {
      const sure = read.confidence >= INK_WORD_CONFIDENCE;
      const confirmed =
        read.confidence >= INK_CONFIRMED_FLOOR &&
        alnum(read.text) >= CONFIRMED_MIN_CHARS &&
        confirm.some((c) => core(c.text) === core(read.text) && overlapShare(read.box, c.box) > 0.5);
      if (!sure && !confirmed) continue;
      // Two readings agreeing on a word but not on a mark at its end: the mark is the frame, not the word.
      const w = { ...read, text: confirmed && !sure ? core(read.text) : read.text.replace(FRAME_MARKS, "") };
      if (!meaningful(w.text)) continue;
      // A word the page read already (the region's margin reached it) is not added twice.
      if (covered.some((c) => overlapShare(w.box, c) > 0.3)) continue;
      const b = boxToOriginal(page.geometry, w.box);
      out.push({ text: w.text, confidence: w.confidence, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, blockHint: -1 - i, lineHint: -1 - i });
      report.words += 1;
    }
  }
  return { words: out, report };
}
