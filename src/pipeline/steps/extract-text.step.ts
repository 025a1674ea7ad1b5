import { readEmbeddedEInvoice } from "../../extraction/einvoice/einvoice.reader.js";
import { extractPdfText } from "../../extraction/pdf.adapter.js";
import type { OcrMode } from "../../common/ocr-mode.js";
import type { PipelineStep, StepDataMap } from "../step.js";

/** The PDF's own text layer, page by page, parsed in a killable child process. Images have none. */
export const extractTextStep: PipelineStep<"extract_text"> = {
  name: "extract_text",
  // An image: the step only says it has no text layer (skipped).
  deferStart: (outputs) => outputs.detect !== undefined && outputs.detect.kind !== "pdf",
  async run(ctx) {
    if (ctx.outputs.detect?.kind !== "pdf") {
      return { status: "skipped", message: "Images have no text layer" };
    }
    const result = await extractPdfText(await ctx.original(), {
      limits: {
        timeoutMs: ctx.limits.pdfTimeoutMs,
        maxPages: ctx.limits.maxPages,
        maxMemoryMb: ctx.limits.pdfMemoryMb,
        maxTextChars: ctx.limits.maxTextChars,
      },
      password: ctx.document.pdfPassword,
      signal: ctx.signal,
      // Only `redo` acts on OCR layers; finding them costs a second pass over each page's content.
      findOcrLayers: ctx.limits.ocrMode === "redo",
    });
    const chars = result.pages.reduce((n, p) => n + p.length, 0);
    const withText = result.pages.filter(hasUsableText).length;
    // An attachment that is not a readable e-invoice is a note on the step, never a failure of the document.
    const embedded = readEmbeddedEInvoice(result.attachments ?? []);
    const notes = [...(result.attachmentNotes ?? []), ...embedded.notes];
    const invoice = embedded.found ? `; embedded e-invoice ${embedded.found.filename}` : "";
    const ocrLayers = result.ocrLayerPages?.length ? `; ${result.ocrLayerPages.length} of them an earlier OCR` : "";
    return {
      status: "succeeded",
      message: `${result.pageCount} page(s), ${withText} with a text layer${ocrLayers}${invoice}`,
      summary: {
        pageCount: result.pageCount,
        pagesWithText: withText,
        characters: chars,
        encrypted: result.info.encrypted,
        ...(embedded.found ? { einvoice: { file: embedded.found.filename, syntax: embedded.found.invoice.syntax, kind: embedded.found.invoice.kind } } : {}),
        ...(notes.length > 0 ? { attachmentWarnings: notes } : {}),
        ...(result.ocrLayerPages?.length ? { ocrLayerPages: result.ocrLayerPages } : {}),
      },
      data: {
        pageCount: result.pageCount,
        pages: result.pages,
        models: result.models,
        einvoice: embedded.found,
        ...(result.ocrLayerPages ? { ocrLayerPages: result.ocrLayerPages } : {}),
      },
      document: { pageCount: result.pageCount },
    };
  },
};

/** Pages with fewer visible characters than this are treated as scans and OCRed. */
export const MIN_TEXT_LAYER_CHARS = 20;

/** True when a page's text layer is worth keeping instead of OCR. */
export function hasUsableText(page: string): boolean {
  return page.replace(/\s+/g, "").length >= MIN_TEXT_LAYER_CHARS;
}

/**
 * The 1-based PDF pages the OCR step reads under `mode` (`OCR_MODE`): pages without a usable text layer;
 * under `redo` also those whose text is an earlier OCR drawn invisibly; under `force` all of them.
 */
export function pagesToOcr(textLayer: Pick<StepDataMap["extract_text"], "pages" | "ocrLayerPages">, mode: OcrMode): number[] {
  const redo = new Set(mode === "redo" ? (textLayer.ocrLayerPages ?? []) : []);
  return textLayer.pages.flatMap((text, i) => (mode === "force" || redo.has(i + 1) || !hasUsableText(text) ? [i + 1] : []));
}
