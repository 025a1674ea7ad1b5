/**
 * Where a page model's boxes lie on a PDF page. Boxes are normalised to the
 * page as a reader shows it (the crop box, turned by the page's `/Rotate`, origin
 * top-left); PDF user space has its origin bottom-left and is not turned. These
 * functions map one onto the other, and give the matrix that draws an image
 * whose EXIF orientation says how it must be turned to be seen upright.
 */

/** An affine matrix `[a b c d e f]` as PDF writes it. */
export type Matrix = [number, number, number, number, number, number];

/** A page's visible area in user space and its clockwise turn (0, 90, 180 or 270). */
export interface PageFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

/** A page frame's shown size (width and height swap for a quarter turn). */
export function shownSize(frame: PageFrame): { width: number; height: number } {
  const quarter = normaliseRotation(frame.rotation) % 180 !== 0;
  return quarter ? { width: frame.height, height: frame.width } : { width: frame.width, height: frame.height };
}

/** 0, 90, 180 or 270 for any multiple of 90 (PDF allows negative and large values); anything else counts as 0. */
export function normaliseRotation(rotation: number): number {
  const r = ((Math.round(rotation / 90) * 90) % 360 + 360) % 360;
  return Number.isFinite(r) ? r : 0;
}

/**
 * The text matrix (with a font size of 1) that puts a text's baseline start at
 * shown point (`u`, `v`) — normalised 0–1, origin top-left — reading along the
 * shown x axis, `advance` user units per text unit along the line and `size`
 * across it.
 */
export function textMatrix(frame: PageFrame, u: number, v: number, advance: number, size: number): Matrix {
  const shown = shownSize(frame);
  const px = u * shown.width;
  const py = v * shown.height;
  const { x, y, width, height } = frame;
  // For each turn: the user-space point of shown (px, py), the direction the text runs and the direction "up" on the glyphs.
  switch (normaliseRotation(frame.rotation)) {
    case 90:
      return [0, advance, -size, 0, x + py, y + px];
    case 180:
      return [-advance, 0, 0, -size, x + width - px, y + py];
    case 270:
      return [0, -advance, size, 0, x + width - py, y + height - px];
    default:
      return [advance, 0, 0, size, x + px, y + height - py];
  }
}

/**
 * The matrix that draws an image XObject (the unit square, its first row at
 * the top) over a `width` × `height` page so it shows upright, given the
 * image's EXIF orientation (1–8; the stored pixels must be turned or mirrored
 * as the tag says). The page size is the image's size after orientation.
 */
export function orientedImageMatrix(orientation: number, width: number, height: number): Matrix {
  switch (orientation) {
    case 2:
      return [-width, 0, 0, height, width, 0];
    case 3:
      return [-width, 0, 0, -height, width, height];
    case 4:
      return [width, 0, 0, -height, 0, height];
    case 5:
      return [0, -height, -width, 0, width, height];
    case 6:
      return [0, -height, width, 0, 0, height];
    case 7:
      return [0, height, width, 0, 0, 0];
    case 8:
      return [0, height, -width, 0, width, 0];
    default:
      return [width, 0, 0, height, 0, 0];
  }
}
