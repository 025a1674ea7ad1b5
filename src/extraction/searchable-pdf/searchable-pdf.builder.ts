/**
 * Builds a searchable PDF: pages that look like the original, with Folio's
 * OCR words as an invisible text layer at their positions.
 *
 * - An image becomes one page showing the image as stored (JPEG as JPEG, PNG
 *   passed through; other formats converted with sharp to whichever of JPEG
 *   and PNG is smaller), turned by its EXIF orientation the way OCR saw it, so
 *   the word boxes line up.
 * - A PDF is kept as it is: pages that were OCR'd get the text layer added in
 *   a content stream of their own; pages that had a text layer are left
 *   untouched.
 *
 * Pure: bytes in, bytes out. Errors are {@link SearchablePdfError}s with a
 * stable code (the caller records them without failing the document).
 */
import { EncryptedPDFError, PDFDocument, PDFNumber, PDFOperator, PDFOperatorNames, type PDFImage, type PDFPage, type PDFRef } from "pdf-lib";
import sharp from "sharp";
import { AppError } from "../../errors/app.error.js";
import type { PageModel } from "../page/page.model.js";
import { orientedImageMatrix, type Matrix, type PageFrame } from "./page.geometry.js";
import { passThroughPng } from "./png.passthrough.js";
import { TextLayerFonts } from "./text-layer.font.js";
import { pageTextLayer } from "./text-layer.writer.js";

/** What to build from. */
export interface SearchablePdfInput {
  original: Uint8Array;
  kind: "pdf" | "image";
  /** Every page's model, in page order (`models[i].page === i + 1`). */
  pages: readonly PageModel[];
  /** 1-based pages whose text came from OCR: only these get a text layer. */
  ocrPages: readonly number[];
}

/** The built PDF and what went into it. */
export interface SearchablePdf {
  bytes: Uint8Array;
  pageCount: number;
  /** Pages that got an invisible text layer. */
  textLayerPages: number[];
  /** Words drawn. */
  words: number;
  /** How an image original was placed: `jpeg`/`png` as stored, or converted to one of them. */
  image?: { format: "jpeg" | "png"; converted: boolean };
}

/** Fails the searchable PDF only (code `SEARCHABLE_PDF_UNSUPPORTED`): the document itself is fine. */
export class SearchablePdfError extends AppError {
  constructor(message: string, cause?: unknown) {
    super("SEARCHABLE_PDF_UNSUPPORTED", message, cause === undefined ? {} : { cause });
  }
}

/** Build the searchable PDF (see the module comment). */
export async function buildSearchablePdf(input: SearchablePdfInput): Promise<SearchablePdf> {
  try {
    return await (input.kind === "image" ? buildFromImage(input) : buildFromPdf(input));
  } catch (error) {
    // pdf-lib throws plain errors on structures it cannot follow (a broken page tree, a bad object): the original's, not Folio's.
    if (error instanceof AppError) throw error;
    throw new SearchablePdfError(`The ${input.kind === "image" ? "image" : "PDF"} could not be rewritten with a text layer.`, error);
  }
}

async function buildFromPdf(input: SearchablePdfInput): Promise<SearchablePdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(input.original, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new SearchablePdfError("The PDF is encrypted; a searchable copy is not made of encrypted PDFs.", error);
    throw new SearchablePdfError("The PDF could not be parsed for writing a searchable copy.", error);
  }
  const pages = doc.getPages();
  if (pages.length !== input.pages.length) {
    throw new SearchablePdfError(`The PDF writer sees ${pages.length} page(s) where the reader saw ${input.pages.length}.`);
  }
  const fonts = new TextLayerFonts(doc.context);
  const textLayerPages: number[] = [];
  let words = 0;
  for (const n of [...new Set(input.ocrPages)].sort((a, b) => a - b)) {
    const page = pages[n - 1];
    const model = input.pages[n - 1];
    if (!page || !model) continue;
    const crop = page.getCropBox();
    const drawn = addTextLayer(page, model, { ...crop, rotation: page.getRotation().angle }, fonts);
    if (drawn > 0) textLayerPages.push(n);
    words += drawn;
  }
  fonts.write();
  const bytes = await doc.save({ updateFieldAppearances: false });
  return { bytes, pageCount: pages.length, textLayerPages, words };
}

async function buildFromImage(input: SearchablePdfInput): Promise<SearchablePdf> {
  const model = input.pages[0];
  if (!model) throw new SearchablePdfError("The image has no page model.");
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input.original, { failOn: "none" }).metadata();
  } catch (error) {
    throw new SearchablePdfError("The image could not be read for a searchable copy.", error);
  }
  if (!meta.width || !meta.height) throw new SearchablePdfError("The image has no size.");
  const doc = await PDFDocument.create({ updateMetadata: false });
  const placed = await placeImage(doc, Buffer.from(input.original), meta);
  const orientation = meta.orientation ?? 1;
  // The page is the image as seen (after orientation), at the image's resolution when it states one.
  const dpi = meta.density && meta.density >= 72 && meta.density <= 1200 ? meta.density : 72;
  const seen = orientation >= 5 ? { w: meta.height, h: meta.width } : { w: meta.width, h: meta.height };
  const width = (seen.w * 72) / dpi;
  const height = (seen.h * 72) / dpi;
  const page = doc.addPage([width, height]);
  const key = page.node.newXObject("Im", placed.ref);
  page.pushOperators(
    PDFOperator.of(PDFOperatorNames.PushGraphicsState),
    PDFOperator.of(PDFOperatorNames.ConcatTransformationMatrix, numbers(orientedImageMatrix(orientation, width, height))),
    PDFOperator.of(PDFOperatorNames.DrawObject, [key]),
    PDFOperator.of(PDFOperatorNames.PopGraphicsState),
  );
  const fonts = new TextLayerFonts(doc.context);
  const words = input.ocrPages.includes(1) ? addTextLayer(page, model, { x: 0, y: 0, width, height, rotation: 0 }, fonts) : 0;
  fonts.write();
  const bytes = await doc.save();
  return { bytes, pageCount: 1, textLayerPages: words > 0 ? [1] : [], words, image: { format: placed.format, converted: placed.converted } };
}

/** Draw a page model's words invisibly on `page`; returns how many. */
function addTextLayer(page: PDFPage, model: PageModel, frame: PageFrame, fonts: TextLayerFonts): number {
  // A page OCR read turned (a scan lying on its side) has its boxes on the page turned further by that turn: the
  // text is drawn in that frame, so it lands on the scan's print and runs the way the print does.
  const turned = model.rotation ? { ...frame, rotation: frame.rotation + model.rotation } : frame;
  const layer = pageTextLayer(model, turned, fonts, (font) => page.node.newFontDictionary("FolioText", font).asString().slice(1));
  if (layer.operators.length === 0) return 0;
  page.pushOperators(...layer.operators);
  return layer.words;
}

const numbers = (m: Matrix) => m.map((n) => PDFNumber.of(Math.round(n * 10_000) / 10_000));

/** The image as an XObject: the stored bytes where PDF can take them, else the smaller of a JPEG and a PNG made by sharp. */
async function placeImage(doc: PDFDocument, original: Buffer, meta: sharp.Metadata): Promise<{ ref: PDFRef; format: "jpeg" | "png"; converted: boolean }> {
  if (meta.format === "jpeg") {
    const image = await tryEmbedJpeg(doc, original);
    if (image) return { ref: image.ref, format: "jpeg", converted: false };
  }
  if (meta.format === "png") {
    const passed = passThroughPng(doc.context, original);
    if (passed) return { ref: passed.ref, format: "png", converted: false };
  }
  // Converted pixels keep their stored orientation (no rotate()): the page matrix turns them, as for stored bytes.
  let jpeg: Buffer;
  let png: Buffer;
  try {
    const base = sharp(original, { failOn: "none" }).flatten({ background: "#ffffff" });
    [jpeg, png] = await Promise.all([base.clone().jpeg({ quality: 85 }).toBuffer(), base.clone().png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer()]);
  } catch (error) {
    throw new SearchablePdfError("The image could not be converted for a searchable copy.", error);
  }
  if (png.length <= jpeg.length) {
    const passed = passThroughPng(doc.context, png);
    if (passed) return { ref: passed.ref, format: "png", converted: true };
  }
  const image = await tryEmbedJpeg(doc, jpeg);
  if (!image) throw new SearchablePdfError("The converted image could not be embedded.");
  return { ref: image.ref, format: "jpeg", converted: true };
}

async function tryEmbedJpeg(doc: PDFDocument, jpeg: Buffer): Promise<PDFImage | null> {
  try {
    // A copy of its own: pdf-lib reads the bytes through their ArrayBuffer from offset 0, which a pooled Buffer's view is not.
    const image = await doc.embedJpg(new Uint8Array(jpeg));
    // pdf-lib writes an embedded image when the document is saved; embed now so its reference is filled.
    await image.embed();
    return image;
  } catch {
    return null;
  }
}
