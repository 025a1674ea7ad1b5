/**
 * The bytes of the JPEG a scanned page shows, taken from the PDF as stored,
 * for the PDF sandbox child to hand to OCR instead of a render of the page
 * (see `pdf.page-image.ts` for when a page shows nothing but one image).
 *
 * pdf.js does not say which XObject an image operator painted, nor give a
 * stream's raw bytes, so the document is read a second time with pdf-lib and
 * the image is found among the page's XObjects by its pixel size. Every check
 * is a reason to render instead: the bytes are handed over only when a JPEG
 * decoder shows from them exactly what a PDF viewer shows (same size, same
 * colours, no mask, no EXIF turn of their own). A page that shows the image
 * turned (its `/Rotate`, or the image placed turned) gets the turn written into
 * the bytes as their EXIF orientation (`jpeg.orientation.ts`), so a decoder
 * that honours it, as OCR's preparation does, shows the page as pdf.js would.
 *
 * Runs in the child only (pdf-lib is loaded on first use).
 */
import type { PDFDocument, PDFDict, PDFObject, PDFRawStream } from "pdf-lib";
import { readJpegFrame } from "./jpeg.frame.js";
import { orientationOfTurn, withOrientation } from "./jpeg.orientation.js";
import type { PageImage } from "./pdf.page-image.js";

/**
 * Largest PDF read a second time for its scans' JPEGs: pdf-lib parses the whole document (and the child keeps
 * a copy of its bytes for it), about 10 ms of CPU per MB here (copy and parse; 125 MB: ~0.9 s and +450 MB of
 * memory), paid once per render job — for a page job, once per page. Larger PDFs' scans are rendered as before.
 */
export const MAX_JPEG_SOURCE_BYTES = 32 * 1024 * 1024;
/** Form XObjects followed below the page's own resources (a scan wrapped in a form or two). */
const MAX_FORM_DEPTH = 3;
/** XObjects looked at on one page: a plain scan has one or two. */
const MAX_XOBJECTS = 64;

type PdfLib = typeof import("pdf-lib");

/** A document opened with pdf-lib for {@link pageJpeg}. */
export interface JpegSource {
  lib: PdfLib;
  pdf: PDFDocument;
}

/**
 * Opens `data` with pdf-lib for {@link pageJpeg}; null for an encrypted document (its streams are
 * encrypted) or one pdf-lib cannot read. Never throws.
 */
export async function openJpegSource(data: Uint8Array): Promise<JpegSource | null> {
  try {
    const lib = await import("pdf-lib");
    const pdf = await lib.PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    return pdf.isEncrypted ? null : { lib, pdf };
  } catch {
    return null;
  }
}

/**
 * The JPEG bytes of the image `image` on page `pageNumber` (1-based), or null when it cannot be handed
 * over as it is: not exactly one DCT-only image XObject of that size among the page's resources,
 * 16-bit or CMYK samples, an ICC or `/Decode` that changes colours, a mask, an EXIF orientation, a frame
 * header disagreeing with the PDF, or more than `maxPixels` pixels (a render shrinks those). When the page
 * shows the image turned ({@link PageImage.turn}), the bytes carry that turn as their EXIF orientation
 * (6, 3 or 8), nothing else changed. Never throws.
 *
 * @param pageCount - the page count pdf.js read: a page tree pdf-lib walks differently is not trusted.
 */
export function pageJpeg(source: JpegSource, pageNumber: number, pageCount: number, image: PageImage, maxPixels: number): Uint8Array | null {
  try {
    if (image.width * image.height > maxPixels) return null;
    const { pdf } = source;
    if (pdf.getPageCount() !== pageCount) return null;
    const resources = pdf.getPage(pageNumber - 1).node.Resources();
    if (!resources) return null;
    const matches = new Set<PDFRawStream>();
    collectImages(source, resources, image, 0, { seen: 0 }, matches);
    if (matches.size !== 1) return null;
    const [stream] = matches;
    return jpegBytes(source, stream!, image);
  } catch {
    return null;
  }
}

/** The image XObjects of `image`'s size in `resources` (and in the resources of its forms). */
function collectImages(source: JpegSource, resources: PDFDict, image: PageImage, depth: number, count: { seen: number }, out: Set<PDFRawStream>): void {
  const { PDFDict: Dict, PDFName, PDFNumber, PDFRawStream: RawStream } = source.lib;
  const xobjects = resources.lookupMaybe(PDFName.of("XObject"), Dict);
  if (!xobjects) return;
  for (const [, value] of xobjects.entries()) {
    if (++count.seen > MAX_XOBJECTS) throw new Error("too many XObjects");
    const stream = source.pdf.context.lookup(value);
    if (!(stream instanceof RawStream)) continue;
    const subtype = stream.dict.lookupMaybe(PDFName.of("Subtype"), PDFName)?.asString();
    if (subtype === "/Image") {
      const w = stream.dict.lookupMaybe(PDFName.of("Width"), PDFNumber)?.asNumber();
      const h = stream.dict.lookupMaybe(PDFName.of("Height"), PDFNumber)?.asNumber();
      if (w === image.width && h === image.height) out.add(stream);
    } else if (subtype === "/Form" && depth < MAX_FORM_DEPTH) {
      const inner = stream.dict.lookupMaybe(PDFName.of("Resources"), Dict);
      if (inner && inner !== resources) collectImages(source, inner, image, depth + 1, count, out);
    }
  }
}

/** Colour components of an image's colour space when a JPEG decoder shows it as a viewer does (grey or RGB), else null. */
function components(source: JpegSource, colorSpace: PDFObject | undefined): number | null {
  const { PDFArray, PDFName, PDFNumber, PDFRawStream: RawStream } = source.lib;
  const cs = colorSpace === undefined ? undefined : source.pdf.context.lookup(colorSpace);
  if (cs instanceof PDFName) {
    const name = cs.asString();
    return name === "/DeviceGray" ? 1 : name === "/DeviceRGB" ? 3 : null;
  }
  // [/ICCBased stream]: a profile of 1 or 3 components. The profile is not applied (a JPEG decoder does not
  // have it): for reading text, a grey or RGB profile's colours are the device's, near enough.
  const family = cs instanceof PDFArray && cs.size() === 2 ? cs.lookup(0) : undefined;
  if (cs instanceof PDFArray && family instanceof PDFName && family.asString() === "/ICCBased") {
    const profile = cs.lookup(1);
    const n = profile instanceof RawStream ? profile.dict.lookupMaybe(PDFName.of("N"), PDFNumber)?.asNumber() : undefined;
    return n === 1 || n === 3 ? n : null;
  }
  return null;
}

/** The stream's bytes when they are a JPEG that shows what the PDF shows (see {@link pageJpeg}). */
function jpegBytes(source: JpegSource, stream: PDFRawStream, image: PageImage): Uint8Array | null {
  const { PDFArray, PDFBool, PDFDict: Dict, PDFName, PDFNumber } = source.lib;
  const dict = stream.dict;
  const get = (key: string) => dict.get(PDFName.of(key));
  const filter = dict.lookup(PDFName.of("Filter"));
  const filterName = filter instanceof PDFArray ? (filter.size() === 1 ? filter.lookup(0) : null) : filter;
  if (!(filterName instanceof PDFName) || filterName.asString() !== "/DCTDecode") return null;
  // A ColorTransform overrides what the JPEG's own markers say about YCbCr, which a JPEG decoder alone
  // would not know; other parameters (tesseract writes Predictor, Colors, Columns) do not apply to DCTDecode.
  const parms = dict.lookup(PDFName.of("DecodeParms"));
  const parmsDict = parms instanceof PDFArray ? parms.lookup(0) : parms;
  if (parmsDict !== undefined && !(parmsDict instanceof Dict && parmsDict.get(PDFName.of("ColorTransform")) === undefined)) return null;
  if (dict.lookupMaybe(PDFName.of("BitsPerComponent"), PDFNumber)?.asNumber() !== 8) return null;
  const imageMask = dict.lookup(PDFName.of("ImageMask"));
  if (imageMask instanceof PDFBool && imageMask.asBoolean()) return null;
  for (const key of ["Decode", "SMask", "Mask", "SMaskInData", "OC", "Alternates"]) {
    if (get(key) !== undefined) return null;
  }
  const n = components(source, get("ColorSpace"));
  if (n === null) return null;
  const bytes = stream.getContents();
  const frame = readJpegFrame(bytes);
  if (!frame || frame.width !== image.width || frame.height !== image.height) return null;
  if (frame.precision !== 8 || frame.components !== n || frame.orientation !== 1) return null;
  // A copy of exactly the image: the contents are a view into the whole document's bytes.
  if (image.turn === 0) return bytes.slice();
  // Turned: a new copy with the turn as its EXIF orientation, read back the way the frame check reads it.
  const orientation = orientationOfTurn(image.turn);
  const turned = withOrientation(bytes, orientation);
  const check = turned && readJpegFrame(turned);
  if (!check || check.orientation !== orientation || check.width !== frame.width || check.height !== frame.height || check.components !== n) return null;
  return turned;
}
