/**
 * A PNG's compressed pixels as a PDF image, without decoding them.
 *
 * PNG's IDAT stream is zlib data with a filter byte per row, which is exactly
 * what PDF's FlateDecode with PNG predictors (`/Predictor 15`) reads. Passing
 * it through keeps the image as small as the PNG itself; pdf-lib's own PNG
 * embedding decodes and deflates raw pixels again, which can double a scan's
 * size. Only the common forms pass through (8-bit or less grey, RGB or
 * palette, not interlaced, no transparency); anything else returns null and
 * the caller converts the image.
 */
import { PDFName, PDFNumber, type PDFContext, type PDFRef } from "pdf-lib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG registered as an image XObject. */
export interface PassedImage {
  ref: PDFRef;
  width: number;
  height: number;
}

/** Register `png` as an image XObject in `context`, or null when its form does not pass through. */
export function passThroughPng(context: PDFContext, png: Buffer): PassedImage | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return null;
  let offset = 8;
  let header: { width: number; height: number; depth: number; colourType: number; interlace: number } | null = null;
  let palette: Buffer | null = null;
  const data: Buffer[] = [];
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) return null;
    if (type === "IHDR") {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colourType: body[9]!, interlace: body[12]! };
    } else if (type === "PLTE") {
      palette = Buffer.from(body);
    } else if (type === "tRNS") {
      return null;
    } else if (type === "IDAT") {
      data.push(body);
    } else if (type === "IEND") {
      break;
    }
    offset += 12 + length;
  }
  if (!header || data.length === 0 || header.interlace !== 0 || header.depth > 8 || header.width === 0 || header.height === 0) return null;
  const colours = header.colourType === 0 || header.colourType === 3 ? 1 : header.colourType === 2 ? 3 : 0;
  if (colours === 0) return null;
  let colourSpace: unknown;
  if (header.colourType === 3) {
    if (!palette || palette.length % 3 !== 0) return null;
    colourSpace = [PDFName.of("Indexed"), PDFName.of("DeviceRGB"), PDFNumber.of(palette.length / 3 - 1), context.flateStream(palette)];
  } else {
    colourSpace = PDFName.of(colours === 3 ? "DeviceRGB" : "DeviceGray");
  }
  const stream = context.stream(Buffer.concat(data), {
    Type: "XObject",
    Subtype: "Image",
    Width: header.width,
    Height: header.height,
    BitsPerComponent: header.depth,
    Filter: "FlateDecode",
    DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: header.depth, Columns: header.width },
  });
  if (header.colourType === 3) {
    const [indexed, base, hival, lookup] = colourSpace as [PDFName, PDFName, PDFNumber, ReturnType<PDFContext["flateStream"]>];
    stream.dict.set(PDFName.of("ColorSpace"), context.obj([indexed, base, hival, context.register(lookup)]));
  } else {
    stream.dict.set(PDFName.of("ColorSpace"), colourSpace as PDFName);
  }
  return { ref: context.register(stream), width: header.width, height: header.height };
}
