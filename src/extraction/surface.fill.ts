/**
 * The surface around a photographed page, given the paper's grey before tesseract reads it.
 *
 * A phone photo shows the table (or hand, or lap) around the receipt. Lighting flattening (lighting.flatten.ts)
 * leaves that surface a flat mid grey: its cells hold no paper, so they borrow their neighbour's paper brightness
 * and are divided by it. tesseract binarises the page with one global Otsu cut, and on a page that is mostly white
 * paper with sparse print — a small receipt in a big frame — that cut falls between the grey surface and the white
 * paper, not between the print and the paper: the surface turns into one solid black frame around the whole page.
 * Its outline then holds every glyph of the page as a hole, and tesseract's page layout loses whole columns next
 * to it (on a synthetic photo of a receipt scanned on an A4 sheet, psm 4 and psm 3 alike read the description column
 * and dropped the quantity and amount columns, which read again once the frame was white).
 *
 * The rule: the pixels on the dark side of the page's own Otsu cut that are connected (4-neighbours) to the image's border
 * are the surface, when together they cover at least {@link MIN_SURFACE_SHARE} of the image; they take the paper's
 * grey (the median of the pixels on the light side of the cut). Print is not connected to the border (it sits on
 * paper), so it is kept; after the change tesseract's Otsu cut falls between print and paper again. Not white: where
 * the paper stays grey (200–230: lighting not flattened, or not all of it), a white surround beside it moved the cut
 * between paper and surround instead — the whole paper black, nothing read (3 of 60 synthetic photos). A scan whose
 * paper reaches its edges has no such region and is unchanged.
 *
 * A preparation option, off by default (`OcrPrepOptions.fillSurface`): it wins on photos with dark print and loses on
 * photos with faint print, whose strokes were dark only because the grey frame pulled the cut up (README, Extraction).
 * So the fill is undone where the filled page's own cut would turn the page's print light ({@link fillKeepsPrint}).
 */

import { otsuThreshold } from "./ink.raster.js";

/**
 * Border-connected dark pixels must cover at least this share of the image to count as a surface: a glyph or a
 * rule that touches a tightly cropped page's edge is far below it; the surface of a photo with a 5 % margin
 * around the page (both sides, both axes) covers ~20 %.
 */
export const MIN_SURFACE_SHARE = 0.02;

/** At most this many rounds of cut → fill (see {@link fillSurface}). */
export const MAX_SURFACE_PASSES = 3;

/**
 * The fill is kept only when the page's own print stays dark under the cut tesseract will take of the filled page:
 * at most this share of the pixels that were dark on the paper (not filled) may turn light. On the 60 tuning photos
 * of bench:ocr-photo the pages whose fill gained (dark print: 0.12–0.27 of the paper's dark pixels lost, mostly the
 * anti-aliased rims of strokes) and those that lost (faint print, leftover shading: 0.33–0.48) fall on either side.
 */
export const MAX_PRINT_LOST = 0.3;

/**
 * Whether a fill is kept (the gate, pure): the cut of the filled page must not rise above the cut of the page as it
 * was — a rising cut means the grey frame had been holding it down and the paper's own shading is about to turn dark
 * (a photo whose paper grey ranged 200–250 read half its characters) — and it must keep at least
 * 1 − {@link MAX_PRINT_LOST} of the paper's dark pixels dark: when it drops more, the print was faint and dark only
 * because the frame had pulled the cut up.
 */
export function fillKeepsPrint(cutBefore: number, cutAfter: number, paperDark: number, paperDarkLost: number): boolean {
  if (cutAfter > cutBefore) return false;
  if (paperDark === 0) return true;
  return paperDarkLost / paperDark <= MAX_PRINT_LOST;
}

/** What {@link fillSurface} found and did. */
export interface SurfaceReport {
  /** The Otsu cut (grey level) at or below which a pixel counted as dark, in the last pass that filled (or the first). */
  cut: number;
  /** Share of the image's pixels that were dark and connected to its border (summed over the passes that filled). */
  share: number;
  /** The grey those pixels were given: the median of the light side of the cut (the paper). */
  paper: number;
  /** True when some pixels were set to {@link paper} (and the gate, {@link fillKeepsPrint}, kept them). */
  changed: boolean;
  /** Passes that filled (0–{@link MAX_SURFACE_PASSES}). */
  passes: number;
  /** The fill was computed and then undone by {@link fillKeepsPrint}: the page's print was too faint for it. */
  undone?: boolean;
}

/**
 * Gives the surface around a page (dark pixels connected to the image's border, see the module comment) the paper's
 * grey, in place, when it covers at least {@link MIN_SURFACE_SHARE} of the image; then cuts again and fills what the
 * new cut leaves dark around the page, up to {@link MAX_SURFACE_PASSES} times. The fill is undone (pixels as given)
 * when {@link fillKeepsPrint} says the print would not survive the filled page's cut.
 */
export function fillSurface(pixels: Uint8Array, width: number, height: number): SurfaceReport {
  const n = width * height;
  if (width < 3 || height < 3 || pixels.length < n) return { cut: 0, share: 0, paper: 255, changed: false, passes: 0 };
  const page = pixels.subarray(0, n);
  const before = new Uint8Array(page);
  const cutBefore = otsuThreshold(before);
  const filled = filledRegion(page, width, height);
  if (!filled.report.changed) return filled.report;
  // The paper's dark pixels (print, shading) as the page was cut before, and how many of them the filled page's cut
  // turns light.
  const cutAfter = otsuThreshold(page);
  let paperDark = 0;
  let lost = 0;
  for (let i = 0; i < n; i++) {
    if (filled.mask[i] === 1 || (before[i] as number) > cutBefore) continue;
    paperDark += 1;
    if ((page[i] as number) > cutAfter) lost += 1;
  }
  if (fillKeepsPrint(cutBefore, cutAfter, paperDark, lost)) return filled.report;
  page.set(before);
  return { ...filled.report, changed: false, undone: true };
}

/** The fill passes of {@link fillSurface}, in place, with the mask of every pixel they set. */
function filledRegion(page: Uint8Array, width: number, height: number): { report: SurfaceReport; mask: Uint8Array } {
  const n = width * height;
  const mask = new Uint8Array(n);
  let report: SurfaceReport = { cut: 0, share: 0, paper: 255, changed: false, passes: 0 };
  // Filled once, the cut is taken again: a lighter part of the surface (a shaded wedge, the lit side of the table) that
  // was on the light side of the first cut can be the dark side of the next, and would be the next black frame.
  for (let pass = 1; pass <= MAX_SURFACE_PASSES; pass++) {
    const cut = otsuThreshold(page);
    const paper = lightMedian(page, cut);
    const region = borderConnectedDark(page, width, height, cut);
    let count = 0;
    for (let i = 0; i < n; i++) count += region[i] as number;
    const share = count / n;
    if (share < MIN_SURFACE_SHARE) return { report: report.changed ? report : { cut, share, paper, changed: false, passes: 0 }, mask };
    for (let i = 0; i < n; i++) {
      if (region[i] === 1) {
        page[i] = paper;
        mask[i] = 1;
      }
    }
    report = { cut, share: report.share + share, paper, changed: true, passes: pass };
  }
  return { report, mask };
}

/** The median grey of the pixels above `cut`; 255 when there are none. */
function lightMedian(pixels: Uint8Array, cut: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i] as number] += 1;
  let light = 0;
  for (let v = cut + 1; v < 256; v++) light += hist[v] as number;
  let seen = 0;
  for (let v = cut + 1; v < 256; v++) {
    seen += hist[v] as number;
    if (seen * 2 >= light && light > 0) return v;
  }
  return 255;
}

/**
 * 1 for every pixel at or below `cut` (the dark class of an Otsu cut, as tesseract binarises: above it is white)
 * reachable from the image's border through 4-connected pixels at or below `cut`.
 */
export function borderConnectedDark(pixels: Uint8Array, width: number, height: number, cut: number): Uint8Array {
  const region = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  const seed = (i: number) => {
    if (region[i] === 0 && (pixels[i] as number) <= cut) {
      region[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (top > 0) {
    const i = stack[--top] as number;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i < (height - 1) * width) seed(i + width);
  }
  return region;
}
