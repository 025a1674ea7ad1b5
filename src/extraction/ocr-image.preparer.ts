/**
 * Image preparation before OCR, with sharp: what a photo or scan needs before
 * tesseract reads it well, and in a form it decodes fast.
 *
 * - EXIF orientation applied (`rotate()`), so a phone photo taken sideways is
 *   read upright and boxes refer to the image as people see it (a scanned PDF
 *   page's own JPEG carries the page's turn so: `pdf.page-jpeg.ts`);
 * - greyscale, contrast stretched on L* from the darkest to the lightest pixel
 *   (contrast.stretch.ts, on the scaled pixels in one pass): thermal receipts
 *   are often faint grey on grey;
 * - scaled so text lands near the size tesseract's LSTM model reads best;
 * - unevenly lit pages (photos: a gradient, a shadow) divided by an estimate of
 *   their paper's brightness (lighting.flatten.ts), only when the lighting
 *   varies strongly across the page;
 * - a flattened page whose print measures blurred (blur.estimate.ts: edges
 *   at least `sharpenAboveEdgeWidth` px wide) sharpened with an unsharp mask
 *   (optionally median-filtered first when its paper measures noisy,
 *   `denoiseAboveNoise`, noise.estimate.ts; off by default);
 * - a page whose text is measurably tilted (skew.estimate.ts, at least
 *   {@link MIN_DESKEW_DEGREES}) rotated level;
 * - handed over as binary PGM (a 15-byte header and raw bytes): leptonica
 *   decodes it with no inflate/IDCT, and no colour channels to drop.
 *
 * Boxes tesseract reports on the prepared image are mapped back to the original
 * image with {@link boxToOriginal} (undo the rotation, then the scale).
 */
import sharp from "sharp";
import { estimateBlur } from "./blur.estimate.js";
import { stretchContrast } from "./contrast.stretch.js";
import { readImageSize } from "./image-header.js";
import { flattenLighting } from "./lighting.flatten.js";
import { estimateNoise } from "./noise.estimate.js";
import { estimateSkew, type SkewEstimate } from "./skew.estimate.js";
import { estimateTextHeight } from "./text-height.estimate.js";
import { fillSurface } from "./surface.fill.js";
import { cropKeepsPrint, cropPixels, findPaperCrop, type PaperCrop } from "./paper.crop.js";
import type { QuarterTurn } from "./page/page.model.js";

/** How to prepare an image; the defaults are what `bench/ocr-quality.ts` measured best. */
export interface OcrPrepOptions {
  /**
   * Scale so the image is at least this wide (px), never beyond `maxScale`.
   * Receipts photographed or scanned narrow carry text too small for the
   * model; wider images are left as they are. 0 disables scaling.
   */
  minWidth?: number;
  /** Upper bound of the scale factor. */
  maxScale?: number;
  /**
   * Scale down so the image is at most this wide (px): a receipt scanned as a
   * 600 dpi A4 page carries 60–70 px letters, far above what the model needs,
   * and costs tesseract 4× the time of a 300 dpi page. 0 disables.
   */
  maxWidth?: number;
  /** Stretch the contrast (contrast.stretch.ts), after scaling. */
  normalise?: boolean;
  /** Binarise at this grey level (0–255) after normalising; undefined leaves grey. */
  threshold?: number;
  /** Divide unevenly lit pages by their paper's brightness (lighting.flatten.ts), before the contrast stretch. */
  flattenLighting?: boolean;
  /** Rotate pages whose text is measurably tilted level (skew.estimate.ts), after the contrast stretch. */
  deskew?: boolean;
  /**
   * Enlarge further when the page's print, after the width rule's scale, is smaller than this (px: median
   * glyph height measured by text-height.estimate.ts on the original page): a full-page invoice scanned at
   * 100–150 dpi passes the width rule unscaled with 7–12 px print. Bounded by {@link MAX_TEXT_SCALE} and
   * {@link MAX_TEXT_SCALED_WIDTH}; never scales down. Absent or 0 (the default): off. Off by default because
   * `npm run bench:ocr-scale` found no clear gain (README, Extraction); it stays for measuring.
   */
  minTextHeightPx?: number;
  /**
   * Unsharp mask of this σ (px of the scaled page, sharp's `sharpen`) after the contrast stretch; 0: none. A phone
   * photo's print is blurred (focus, shake, the camera's own smoothing), and a blurred decimal point or thin stroke
   * falls below tesseract's threshold. Default 0.7, only on pages whose lighting was flattened and whose print
   * measures blurred (`sharpenOnlyUneven`, `sharpenAboveEdgeWidth`): on the 60 tuning photos of bench:ocr-photo
   * σ 0.7 read 3 more totals, 5 more dates and 1 more name; σ 1 and 1.5 lost totals (README, Extraction).
   */
  sharpenSigma?: number;
  /** Sharpen only pages whose lighting was flattened (photographs), not evenly lit scans. Default true. */
  sharpenOnlyUneven?: boolean;
  /**
   * Sharpen only pages whose print is measurably blurred: median edge width (blur.estimate.ts, measured on the
   * scaled, stretched page and divided by the scale, so in the image's own pixels) at least this many px. Absent
   * or 0: no measurement (every page `sharpenSigma` and `sharpenOnlyUneven` allow).
   */
  sharpenAboveEdgeWidth?: number;
  /**
   * Median filter (after the contrast stretch, before the unsharp mask) a page the mask is about to sharpen whose
   * paper measures at least this noisy: noise.estimate.ts, σ in grey levels on the image's own grey pixels (before
   * scaling and stretching). A phone camera's sensor grain, stretched and then sharpened with the print, breaks
   * strokes into speckle. The synthetic photos of bench:ocr-photo measure 0.01–0.44 without sensor noise, 0.41–4.2
   * with it. Absent or 0 (the default): off — at 0.5 on the 60 tuning photos with perspective and noise it read
   * 2.7 points more characters, 2 more dates and 5 more names but 4 fewer totals (likely a 3 px median erasing the
   * decimal point of small print; not checked), so it stays an option for measuring. Pages the mask leaves alone (every
   * shared scan) are never filtered.
   */
  denoiseAboveNoise?: number;
  /** Size of that median filter (px of the scaled page, odd). Default 3. */
  denoiseMedian?: number;
  /**
   * Instead of the median, a Gaussian blur of this σ (px of the scaled page, ≥ 0.3; sharp's kernel is a single tap, so
   * no blur, below ~0.6): softens grain without erasing small specks such as a decimal point. Absent: the median.
   */
  denoiseBlurSigma?: number;
  /**
   * Give the surface around the page — dark pixels connected to the image's border, at least 2 % of it — the paper's
   * grey (surface.fill.ts), as the last step before `threshold`: tesseract's global Otsu cut otherwise turns a
   * photo's grey table into one black frame around the page, next to which its layout drops whole columns. Absent
   * (the default): off — on the 60 tuning photos of bench:ocr-photo (with re-reads) it read 2 more totals but 1 date
   * and 3 names fewer (characters 62.8 → 63.0 %): pages with faint print or unflattened shading lost what the grey
   * frame's higher cut had kept dark (README, Extraction). Gated since (`fillKeepsPrint`: undone when the filled
   * page's cut rises or turns over 30 % of the paper's dark pixels light): characters 62.8 → 63.8 %, fields summed a
   * tie (149 = 149), so still off; an option for measuring.
   */
  fillSurface?: boolean;
  /**
   * Have tesseract read only the page's paper (paper.crop.ts: the largest light region's box, when it is plausible
   * paper and removes at least 8 % of the image): the surface around a photographed receipt, whatever its share of the
   * image, then neither turns into a black frame under tesseract's global cut nor moves that cut. The prepared pixels
   * stay whole ({@link PreparedImage.crop} says where the paper is; the OCR pool crops the PGM it hands tesseract and
   * shifts the words back), so boxes, re-read crops and the ink step keep the page's frame. `"gated"`: only when the
   * print survives the crop's own cut (paper.crop.ts, `cropKeepsPrint`). Absent: off.
   */
  cropPaper?: boolean | "gated";
  /**
   * Measure the skew on the page's paper only ({@link skewOnPaper}: paper.crop.ts' box, when it finds one), not on the
   * whole image. On a photo with a wide table around the receipt the flattening leaves the table's grain and the
   * blocky rim of its paper estimate as level dark strokes that outweigh the print in the projection profile: 28 of 60
   * synthetic wide photos (bench:ocr-photo `--photo-with wide`) measured level or more than 0.6° off, 15 with the
   * paper box alone; scans find no box and measure as before. `true`: always on the paper — with OCR a tie on the
   * receipts measured (bench/README.md, "Skew on the paper"). `"fallback"` (the default): on the paper only when the
   * whole image measures no usable skew (level, or a gain below {@link MIN_DESKEW_GAIN}) — a small receipt tilted 7°
   * on a grainy table read as nothing upright and was then read upside down (ocr.orient.ts); on the 74 real photos it
   * levels 2 more and changes no other page's angle; scans never find a box. `false`: whole image only.
   */
  skewOnPaper?: boolean | "fallback";
}

/** The text-size rule ({@link OcrPrepOptions.minTextHeightPx}) enlarges at most this much over the original. */
export const MAX_TEXT_SCALE = 2;
/** …and never beyond this width (px): a 150 dpi A4 page doubled stays under it. */
export const MAX_TEXT_SCALED_WIDTH = 4000;

/**
 * Smallest skew corrected. tesseract reads a line tilted by a degree about as well as a level one, and the
 * rotation's resampling blurs print: on the shared scans, levelling their 0.5–1.2° skews cost character
 * accuracy and two company names (bench:ocr-photo, 30 receipts); synthetic photos tilted 1.5–4° gained.
 */
export const MIN_DESKEW_DEGREES = 1.5;
/**
 * The skew estimate must sharpen the line profile at least this much over level
 * ({@link SkewEstimate.gain}); below it the "skew" is noise of a page without clear lines.
 */
export const MIN_DESKEW_GAIN = 1.05;

/** Where the prepared pixels sit relative to the original: scaled, then rotated about the centre. */
export interface PreparedGeometry {
  /** prepared px per original px. */
  scale: number;
  /** Degrees the scaled image was rotated (clockwise, as sharp's `rotate`); 0: not rotated. */
  rotation: number;
  /** Size of the scaled image before the rotation. */
  scaledWidth: number;
  scaledHeight: number;
  /** Size of the prepared (rotated, so enlarged) image. */
  width: number;
  height: number;
}

/** A box in pixels. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * A box read on the prepared image, in original (EXIF-rotated) pixels: the
 * rotation undone about the image centres (sharp rotates about the centre and
 * enlarges the canvas to fit), then the scale. A box on a rotated image maps to
 * a tilted rectangle; the result is the upright box around its four corners, so
 * a highlight still covers the whole word.
 */
export function boxToOriginal(g: PreparedGeometry, box: PixelBox): PixelBox {
  if (g.rotation === 0) return { x0: box.x0 / g.scale, y0: box.y0 / g.scale, x1: box.x1 / g.scale, y1: box.y1 / g.scale };
  const [cos, sin] = cosSin(g.rotation);
  return uprightBox(box, (x, y) => {
    const dx = x - g.width / 2;
    const dy = y - g.height / 2;
    return [(g.scaledWidth / 2 + cos * dx + sin * dy) / g.scale, (g.scaledHeight / 2 - sin * dx + cos * dy) / g.scale];
  });
}

/**
 * The inverse of {@link boxToOriginal}: a box in original (EXIF-rotated) pixels on the prepared image (scaled,
 * then rotated about the centres); for a rotated page the upright box around the tilted one.
 */
export function boxToPrepared(g: PreparedGeometry, box: PixelBox): PixelBox {
  const s = { x0: box.x0 * g.scale, y0: box.y0 * g.scale, x1: box.x1 * g.scale, y1: box.y1 * g.scale };
  if (g.rotation === 0) return s;
  const [cos, sin] = cosSin(g.rotation);
  return uprightBox(s, (u, v) => {
    const du = u - g.scaledWidth / 2;
    const dv = v - g.scaledHeight / 2;
    return [g.width / 2 + cos * du - sin * dv, g.height / 2 + sin * du + cos * dv];
  });
}

/** Cosine and sine of an angle in degrees. */
function cosSin(degrees: number): [number, number] {
  const t = (degrees * Math.PI) / 180;
  return [Math.cos(t), Math.sin(t)];
}

/** The upright box around a box's four corners mapped by `map` (a rotation turns the box into a tilted rectangle). */
function uprightBox(box: PixelBox, map: (x: number, y: number) => readonly [number, number]): PixelBox {
  const corners = ([[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1]] as const).map(([x, y]) => map(x, y));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** The prepared pixels and how they relate to the original image. */
export interface PreparedImage {
  /** Binary PGM (P5) bytes. */
  data: Buffer;
  /** Size of the prepared image in pixels. */
  width: number;
  height: number;
  /** Size of the original image after EXIF rotation: the page size boxes are normalised by. */
  originalWidth: number;
  originalHeight: number;
  /** prepared px per original px. */
  scale: number;
  /** How prepared pixels map to original ones ({@link boxToOriginal}); rotation 0 for a region. */
  geometry?: PreparedGeometry;
  /** The page's uneven lighting was flattened (lighting.flatten.ts): a photograph, as far as the preparation can tell. */
  flattened?: boolean;
  /**
   * The part of the prepared pixels tesseract should read (`cropPaper`, paper.crop.ts), in prepared px; absent: all.
   * Words read on the crop are shifted by its top-left corner before {@link boxToOriginal} maps them.
   */
  crop?: PaperCrop;
}

/** Options that are off unless given (absent from {@link DEFAULT_OCR_PREP}, so caches keyed on it stay valid). */
type OptionalPrep = "threshold" | "minTextHeightPx" | "sharpenSigma" | "sharpenOnlyUneven" | "sharpenAboveEdgeWidth" | "denoiseAboveNoise" | "denoiseMedian" | "denoiseBlurSigma" | "fillSurface" | "cropPaper" | "skewOnPaper";

/** Defaults chosen by measurement on SROIE receipts (see bench/ocr-quality.ts and the report). */
export const DEFAULT_OCR_PREP: Readonly<Required<Omit<OcrPrepOptions, OptionalPrep>>> & Pick<OcrPrepOptions, OptionalPrep> = Object.freeze({
  minWidth: 1000,
  maxScale: 2.5,
  maxWidth: 2500,
  normalise: true,
  threshold: undefined,
  flattenLighting: true,
  deskew: true,
  // minTextHeightPx absent (off): measured not to help enough (bench:ocr-scale); absent rather than 0 so the
  // OCR caches keyed on these defaults (bench/fields/corpus.loader.ts) stay valid.
  // Photographed pages: an unsharp mask where the lighting was flattened and the print measures blurred (edges
  // ≥ 1.9 px in the image's own pixels); no shared scan passes both (their prepared pixels are unchanged).
  sharpenSigma: 0.7,
  sharpenAboveEdgeWidth: 1.9,
  // denoiseAboveNoise absent (off): on noisy synthetic photos it gained characters, dates and names but lost
  // totals (bench/README.md); absent rather than 0 so the OCR caches keyed on these defaults stay valid.
  skewOnPaper: "fallback",
});

/**
 * Bumped whenever preparation changes pixels while {@link DEFAULT_OCR_PREP} stays the same, so
 * caches of OCR results keyed on the preparation (bench/fields/corpus.loader.ts) are not reused.
 * 2: contrast stretch by lookup table (contrast.stretch.ts) instead of sharp's normalise().
 * 3: a page read as nearly empty is read again binarised below the paper's grey (faded prints).
 * 4: unevenly lit pages flattened (lighting.flatten.ts), tilted pages rotated level (skew.estimate.ts).
 * 5: the skew estimate leaves dark areas thicker than print out (more tilted photos are levelled), and a levelled
 *    page is grouped into lines before its boxes are mapped to the original (ocr.frame.ts): cached pages differ.
 */
export const OCR_PREP_REVISION = 5;

/** Never produce more pixels than this from scaling up (the input's own size is checked by the caller). */
const MAX_PREPARED_PIXELS = 40_000_000;

/** Grey level `threshold` and above → white, below → black (sharp's `threshold()` on grey), in place. */
export function binarise(pixels: Uint8Array, threshold: number): void {
  for (let i = 0; i < pixels.length; i++) pixels[i] = (pixels[i] as number) >= threshold ? 255 : 0;
}

/** A page read with fewer non-space characters than this is read a second time (see {@link fadedPrintThreshold}). */
export const NEARLY_EMPTY_PAGE_CHARS = 40;

/**
 * The grey level at which a faded print is binarised for a second read. A
 * thermal receipt whose print has faded keeps a few dark marks (a stamped
 * number, the paper's edge), so the contrast stretch leaves its light-grey text
 * light and tesseract reads next to nothing; cut just below the paper's own
 * grey (the histogram's most common light level), every mark darker than the
 * paper becomes black. Null when the PGM holds no light paper to measure, or
 * next to nothing darker than it (a blank page).
 */
export function fadedPrintThreshold(pgm: Uint8Array): number | null {
  const at = pgmPixelOffset(pgm);
  if (at === null) return null;
  const histogram = new Array<number>(256).fill(0);
  for (let i = at; i < pgm.length; i++) histogram[pgm[i] as number]! += 1;
  let paper = -1;
  for (let v = 128; v < 256; v++) if (paper < 0 || (histogram[v] as number) > (histogram[paper] as number)) paper = v;
  if (paper < 0 || (histogram[paper] as number) === 0) return null;
  const threshold = Math.max(100, paper - 25);
  // A blank page (a duplex scan's empty back) has nothing darker than the paper but dust and
  // scanner noise: a second read of it would cost a preparation and a tesseract pass for nothing.
  let ink = 0;
  for (let v = 0; v < threshold; v++) ink += histogram[v] as number;
  if (ink < (pgm.length - at) * MIN_INK_SHARE) return null;
  return threshold;
}

/** Where the pixels of a binary PGM start ("P5", width, height, maxval, each followed by one whitespace byte); null for anything else. */
function pgmPixelOffset(pgm: Uint8Array): number | null {
  let fields = 0;
  let at = 0;
  while (fields < 4 && at < pgm.length && at < 64) {
    while (at < pgm.length && /\s/.test(String.fromCharCode(pgm[at] as number))) at++;
    while (at < pgm.length && !/\s/.test(String.fromCharCode(pgm[at] as number))) at++;
    fields++;
  }
  if (fields < 4 || String.fromCharCode(pgm[0] as number, pgm[1] as number) !== "P5") return null;
  return at + 1;
}

/** The grey pixels of a binary PGM (a view, not a copy) and its size; null for anything else. */
export function pgmPixels(pgm: Uint8Array): { data: Uint8Array; width: number; height: number } | null {
  const at = pgmPixelOffset(pgm);
  if (at === null) return null;
  const header = Buffer.from(pgm.subarray(0, at)).toString("latin1").split(/\s+/);
  const width = Number(header[1]);
  const height = Number(header[2]);
  if (!(width > 0 && height > 0) || pgm.length - at < width * height) return null;
  return { data: pgm.subarray(at, at + width * height), width, height };
}

/**
 * A copy of a prepared PGM binarised at `threshold`: the same pixels {@link prepareForOcr} gives with that
 * `threshold` (binarising is its last step), without decoding, flattening and levelling the image again.
 * Null when `pgm` is not a binary PGM.
 */
export function binarisedPgm(pgm: Uint8Array, threshold: number): Buffer | null {
  const at = pgmPixelOffset(pgm);
  if (at === null) return null;
  const copy = Buffer.from(pgm);
  binarise(copy.subarray(at), threshold);
  return copy;
}

/**
 * Below this share of pixels darker than the cut, a page holds no print worth a second read:
 * 1 in 5,000 is ~400 px on a 2-megapixel receipt, less than one short printed word, and above
 * the specks a scanner leaves on an empty sheet.
 */
const MIN_INK_SHARE = 0.0002;

/** The median grey of an image's outermost rows and columns. */
export function edgeGrey(pixels: Uint8Array, width: number, height: number): number {
  const hist = new Uint32Array(256);
  let n = 0;
  const add = (i: number) => {
    hist[pixels[i] as number] += 1;
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x);
    add((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    add(y * width);
    add(y * width + width - 1);
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] as number;
    if (seen * 2 >= n) return v;
  }
  return 255;
}

/** Wraps 8-bit grey raw pixels as a binary PGM. */
export function toPgm(raw: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, "ascii"), raw]);
}

/**
 * Prepares an image for tesseract (see the module comment). The input must
 * already have passed the decompression-bomb check.
 *
 * @throws sharp's error for undecodable input (callers map it to `CORRUPT_FILE`).
 */
export async function prepareForOcr(image: Uint8Array, opts: OcrPrepOptions = {}, turn: QuarterTurn = 0): Promise<PreparedImage> {
  const o = { ...DEFAULT_OCR_PREP, ...opts };
  // `limitInputPixels` stays at sharp's default as a second guard; `failOn: "none"` reads truncated JPEGs like leptonica does.
  const base = sharp(image, { failOn: "none" }).rotate();
  const meta = await sharp(image, { failOn: "none" }).metadata();
  // A quarter turn of the page (the OCR pool reading a page that lies on its side) swaps its sides once more.
  const swap = ((meta.orientation ?? 1) >= 5) !== (turn % 180 !== 0);
  const originalWidth = (swap ? meta.height : meta.width) ?? 0;
  const originalHeight = (swap ? meta.width : meta.height) ?? 0;
  let scale = 1;
  if (o.minWidth > 0 && originalWidth > 0 && originalWidth < o.minWidth) {
    scale = Math.min(o.maxScale, o.minWidth / originalWidth);
    const pixels = originalWidth * originalHeight * scale * scale;
    if (pixels > MAX_PREPARED_PIXELS) scale = Math.max(1, Math.sqrt(MAX_PREPARED_PIXELS / (originalWidth * originalHeight)));
  } else if (o.maxWidth > 0 && originalWidth > o.maxWidth) {
    scale = o.maxWidth / originalWidth;
  }
  // The page is decoded to unscaled grey once, and that decode is kept for the page's region re-reads
  // (prepareRegion, via decodedGrey): scaling the raw grey gives the same pixels as scaling inside the decoding
  // pipeline (checked on the 120 shared receipts) and saved a second decode of every re-read page. Left to the
  // decoding pipeline, which gives other pixels there: a shrink by 2 or more (sharp may shrink a JPEG while
  // decoding it), an EXIF-rotated image (sharp then orders rotation and scaling its own way) and an image with
  // an alpha channel (scaled premultiplied there).
  const plain = (meta.orientation ?? 1) === 1 && meta.hasAlpha !== true;
  // A turned page is always prepared from the turned grey decode (the frame its region re-reads are cut in).
  const shared = (plain && scale > 0.5) || (o.minTextHeightPx ?? 0) > 0 || turn !== 0;
  let pipeline: sharp.Sharp;
  let fromGrey: { data: Buffer; info: sharp.OutputInfo } | null = null;
  if (shared) {
    fromGrey = await decodedGrey(image, turn);
    if ((o.minTextHeightPx ?? 0) > 0 && originalWidth > 0) {
      // Measure the print on the unscaled grey page, then scale the decoded pixels (one decode either way).
      scale = textAwareScale(scale, fromGrey.data, fromGrey.info.width, fromGrey.info.height, o.minTextHeightPx ?? 0);
    }
    pipeline = sharp(fromGrey.data, { raw: { width: fromGrey.info.width, height: fromGrey.info.height, channels: fromGrey.info.channels } });
  } else {
    pipeline = base.greyscale();
  }
  // One evaluation of the pipeline (decode, rotate, grey, scale); contrast and threshold are
  // per-pixel lookups on the result. sharp's normalise() evaluated the image three times and
  // went through Lab for the same pixels (contrast.stretch.ts).
  let scaled: { data: Buffer; info: sharp.OutputInfo };
  if (scale !== 1) {
    scaled = await pipeline.resize({ width: Math.round(originalWidth * scale), kernel: "lanczos3" }).toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  } else if (fromGrey) {
    // The shared decode is adjusted in place below: the preparation works on its own copy.
    scaled = { data: Buffer.from(fromGrey.data), info: { ...fromGrey.info } };
  } else {
    scaled = await pipeline.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  }
  if (scaled.info.channels !== 1) throw new Error(`expected one grey channel, got ${scaled.info.channels}`);
  const { width: scaledWidth, height: scaledHeight } = scaled.info;
  let data = scaled.data;
  const flattened = o.flattenLighting ? flattenLighting(data, scaledWidth, scaledHeight).changed : false;
  if (o.normalise) stretchContrast(data);
  const sharpenSigma = o.sharpenSigma ?? 0;
  const blurred = (): boolean => {
    const least = o.sharpenAboveEdgeWidth ?? 0;
    if (least <= 0) return true;
    const width = estimateBlur(data, scaledWidth, scaledHeight)?.edgeWidth;
    return width !== undefined && width / (originalWidth ? scaledWidth / originalWidth : 1) >= least;
  };
  // Whether to sharpen is measured before any denoising, so the median filter does not decide it.
  const sharpen = sharpenSigma > 0 && (flattened || o.sharpenOnlyUneven === false) && blurred();
  const denoiseAbove = o.denoiseAboveNoise ?? 0;
  if (denoiseAbove > 0 && sharpen) {
    // Measured on the image's own grey pixels: scaling changes how much of the grain is left at pixel scale (an
    // enlarged page's noise spreads over several pixels), the stretch how strong it is.
    const own = fromGrey ?? (await decodedGrey(image, turn));
    const noise = estimateNoise(own.data, own.info.width, own.info.height);
    if (noise && noise.sigma >= denoiseAbove) {
      const raw = sharp(data, { raw: { width: scaledWidth, height: scaledHeight, channels: 1 } });
      data = await ((o.denoiseBlurSigma ?? 0) >= 0.3 ? raw.blur(o.denoiseBlurSigma) : raw.median(o.denoiseMedian ?? 3))
        .extractChannel(0)
        .raw()
        .toBuffer();
    }
  }
  if (sharpen) {
    data = await sharp(data, { raw: { width: scaledWidth, height: scaledHeight, channels: 1 } })
      .sharpen({ sigma: sharpenSigma })
      .extractChannel(0)
      .raw()
      .toBuffer();
  }
  let rotation = 0;
  if (o.deskew) {
    const usable = (skew: SkewEstimate): boolean => Math.abs(skew.angle) >= MIN_DESKEW_DEGREES && skew.gain >= MIN_DESKEW_GAIN;
    let skew = o.skewOnPaper === true ? skewOnPaper(data, scaledWidth, scaledHeight) : estimateSkew(data, scaledWidth, scaledHeight);
    // Only where the whole image found nothing: the paper's box is a second opinion, not a replacement (see the option).
    if (o.skewOnPaper === "fallback" && !usable(skew)) skew = skewOnPaper(data, scaledWidth, scaledHeight);
    if (usable(skew)) rotation = -skew.angle;
  }
  let width = scaledWidth;
  let height = scaledHeight;
  if (rotation !== 0) {
    // The corners the rotation uncovers take the grey of the image's edge: white next to a scan's paper, the
    // surface's grey next to a photo that was not flattened (white wedges beside a grey surface moved
    // tesseract's global threshold so far that whole photos read as nothing).
    const fill = edgeGrey(data, width, height);
    const rotated = await sharp(data, { raw: { width, height, channels: 1 } })
      .rotate(rotation, { background: { r: fill, g: fill, b: fill } })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    data = rotated.data;
    width = rotated.info.width;
    height = rotated.info.height;
  }
  if (o.fillSurface === true) fillSurface(data, width, height);
  // Found before any binarising: the paper is the light side of the page's own Otsu cut, as tesseract would take it.
  let crop = o.cropPaper === true || o.cropPaper === "gated" ? findPaperCrop(data, width, height) : null;
  if (crop && o.cropPaper === "gated" && !cropKeepsPrint(data, width, height, crop)) crop = null;
  if (o.threshold !== undefined) binarise(data, o.threshold);
  const actualScale = originalWidth ? scaledWidth / originalWidth : 1;
  return {
    data: toPgm(data, width, height),
    width,
    height,
    originalWidth: originalWidth || scaledWidth,
    originalHeight: originalHeight || scaledHeight,
    scale: actualScale,
    geometry: { scale: actualScale, rotation, scaledWidth, scaledHeight, width, height },
    flattened,
    ...(crop ? { crop } : {}),
  };
}

/**
 * The skew of the print on the page's paper (see {@link OcrPrepOptions.skewOnPaper}): {@link estimateSkew} on the box
 * paper.crop.ts finds on the grey pixels, or on the whole page when it finds none (a scan whose paper fills the image).
 */
export function skewOnPaper(pixels: Uint8Array, width: number, height: number): SkewEstimate {
  const box = findPaperCrop(pixels, width, height);
  if (!box) return estimateSkew(pixels, width, height);
  return estimateSkew(cropPixels(pixels, width, box), box.width, box.height);
}

/**
 * The scale after the text-size rule: `widthScale` (the width rule's), raised so the page's median glyph
 * height reaches `minTextHeightPx`, at most {@link MAX_TEXT_SCALE}× the original, {@link MAX_TEXT_SCALED_WIDTH}
 * px wide and {@link MAX_PREPARED_PIXELS} pixels; unchanged when the print cannot be measured or is big enough.
 */
export function textAwareScale(widthScale: number, grey: Uint8Array, width: number, height: number, minTextHeightPx: number): number {
  const est = estimateTextHeight(grey, width, height);
  if (!est || est.height * widthScale >= minTextHeightPx) return widthScale;
  const bound = Math.min(MAX_TEXT_SCALE, MAX_TEXT_SCALED_WIDTH / width, Math.sqrt(MAX_PREPARED_PIXELS / (width * height)));
  return Math.max(widthScale, Math.min(minTextHeightPx / est.height, bound));
}

/** What tesseract is given for a whole page, and how to map its boxes back. */
export interface OcrPageInput {
  /** Prepared PGM bytes, or the original bytes when they could not be prepared. */
  data: Buffer;
  /** Pixels of `data` per original pixel (boxes are divided by it). */
  scale: number;
  /** How boxes read on `data` map back to the original ({@link boxToOriginal}); absent: by `scale` alone. */
  geometry?: PreparedGeometry;
  /** The page size boxes are normalised by: the (EXIF-rotated) original size. */
  pageWidth: number;
  pageHeight: number;
  /** The preparation flattened the page's lighting ({@link PreparedImage.flattened}). */
  flattened?: boolean;
  /** Read only this part of `data` ({@link PreparedImage.crop}); absent: all of it. */
  crop?: PaperCrop;
}

/**
 * The page as tesseract should read it: {@link prepareForOcr}'s pixels, or, when
 * sharp cannot decode the image, the original bytes, and leptonica has the last
 * word (it reads some files sharp refuses, and reports the rest as unreadable);
 * the page size then comes from the image header.
 */
export async function pageInputForOcr(image: Uint8Array, opts: OcrPrepOptions = {}, turn: QuarterTurn = 0): Promise<OcrPageInput> {
  try {
    const prep = await prepareForOcr(image, opts, turn);
    return { data: prep.data, scale: prep.scale, geometry: prep.geometry, pageWidth: prep.originalWidth, pageHeight: prep.originalHeight, flattened: prep.flattened === true, ...(prep.crop ? { crop: prep.crop } : {}) };
  } catch {
    const size = readImageSize(image) ?? { width: 1, height: 1 };
    return { data: Buffer.from(image), scale: 1, pageWidth: size.width, pageHeight: size.height };
  }
}

/** A region of an image in its (EXIF-rotated) pixel coordinates. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A prepared crop: where it came from, to map boxes read on it back to the image. */
export interface PreparedRegion extends PreparedImage {
  /** Top-left of the crop in original (EXIF-rotated) pixels. */
  origin: { x: number; y: number };
  /** White margin added around the enlarged crop, in prepared pixels. */
  margin: number;
}

/**
 * Decoded pixels of the images whose regions are being read, for as long as the caller holds the
 * image bytes: a page's key regions are re-read right after the page, each from the same bytes,
 * and decoding the whole image once per region cost more than reading the small crop. The page's
 * own preparation ({@link prepareForOcr}) decodes through here too, so a page is decoded once.
 * Keyed by the bytes object itself (not their content), so nothing outlives the page's job.
 */
const greyCache = new WeakMap<Uint8Array, Map<QuarterTurn, Promise<{ data: Buffer; info: sharp.OutputInfo }>>>();

/** The image's grey pixels, EXIF-rotated, then turned `turn` degrees clockwise (see {@link QuarterTurn}). */
function decodedGrey(image: Uint8Array, turn: QuarterTurn = 0): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  let turns = greyCache.get(image);
  if (!turns) {
    turns = new Map();
    greyCache.set(image, turns);
  }
  let decoded = turns.get(turn);
  if (!decoded) {
    decoded =
      turn === 0
        ? sharp(image, { failOn: "none" }).rotate().greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true })
        : // sharp applies one rotation per pipeline: the EXIF one on the decode, the quarter turn on its grey pixels.
          decodedGrey(image, 0).then(({ data, info }) =>
            sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).rotate(turn).extractChannel(0).raw().toBuffer({ resolveWithObject: true }),
          );
    turns.set(turn, decoded);
    // A failed decode is not remembered: the caller maps it to an error, and a later call may try again.
    decoded.catch(() => turns.delete(turn));
  }
  return decoded;
}

/** A page as prepared for its own read: grey pixels of the frame the region is given in, `scale` px per frame unit. */
export interface PreparedPageSource {
  data: Uint8Array;
  width: number;
  height: number;
  scale: number;
}

/** Options of {@link prepareRegion}. */
export interface RegionPrepOptions {
  /**
   * Cut the region from the page's own prepared pixels (flattened, stretched, sharpened, levelled: the frame the
   * region is given in, so `level` is not used) instead of the original image.
   */
  prepared?: PreparedPageSource;
  /**
   * The page was read turned this many degrees clockwise (the page model's `rotation`): the region is given on the
   * turned page and cut from the image turned alike. Default 0.
   */
  turn?: QuarterTurn;
}

/**
 * Cuts a region out of an image (EXIF-rotated first), greyscale, enlarged so
 * the text is about `targetHeight` px tall, contrast-stretched, with a white
 * margin (tesseract reads a line better with space around it).
 *
 * @param region - the region in pixels of the rotated image, or a function of its size giving it.
 */
export async function prepareRegion(
  image: Uint8Array,
  region: PixelRegion | ((width: number, height: number) => PixelRegion),
  targetHeight = 48,
  level?: PreparedGeometry,
  opts: RegionPrepOptions = {},
): Promise<PreparedRegion> {
  if (opts.prepared) return preparedRegion(opts.prepared, region, targetHeight);
  const decoded = await decodedGrey(image, opts.turn ?? 0);
  let source = { data: decoded.data, width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels };
  // The frame the region is given in: the image itself, or the levelled page's frame in original pixel units.
  let W = source.width;
  let H = source.height;
  let shift = { x: 0, y: 0 };
  if (level && level.rotation !== 0) {
    W = level.width / level.scale;
    H = level.height / level.scale;
    const r = typeof region === "function" ? region(W, H) : region;
    const cut = levelledCut(level, r, source.width, source.height);
    // Only the part of the image the region covers is rotated level: rotating a whole photo per region cost more.
    const crop = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels } })
      .extract(cut.crop)
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const fill = edgeGrey(crop.data, crop.info.width, crop.info.height);
    const turned = await sharp(crop.data, { raw: { width: crop.info.width, height: crop.info.height, channels: 1 } })
      .rotate(level.rotation, { background: { r: fill, g: fill, b: fill } })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    source = { data: turned.data, width: turned.info.width, height: turned.info.height, channels: 1 };
    // Level-frame position of the turned crop's top-left: its centre is the crop's centre, levelled.
    shift = { x: cut.centre.x - turned.info.width / 2, y: cut.centre.y - turned.info.height / 2 };
    region = { left: r.left - shift.x, top: r.top - shift.y, width: r.width, height: r.height };
  }
  const r = typeof region === "function" ? region(W, H) : region;
  const cut = await cutEnlarged(source, r, targetHeight);
  return {
    data: cut.data,
    width: cut.width,
    height: cut.height,
    originalWidth: W,
    originalHeight: H,
    scale: (cut.width - 2 * cut.margin) / cut.cropWidth,
    origin: { x: cut.left + shift.x, y: cut.top + shift.y },
    margin: cut.margin,
  };
}

/** A region cut out of raw pixels by {@link cutEnlarged}: the PGM and where the crop lay in those pixels. */
interface EnlargedCut {
  data: Buffer;
  width: number;
  height: number;
  /** The crop's top-left corner and width in the source pixels (clamped to the image). */
  left: number;
  top: number;
  cropWidth: number;
  margin: number;
}

/**
 * Cut `r` (source pixels, clamped to the image) out of raw pixels, enlarge it so its height reaches about
 * `targetHeight` (at most 8×), stretch its contrast and pad it with white: one line as tesseract reads it best.
 */
async function cutEnlarged(source: { data: Uint8Array; width: number; height: number; channels: number }, r: PixelRegion, targetHeight: number): Promise<EnlargedCut> {
  const left = Math.max(0, Math.min(source.width - 1, Math.floor(r.left)));
  const top = Math.max(0, Math.min(source.height - 1, Math.floor(r.top)));
  const width = Math.max(1, Math.min(source.width - left, Math.ceil(r.width + (r.left - left))));
  const height = Math.max(1, Math.min(source.height - top, Math.ceil(r.height + (r.top - top))));
  const enlarge = Math.min(8, Math.max(1, targetHeight / height));
  const margin = Math.round(targetHeight / 3);
  const { data, info } = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels as 1 | 2 | 3 | 4 } })
    .extract({ left, top, width, height })
    .resize({ width: Math.max(1, Math.round(width * enlarge)), kernel: "lanczos3" })
    .normalise({ lower: 0.1, upper: 99 })
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: 255, g: 255, b: 255 } })
    .toColourspace("b-w")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  return { data: toPgm(data, info.width, info.height), width: info.width, height: info.height, left, top, cropWidth: width, margin };
}

/** {@link prepareRegion} from the page's prepared pixels: the region, in frame units, is cut at the page's scale. */
async function preparedRegion(page: PreparedPageSource, region: PixelRegion | ((width: number, height: number) => PixelRegion), targetHeight: number): Promise<PreparedRegion> {
  const W = page.width / page.scale;
  const H = page.height / page.scale;
  const f = typeof region === "function" ? region(W, H) : region;
  const r = { left: f.left * page.scale, top: f.top * page.scale, width: f.width * page.scale, height: f.height * page.scale };
  const cut = await cutEnlarged({ data: page.data, width: page.width, height: page.height, channels: 1 }, r, targetHeight);
  return {
    data: cut.data,
    width: cut.width,
    height: cut.height,
    originalWidth: W,
    originalHeight: H,
    scale: ((cut.width - 2 * cut.margin) / cut.cropWidth) * page.scale,
    origin: { x: cut.left / page.scale, y: cut.top / page.scale },
    margin: cut.margin,
  };
}

/**
 * Where to cut a region given on a levelled page (see {@link prepareRegion}'s `level`) out of the original image:
 * `crop`, the upright box (original px, within the image, 2 px to spare) around the region's corners mapped onto
 * the original, and `centre`, the crop's centre on the level frame (original px units) — rotated about its centre by
 * `level.rotation`, the crop holds the region level, at the same offset from its centre as on the level frame.
 */
export function levelledCut(level: PreparedGeometry, region: PixelRegion, imageWidth: number, imageHeight: number): { crop: { left: number; top: number; width: number; height: number }; centre: { x: number; y: number } } {
  const s = level.scale;
  const onOriginal = boxToOriginal(level, { x0: region.left * s, y0: region.top * s, x1: (region.left + region.width) * s, y1: (region.top + region.height) * s });
  const left = Math.max(0, Math.min(imageWidth - 1, Math.floor(onOriginal.x0) - 2));
  const top = Math.max(0, Math.min(imageHeight - 1, Math.floor(onOriginal.y0) - 2));
  const width = Math.max(1, Math.min(imageWidth - left, Math.ceil(onOriginal.x1) + 2 - left));
  const height = Math.max(1, Math.min(imageHeight - top, Math.ceil(onOriginal.y1) + 2 - top));
  const cx = left + width / 2;
  const cy = top + height / 2;
  const c = boxToPrepared(level, { x0: cx, y0: cy, x1: cx, y1: cy });
  return { crop: { left, top, width, height }, centre: { x: c.x0 / s, y: c.y0 / s } };
}
