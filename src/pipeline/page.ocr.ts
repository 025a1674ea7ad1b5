import type { PipelineLimits } from "../config/env.js";
import type { OcrPageResult, OcrPool } from "../extraction/ocr.adapter.js";
import { rereadKeyRegions } from "../extraction/ocr.reread.js";
import { DEFAULT_OCR_PREP } from "../extraction/ocr-image.preparer.js";
import { renderPdfPages, type PdfRenderedPage } from "../extraction/pdf.adapter.js";

/** Re-read totals of one or more pages, for a step summary. */
export interface RereadTally {
  /** Key-field regions read again, and how many of those readings replaced the first. */
  regions: number;
  replaced: number;
  ms: number;
  /** Unsure pages read a second time with automatic layout analysis, and how many of those readings were kept. */
  layoutReads: number;
  layoutKept: number;
  /** Lines of ink no word of the page read covered, read on their own, and the words they added (`OCR_INK_MAX_REGIONS`). */
  inkRegions: number;
  inkWords: number;
  /** Pages read at another quarter turn than upright (an unsure or nearly empty upright read), and pages kept turned. */
  turnReads: number;
  turned: number;
}

/** An empty tally. */
export const noRereads = (): RereadTally => ({ regions: 0, replaced: 0, ms: 0, layoutReads: 0, layoutKept: 0, inkRegions: 0, inkWords: 0, turnReads: 0, turned: 0 });

/** What reading a page needs; the OCR step and page jobs both have it. */
export interface PageOcrDeps {
  ocr: OcrPool;
  limits: PipelineLimits;
  signal: AbortSignal;
}

/**
 * OCR of one page, then targeted re-OCR of its doubtful key-field regions
 * (`OCR_REREAD_MAX_REGIONS`, 0 = off): the page model and text carry the better
 * readings. The one way a page is read, in the document's run or in a page job.
 */
export async function recognizePage(deps: PageOcrDeps, image: Uint8Array, pageNumber: number, tally: RereadTally): Promise<OcrPageResult> {
  const result = await deps.ocr.recognize(image, { signal: deps.signal, timeoutMs: deps.limits.ocrPageTimeoutMs, pageNumber });
  if (result.layout.tried.length > 1) {
    tally.layoutReads += 1;
    if (result.layout.kept !== result.layout.tried[0]) tally.layoutKept += 1;
  }
  if (result.turns.tried.length > 1) tally.turnReads += 1;
  if (result.turns.kept !== 0) tally.turned += 1;
  tally.inkRegions += result.ink.regions;
  tally.inkWords += result.ink.words;
  // The level page is only for the re-reads below; it is not part of what a page's OCR yields.
  const { level, ...read } = result;
  if (deps.limits.ocrRereadRegions <= 0) return read;
  const { page, report } = await rereadKeyRegions(image, read.page, deps.ocr, {
    level,
    maxRegions: deps.limits.ocrRereadRegions,
    germanNames: deps.limits.ocrGermanNames,
    signal: deps.signal,
    timeoutMs: deps.limits.ocrPageTimeoutMs,
  });
  tally.regions += report.regions;
  tally.replaced += report.replaced;
  tally.ms += report.ms;
  return report.replaced > 0 ? { ...read, text: page.text, confidence: page.confidence, page } : read;
}

/** Zoom of a page without a scan: 144 dpi. A scan renders at its own density (see `scanRenderScale`). */
export const OCR_RENDER_SCALE = 2;

/** Most a scan is rendered at for OCR: 300 dpi, where tesseract reads best; a denser scan is rendered at 300 dpi. */
export const OCR_RENDER_MAX_DPI = 300;

/**
 * Widest a scan is rendered for OCR (px): the preparation's `maxWidth` (2,500; an A4 page at 300 dpi is
 * 2,480 px), since it narrows anything wider before tesseract reads it; pixels beyond it cost render,
 * PNG and preparation time only.
 */
export const OCR_RENDER_MAX_SCAN_WIDTH = DEFAULT_OCR_PREP.maxWidth;

/**
 * Render PDF pages for OCR in the PDF sandbox, under the pipeline's limits: a scanned page that is one
 * full-page JPEG and nothing else (an invisible OCR layer aside) as that JPEG's own bytes, a page shown
 * turned carrying the turn as EXIF orientation, read like an uploaded image (pdf.js' render of it is its
 * decoder's rounding of the same pixels, and OCR read it worse: see README); any other scanned page rendered at its image's own pixel density (at most
 * 300 dpi and {@link OCR_RENDER_MAX_SCAN_WIDTH} px wide; never enlarged), anything else at 144 dpi.
 * `MAX_IMAGE_PIXELS` shrinks a render; a JPEG above it is rendered instead.
 */
export function renderForOcr(pdf: Uint8Array, pages: number[], opts: { limits: PipelineLimits; password?: string; signal: AbortSignal }): Promise<PdfRenderedPage[]> {
  const { limits } = opts;
  return renderPdfPages(pdf, {
    pages,
    scale: OCR_RENDER_SCALE,
    maxScanScale: OCR_RENDER_MAX_DPI / 72,
    maxScanWidth: OCR_RENDER_MAX_SCAN_WIDTH,
    scanJpeg: true,
    limits: { timeoutMs: limits.pdfTimeoutMs, maxPages: limits.maxPages, maxMemoryMb: limits.pdfMemoryMb, maxTextChars: limits.maxTextChars, maxPixels: limits.maxImagePixels },
    ...(opts.password ? { password: opts.password } : {}),
    signal: opts.signal,
  });
}
