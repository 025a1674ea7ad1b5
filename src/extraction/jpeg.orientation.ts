/**
 * A JPEG's EXIF orientation set to a quarter turn, without decoding it: how a
 * scanned page's JPEG, handed over as stored (`pdf.page-jpeg.ts`), carries the
 * turn the page shows it with. Everything that reads a page image for OCR
 * honours EXIF orientation already (sharp's `rotate()` in the preparation and
 * the region re-reads, the page size boxes are normalised by), so the turned
 * bytes are read exactly as the rendered page would be, boxes included.
 *
 * Pure: bytes in, bytes out; never throws on hostile bytes.
 */
import type { QuarterTurn } from "./page/page.model.js";

/** The EXIF orientation (1–8) that shows stored pixels turned clockwise by `turn`: 1, 6, 3, 8. */
export function orientationOfTurn(turn: QuarterTurn): 1 | 3 | 6 | 8 {
  return turn === 90 ? 6 : turn === 180 ? 3 : turn === 270 ? 8 : 1;
}

/**
 * A minimal APP1 Exif segment: a big-endian TIFF header and IFD0 with the one entry Orientation
 * (tag 0x0112, SHORT, count 1), no next IFD.
 */
function exifSegment(orientation: number): Uint8Array {
  const body = [
    ...[0x45, 0x78, 0x69, 0x66, 0x00, 0x00], // "Exif\0\0"
    ...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08], // "MM", 42, IFD0 at offset 8
    ...[0x00, 0x01], // one entry
    ...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00], // Orientation, SHORT, 1, value
    ...[0x00, 0x00, 0x00, 0x00], // no next IFD
  ];
  const length = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

/** True for an APP1 segment at `offset` holding Exif (as opposed to XMP and others). */
function isExifApp1(data: Uint8Array, offset: number, length: number): boolean {
  if (data[offset + 1] !== 0xe1 || length < 8) return false;
  return String.fromCharCode(...data.subarray(offset + 4, offset + 10)) === "Exif\0\0";
}

/**
 * `jpeg` with its EXIF orientation set to `orientation`: every Exif segment before the frame header is
 * dropped (one that said orientation 1, or none, as the caller checked; a decoder may read either of two)
 * and a minimal one is put right after the SOI and any JFIF APP0, where decoders look for it. The entropy-coded
 * data are not touched. Null when the markers cannot be followed to a frame header.
 */
export function withOrientation(jpeg: Uint8Array, orientation: 1 | 3 | 6 | 8): Uint8Array | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [];
  // The new segment goes after the SOI, or after an APP0 (JFIF) that comes first, which JFIF readers expect there.
  let app0First = false;
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1]!;
    // Only length-carrying segments come between SOI and the frame header (fill bytes and standalone markers do not
    // occur in what pdf-lib and scanners write): anything else is left to a render.
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) return null;
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    if (length < 2 || offset + 2 + length > jpeg.length) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame || marker === 0xda) {
      const before = app0First ? 1 : 0;
      return concat([jpeg.subarray(0, 2), ...kept.slice(0, before), exifSegment(orientation), ...kept.slice(before), jpeg.subarray(offset)]);
    }
    if (offset === 2 && marker === 0xe0) app0First = true;
    if (!isExifApp1(jpeg, offset, length)) kept.push(jpeg.subarray(offset, offset + 2 + length));
    offset += 2 + length;
  }
  return null;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
