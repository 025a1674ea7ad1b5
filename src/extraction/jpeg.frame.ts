/**
 * What a JPEG's frame header declares (size, sample precision, colour
 * components) and its EXIF orientation, read from the markers without
 * decoding: enough to tell whether a PDF's embedded JPEG, handed over as it
 * is, shows what the PDF shows (see `pdf.page-jpeg.ts`).
 *
 * Pure: bytes in, numbers out; never throws on hostile bytes.
 */
import { imageSize } from "image-size";

/** A JPEG's frame header and orientation. */
export interface JpegFrame {
  width: number;
  height: number;
  /** Bits per sample (8 for baseline; 12 and 16 exist). */
  precision: number;
  /** Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
  /** EXIF orientation (1–8); 1 when the file has none, 0 when its metadata could not be read. */
  orientation: number;
}

/** SOFn markers (frame headers): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isFrameMarker(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** Markers without a length field: TEM, RST0–7 (SOI and EOI do not occur before a frame header). */
function isStandalone(m: number): boolean {
  return m === 0x01 || (m >= 0xd0 && m <= 0xd7);
}

/**
 * The frame header of a JPEG (the first SOFn marker), or null when `data` is not a JPEG or its markers
 * end before one.
 */
export function readJpegFrame(data: Uint8Array): JpegFrame | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) return null;
    const marker = data[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    const length = (data[offset + 2]! << 8) | data[offset + 3]!;
    if (length < 2) return null;
    if (isFrameMarker(marker)) {
      if (offset + 10 > data.length) return null;
      const precision = data[offset + 4]!;
      const height = (data[offset + 5]! << 8) | data[offset + 6]!;
      const width = (data[offset + 7]! << 8) | data[offset + 8]!;
      const components = data[offset + 9]!;
      return { width, height, precision, components, orientation: orientationOf(data) };
    }
    offset += 2 + length;
  }
  return null;
}

function orientationOf(data: Uint8Array): number {
  try {
    const o = imageSize(data).orientation;
    if (o === undefined) return 1;
    return Number.isInteger(o) && o >= 1 && o <= 8 ? o : 0;
  } catch {
    return 0;
  }
}
