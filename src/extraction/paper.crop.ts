/**
 * The paper of a photographed page, found on its prepared grey pixels, so tesseract can be given the paper alone.
 *
 * tesseract binarises a page with one global Otsu cut; on a photo the table surface around the receipt (a flat mid
 * grey once the lighting is flattened) lands on the dark side of that cut and becomes a solid black frame, next to
 * which tesseract's page layout drops whole columns (README, "Why photos lose columns"). Painting the surface the
 * paper's grey (surface.fill.ts) changes the cut itself and loses faint print. Cropping to the paper instead removes
 * the surface whatever its share of the image, and the cut is then taken on paper and print alone.
 *
 * The rule, on blocks of {@link blockSize} px: a block is light when at least half its pixels lie above the page's
 * Otsu cut; the regions of 4-connected light blocks that are plausible paper (at least {@link MIN_PAPER_SHARE} of the
 * image, filling at least {@link MIN_PAPER_FILL} of their box: a tilted or keystoned sheet still fills ~0.85) are
 * candidates, and the paper is the largest one that does not touch the image's border (paper inside a dark frame),
 * else the largest one. Its bounding box, one block wider on every side, is the crop — only when the crop removes at
 * least {@link MIN_CROP_GAIN} of the image. A scan whose paper reaches its edges, or a photo whose surface
 * is lighter than the cut, gives a box as large as the image: no crop.
 *
 * Pure functions on grey pixels; the preparer (ocr-image.preparer.ts, option `cropPaper`) decides when to apply it,
 * and the OCR pool shifts the words read on the crop back into the prepared page's frame.
 */
import { inkComponents, otsuThreshold, type InkComponent } from "./ink.raster.js";
import { fillKeepsPrint } from "./surface.fill.js";

/** A crop of a prepared page, in its pixels (integers, within the page). */
export interface PaperCrop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The paper region must cover at least this share of the image (a receipt photographed from far still does). */
export const MIN_PAPER_SHARE = 0.1;
/** …and fill at least this share of its bounding box (a sheet is a rectangle; a lit streak of table is not). */
export const MIN_PAPER_FILL = 0.6;
/** The crop is taken only when it removes at least this share of the image's pixels. */
export const MIN_CROP_GAIN = 0.08;
/** Further light regions of at least this share of the image, enclosed like the paper, join the crop. */
const MIN_PART_SHARE = 0.01;
/** A block counts as light (paper) when at least this share of its pixels is above the cut. */
const LIGHT_BLOCK_SHARE = 0.5;

/** Side of the blocks the paper is found on: ~1/400 of the longer side, at least 4 px. */
export function blockSize(width: number, height: number): number {
  return Math.max(4, Math.ceil(Math.max(width, height) / 400));
}

/**
 * Where to crop the page to its paper (see the module comment), or null when the page shows no plausible paper
 * region smaller than itself.
 */
export function findPaperCrop(pixels: Uint8Array, width: number, height: number): PaperCrop | null {
  const n = width * height;
  if (width < 16 || height < 16 || pixels.length < n) return null;
  const cut = otsuThreshold(pixels.subarray(0, n));
  const b = blockSize(width, height);
  const gw = Math.ceil(width / b);
  const gh = Math.ceil(height / b);
  const light = new Uint8Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    const y1 = Math.min(height, (gy + 1) * b);
    for (let gx = 0; gx < gw; gx++) {
      const x1 = Math.min(width, (gx + 1) * b);
      let above = 0;
      let count = 0;
      for (let y = gy * b; y < y1; y++) {
        for (let x = gx * b; x < x1; x++) {
          if ((pixels[y * width + x] as number) > cut) above++;
          count++;
        }
      }
      light[gy * gw + gx] = above >= count * LIGHT_BLOCK_SHARE ? 1 : 0;
    }
  }
  const all = inkComponents(light, gw, gh, 4);
  const touchesBorder = (r: InkComponent) => r.x0 === 0 || r.y0 === 0 || r.x1 === gw - 1 || r.y1 === gh - 1;
  const plausible = all.filter((r) => r.area >= gw * gh * MIN_PAPER_SHARE && r.area >= (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) * MIN_PAPER_FILL);
  const largest = (rs: InkComponent[]) => rs.reduce<InkComponent | null>((a, r) => (!a || r.area > a.area ? r : a), null);
  // A light region enclosed by dark (not touching the border) is paper inside a frame — a grey surface, or the black
  // backing a receipt was scanned on — and is preferred to a larger light region that runs to the border: a surface
  // the lighting flattening made as white as the paper, around that frame.
  const main = largest(plausible.filter((r) => !touchesBorder(r))) ?? largest(plausible);
  if (!main) return null;
  // Paper split by a band that reads dark at the cut (a shading seam the flattening left, a thick rule) is several
  // light regions: every other sizeable one that does not run to the border joins the box, so no part of the paper
  // is cut away with the surface (a crop to the lower half of a receipt lost its every header line).
  const region = { ...main };
  for (const r of all) {
    if (r === main || touchesBorder(r) || r.area < gw * gh * MIN_PART_SHARE) continue;
    region.x0 = Math.min(region.x0, r.x0);
    region.y0 = Math.min(region.y0, r.y0);
    region.x1 = Math.max(region.x1, r.x1);
    region.y1 = Math.max(region.y1, r.y1);
  }
  // One block to spare on every side: a block at the paper's edge counts as light with half of it on the surface.
  const x = Math.max(0, (region.x0 - 1) * b);
  const y = Math.max(0, (region.y0 - 1) * b);
  const crop = { x, y, width: Math.min(width, (region.x1 + 2) * b) - x, height: Math.min(height, (region.y1 + 2) * b) - y };
  if (crop.width * crop.height > n * (1 - MIN_CROP_GAIN)) return null;
  return crop;
}

/**
 * Whether the page's print stays dark when tesseract cuts the crop instead of the whole page (the gate of
 * surface.fill.ts, {@link fillKeepsPrint}, on the crop's pixels): the crop's own Otsu cut must not rise above the
 * whole page's (the paper's shading would turn dark), and at most 30 % of the crop's pixels that were dark under the
 * page's cut may turn light (faint print that was dark only because the surface had pulled the cut up).
 */
export function cropKeepsPrint(pixels: Uint8Array, width: number, height: number, crop: PaperCrop): boolean {
  const cutBefore = otsuThreshold(pixels.subarray(0, width * height));
  const inside = cropPixels(pixels, width, crop);
  const cutAfter = otsuThreshold(inside);
  let dark = 0;
  let lost = 0;
  for (let i = 0; i < inside.length; i++) {
    const v = inside[i] as number;
    if (v > cutBefore) continue;
    dark++;
    if (v > cutAfter) lost++;
  }
  return fillKeepsPrint(cutBefore, cutAfter, dark, lost);
}

/** The pixels of `crop` out of a page's `pixels` (row-major, `width` wide), row-major, `crop.width` wide. */
export function cropPixels(pixels: Uint8Array, width: number, crop: PaperCrop): Buffer {
  const out = Buffer.alloc(crop.width * crop.height);
  for (let y = 0; y < crop.height; y++) {
    const from = (crop.y + y) * width + crop.x;
    out.set(pixels.subarray(from, from + crop.width), y * crop.width);
  }
  return out;
}
