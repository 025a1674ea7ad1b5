/**
 * Ink the page read left out: text-like marks on the prepared page image that
 * no OCR word box covers.
 *
 * Why: tesseract's single-column segmentation (psm 4) sometimes drops a whole
 * region of print, typically a value framed by a (dashed) box or set in a
 * shaded cell beside the page's column, and the field that value is (an
 * invoice number) is then simply absent. The regions found here are read
 * again on their own (ocr.adapter.ts), and what is read surely joins the page.
 *
 * How, on the grey prepared page (dark print on light paper), cheaply:
 * binarised at Otsu's level on a copy reduced to at most {@link FINDER_MAX_SIDE}
 * px (minimum per cell, so thin strokes survive); 8-connected components; the
 * glyph-sized ones (height near the page's own print height, measured on the
 * components the OCR words cover) whose centre no word box covers are grouped
 * into lines (neighbours on one baseline with gaps of at most about one
 * letter height). A line is a candidate when it holds several glyphs of
 * similar height and is not a row of bars: rules and dashed borders are too
 * flat or too thin to be glyphs, a filled box or logo blob is too dense or
 * too tall, a barcode is mostly thin solid bars, speckle is too small, and a
 * signature's strokes are few and of uneven size. What remains doubtful is
 * settled by the reading's confidence (the caller's floor).
 */
import { inkComponents, otsuThreshold, reduceByMinimum, type InkComponent as Component } from "./ink.raster.js";

/** Pages larger than this (longer side, px) are searched on a copy reduced by an integer factor. */
export const FINDER_MAX_SIDE = 2000;

/** A box in pixels of the searched (prepared) image. */
export interface InkBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A line of uncovered glyph-like ink. */
export interface InkRegion extends InkBox {
  /** Glyph-like components in it. */
  glyphs: number;
  /** Median height of its glyphs (px of the searched image). */
  glyphHeight: number;
}

/** Options of {@link findUncoveredInk}. */
export interface UncoveredInkOptions {
  /** Return at most this many regions, the ones with the most glyphs first; default 4. */
  maxRegions?: number;
  /** Fewest glyphs a region needs; default {@link MIN_REGION_GLYPHS}. */
  minGlyphs?: number;
}

/**
 * A line needs this many glyphs: a value worth reading (an id, a date, an amount) has more, and two or
 * three stray marks side by side (the corner of a stamp, specks) are the commonest false find.
 */
export const MIN_REGION_GLYPHS = 4;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** The box around components. */
function spanOf(members: readonly Component[]): InkBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const c of members) {
    x0 = Math.min(x0, c.x0);
    y0 = Math.min(y0, c.y0);
    x1 = Math.max(x1, c.x1);
    y1 = Math.max(y1, c.y1);
  }
  return { x0, y0, x1, y1 };
}

/**
 * Lines of glyph-like ink on an 8-bit grey image (`width`×`height`, dark on
 * light) that none of the `covered` boxes (pixels of the same image: the OCR
 * words already read) covers, most glyphs first. Empty when the page has no
 * covered print to measure its print height on and no clear print at all.
 */
export function findUncoveredInk(grey: Uint8Array, width: number, height: number, covered: readonly InkBox[], opts: UncoveredInkOptions = {}): InkRegion[] {
  const maxRegions = opts.maxRegions ?? 4;
  const minGlyphs = opts.minGlyphs ?? MIN_REGION_GLYPHS;
  if (maxRegions <= 0 || width <= 0 || height <= 0 || grey.length < width * height) return [];
  const { grey: small, w, h, factor: f } = reduceByMinimum(grey, width, height, FINDER_MAX_SIDE);
  if (w < 16 || h < 16) return [];
  const cut = otsuThreshold(small);
  // A page with hardly any contrast (blank paper, a uniform photo) has no print to find.
  if (cut < 32) return [];
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = (small[i] as number) < cut ? 1 : 0;
  const comps = inkComponents(ink, w, h);

  // Covered boxes on the reduced image, as a mask: a component is covered when its centre is.
  const mask = new Uint8Array(w * h);
  for (const b of covered) {
    const x0 = Math.max(0, Math.floor(b.x0 / f));
    const y0 = Math.max(0, Math.floor(b.y0 / f));
    const x1 = Math.min(w - 1, Math.ceil(b.x1 / f));
    const y1 = Math.min(h - 1, Math.ceil(b.y1 / f));
    for (let y = y0; y <= y1; y++) mask.fill(1, y * w + x0, y * w + x1 + 1);
  }
  const centreCovered = (c: Component) => mask[((c.y0 + c.y1) >> 1) * w + ((c.x0 + c.x1) >> 1)] === 1;

  // The page's print height: the median height of the letter-sized components the OCR words cover.
  const letterish = (c: Component) => {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    return ch >= 4 && ch <= h / 20 && cw <= 1.5 * ch;
  };
  const coveredHeights = comps.filter((c) => letterish(c) && centreCovered(c)).map((c) => c.y1 - c.y0 + 1);
  const ref = coveredHeights.length >= 10 ? median(coveredHeights) : median(comps.filter(letterish).map((c) => c.y1 - c.y0 + 1));
  if (!(ref >= 4)) return [];

  // Glyph-like components nobody read. Letters that touch (dense print, an underscore joining a run of capitals)
  // make wide components, so width is bounded loosely; height and fill tell glyphs from rules, blobs and specks.
  const glyphs = comps.filter((c) => {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    if (ch < 0.45 * ref || ch > 2.2 * ref || cw > 12 * ch) return false;
    const fill = c.area / (ch * cw);
    // A filled box, a logo blob, a stamp's solid part.
    if (fill > 0.85 && cw > 0.6 * ch && ch > 0.6 * ref) return false;
    // Ring-like outlines (a frame's corner, a circle) cover their box thinly.
    if (cw > 2 * ch && fill < 0.12) return false;
    return !centreCovered(c);
  });
  if (glyphs.length < minGlyphs) return [];

  // Glyphs → lines: neighbours on one baseline, at most ~1.1 letter heights apart (a word space is less).
  glyphs.sort((a, b) => a.x0 - b.x0);
  const parent = glyphs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  for (let i = 0; i < glyphs.length; i++) {
    const a = glyphs[i] as Component;
    for (let j = i + 1; j < glyphs.length; j++) {
      const b = glyphs[j] as Component;
      if (b.x0 - a.x1 > 1.1 * ref) break;
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
      const lower = Math.min(a.y1 - a.y0 + 1, b.y1 - b.y0 + 1);
      if (overlap >= 0.5 * lower) parent[find(j)] = find(i);
    }
  }
  const clusters = new Map<number, Component[]>();
  glyphs.forEach((g, i) => {
    const root = find(i);
    const list = clusters.get(root) ?? [];
    list.push(g);
    clusters.set(root, list);
  });
  // Clusters → rows: a label and its value far to the right ("TOTAL      3.70", big print psm 4 dropped) are
  // one line of print whatever the gap, and one crop reads them as one line; a short value ("3.70": the point is
  // no glyph) would fall below the glyph count on its own, and the label alone misleads the field extractors.
  const list = [...clusters.values()].map((members) => ({ members, ...spanOf(members), mh: median(members.map((c) => c.y1 - c.y0 + 1)) }));
  list.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  type Row = { parts: typeof list; y1: number };
  const rows: Row[] = [];
  // A sweep down the page: only rows still reaching the cluster's top can take it (a page the read missed
  // much of holds thousands of clusters).
  let open: Row[] = [];
  for (const c of list) {
    open = open.filter((r) => r.y1 >= c.y0);
    const row = open.find((r) =>
      r.parts.some((o) => {
        const overlap = Math.min(o.y1, c.y1) - Math.max(o.y0, c.y0) + 1;
        const ratio = Math.max(o.mh, c.mh) / Math.max(1, Math.min(o.mh, c.mh));
        return overlap >= 0.5 * Math.min(o.y1 - o.y0 + 1, c.y1 - c.y0 + 1) && ratio <= 1.6;
      }),
    );
    if (row) {
      row.parts.push(c);
      row.y1 = Math.max(row.y1, c.y1);
    } else {
      const fresh = { parts: [c], y1: c.y1 };
      rows.push(fresh);
      open.push(fresh);
    }
  }
  const groups = rows.map((r) => r.parts.flatMap((c) => c.members));

  const regions: InkRegion[] = [];
  for (const members of groups) {
    if (members.length < minGlyphs) continue;
    const heights = members.map((c) => c.y1 - c.y0 + 1);
    const mh = median(heights);
    // Glyphs of one line of print share a size; a signature's or a stamp's fragments do not.
    const even = heights.filter((x) => x >= 0.6 * mh && x <= 1.5 * mh).length;
    if (even < 0.75 * members.length || mh < 0.6 * ref) continue;
    // A barcode: mostly thin, solid, equally tall bars.
    const bars = members.filter((c) => {
      const cw = c.x1 - c.x0 + 1;
      const ch = c.y1 - c.y0 + 1;
      return cw < 0.3 * ch && c.area > 0.8 * cw * ch;
    }).length;
    if (bars > 0.5 * members.length) continue;
    const { x0, y0, x1, y1 } = spanOf(members);
    if (x1 - x0 + 1 < 2.5 * mh) continue;
    regions.push({ x0: x0 * f, y0: y0 * f, x1: (x1 + 1) * f, y1: (y1 + 1) * f, glyphs: members.length, glyphHeight: mh * f });
  }
  return regions.sort((a, b) => b.glyphs - a.glyphs || a.y0 - b.y0).slice(0, maxRegions);
}
