/**
 * Reads what an image declares about its size, without decoding a pixel, and
 * refuses decompression bombs: a 100 kB file can declare gigapixels, and the
 * decoder allocates what the header says before it finds out the data is
 * missing. Used by the detect step (on uploads), as the OCR pool's admission
 * check (on every image it is given, including rendered PDF pages) and for the
 * page size of an image only leptonica can decode (ocr-image.preparer.ts).
 *
 * Single-image formats are read with `image-size`. It reports only the GIF
 * logical screen and only the first TIFF IFD, while a GIF frame may be far
 * larger than its screen (giflib's DGifSlurp, which leptonica uses, decodes
 * every frame at its own size and keeps them all) and a TIFF may hide a huge
 * page behind a small first one. So GIF image descriptors and the TIFF IFD
 * chain are walked here, every frame and page being checked.
 */
import { imageSize } from "image-size";
import { ExtractionError } from "./extraction.errors.js";

/** Width and height in pixels as declared by an image header. */
export interface ImageSize {
  width: number;
  height: number;
}

/** The formats leptonica (tesseract's image reader) decodes, and so the ones accepted here. */
export type ImageFormat = "png" | "jpg" | "tiff" | "webp" | "gif" | "bmp" | "pnm";

/** What an image declares: the size of its canvas (GIF screen, first TIFF page) and of every frame or page. */
export interface ImageHeader extends ImageSize {
  format: ImageFormat;
  /** Every GIF frame (image descriptor) or TIFF page (IFD); one entry for single-image formats. */
  frames: ImageSize[];
}

const ACCEPTED: ReadonlySet<string> = new Set<ImageFormat>(["png", "jpg", "tiff", "webp", "gif", "bmp", "pnm"]);

/** More IFDs than this is not a document scan; stop walking (and refuse) rather than loop on a crafted chain. */
const MAX_TIFF_PAGES = 10_000;

const u16le = (d: Uint8Array, o: number) => d[o] | (d[o + 1] << 8);

/**
 * Walk a GIF's blocks and return the size of every image descriptor.
 * @returns null when the stream ends inside a descriptor (or before any), so a truncated header is not read as small.
 */
function gifFrames(d: Uint8Array): ImageSize[] | null {
  if (d.length < 13) return null;
  let o = 13;
  // Global colour table: 3 × 2^(n+1) bytes when the flag is set.
  if (d[10] & 0x80) o += 3 * (1 << ((d[10] & 0x07) + 1));
  const frames: ImageSize[] = [];
  /** Skip a chain of data sub-blocks (length byte, data) ending with a zero length; -1 when truncated. */
  const skipSubBlocks = (at: number): number => {
    let p = at;
    while (p < d.length) {
      const len = d[p];
      p += 1;
      if (len === 0) return p;
      p += len;
    }
    return -1;
  };
  while (o < d.length) {
    const block = d[o];
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      // Extension: label, then sub-blocks.
      o = skipSubBlocks(o + 2);
      if (o < 0) break; // a truncated extension after the frames is harmless: the decoder stops there too
      continue;
    }
    if (block !== 0x2c) break; // anything else ends what a decoder would read
    if (o + 10 > d.length) return null;
    frames.push({ width: u16le(d, o + 5), height: u16le(d, o + 7) });
    const packed = d[o + 9];
    o += 10;
    if (packed & 0x80) o += 3 * (1 << ((packed & 0x07) + 1));
    o = skipSubBlocks(o + 1); // LZW minimum code size, then the image data
    if (o < 0) break; // truncated data: the frame above was still allocated by the decoder, and is counted
  }
  return frames.length > 0 ? frames : null;
}

/**
 * Follow a TIFF's IFD chain (classic or BigTIFF, either byte order) and return
 * ImageWidth × ImageLength of every page.
 * @returns null when an IFD lies outside the file, lacks either tag, or the chain is absurdly long.
 */
function tiffPages(d: Uint8Array): ImageSize[] | null {
  if (d.length < 8) return null;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const le = d[0] === 0x49;
  const big = view.getUint16(2, le) === 43;
  const offsetAt = (o: number): number => (big ? Number(view.getBigUint64(o, le)) : view.getUint32(o, le));
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const valueAt = big ? 12 : 8;
  if (big && d.length < 16) return null;
  let ifd = offsetAt(big ? 8 : 4);
  const seen = new Set<number>();
  const pages: ImageSize[] = [];
  while (ifd !== 0 && !seen.has(ifd)) {
    if (seen.size >= MAX_TIFF_PAGES) return null;
    seen.add(ifd);
    if (ifd + countSize > d.length) return null;
    const count = big ? Number(view.getBigUint64(ifd, le)) : view.getUint16(ifd, le);
    const next = ifd + countSize + count * entrySize;
    if (next + (big ? 8 : 4) > d.length) return null;
    let width: number | null = null;
    let height: number | null = null;
    for (let i = 0; i < count; i++) {
      const e = ifd + countSize + i * entrySize;
      const tag = view.getUint16(e, le);
      if (tag !== 256 && tag !== 257) continue;
      const type = view.getUint16(e + 2, le);
      const value =
        type === 3 ? view.getUint16(e + valueAt, le) : type === 4 ? view.getUint32(e + valueAt, le) : type === 16 ? Number(view.getBigUint64(e + valueAt, le)) : null;
      if (tag === 256) width = value;
      else height = value;
    }
    if (width === null || height === null) return null;
    pages.push({ width, height });
    ifd = offsetAt(next);
  }
  return pages.length > 0 ? pages : null;
}

/**
 * Read an image's declared size and the size of every frame/page from its
 * headers, without decoding pixels. Recognises PNG, JPEG, TIFF (classic and
 * BigTIFF, every page), WebP, GIF (every frame), BMP and PNM.
 *
 * @returns the header, or `null` for another format or a truncated header.
 */
export function readImageHeader(data: Uint8Array): ImageHeader | null {
  let declared: { width?: number; height?: number; type?: string };
  try {
    declared = imageSize(data);
  } catch {
    return null; // unknown format, or a header image-size cannot read
  }
  const format = declared.type === "bigtiff" ? "tiff" : declared.type;
  if (!format || !ACCEPTED.has(format)) return null;
  if (format === "gif") {
    const frames = gifFrames(data);
    return frames ? { format, width: u16le(data, 6), height: u16le(data, 8), frames } : null;
  }
  if (format === "tiff") {
    const pages = tiffPages(data);
    return pages ? { format, ...pages[0], frames: pages } : null;
  }
  const { width, height } = declared;
  if (width === undefined || height === undefined || !Number.isFinite(width) || !Number.isFinite(height)) return null;
  // BMP stores a negative height for top-down bitmaps.
  const size = { width: Math.abs(width), height: Math.abs(height) };
  return { format: format as ImageFormat, ...size, frames: [size] };
}

/**
 * The declared width and height (GIF: logical screen; TIFF: first page).
 * @returns null for an unknown format or a truncated header.
 */
export function readImageSize(data: Uint8Array): ImageSize | null {
  const header = readImageHeader(data);
  return header ? { width: header.width, height: header.height } : null;
}

const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(1)} MP`;

/**
 * Refuse images no decoder should be given: an unrecognisable or truncated
 * header is `CORRUPT_FILE` (leptonica would fail on it anyway, and this avoids
 * handing unknown bytes to the WASM decoder), a zero canvas dimension is
 * `CORRUPT_FILE`, and more than `maxPixels` is `IMAGE_TOO_LARGE` — for the
 * canvas, for every frame and page on its own, and for a GIF's frames together
 * (its decoder keeps all of them in memory at once).
 *
 * @returns the declared canvas size.
 * @throws {@link ExtractionError}
 */
export function assertImageWithinLimits(data: Uint8Array, maxPixels: number): ImageSize {
  const header = readImageHeader(data);
  if (!header) throw new ExtractionError("CORRUPT_FILE", "The image format is not recognised or its header is truncated.");
  const { width, height, frames } = header;
  if (width === 0 || height === 0) throw new ExtractionError("CORRUPT_FILE", `The image declares an empty size (${width}×${height}).`);
  const limit = megapixels(maxPixels);
  if (width * height > maxPixels) {
    throw new ExtractionError("IMAGE_TOO_LARGE", `The image is ${width}×${height} (${megapixels(width * height)}); the limit is ${limit}.`);
  }
  const unit = header.format === "tiff" ? "page" : "frame";
  frames.forEach((f, i) => {
    if (f.width * f.height > maxPixels) {
      throw new ExtractionError(
        "IMAGE_TOO_LARGE",
        `${unit[0].toUpperCase()}${unit.slice(1)} ${i + 1} of the image is ${f.width}×${f.height} (${megapixels(f.width * f.height)}); the limit is ${limit}.`,
      );
    }
  });
  if (header.format === "gif") {
    const total = frames.reduce((sum, f) => sum + f.width * f.height, 0);
    if (total > maxPixels) {
      throw new ExtractionError("IMAGE_TOO_LARGE", `The GIF's ${frames.length} frames hold ${megapixels(total)} together; the limit is ${limit}.`);
    }
  }
  return { width, height };
}
