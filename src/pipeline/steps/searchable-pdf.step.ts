import { Readable } from "node:stream";
import { buildSearchablePdf } from "../../extraction/searchable-pdf/searchable-pdf.builder.js";
import { storageKeys } from "../../storage/storage.factory.js";
import { currentPageModels, pageModelsHaveGeometry, type PipelineStep, type StepDataMap, type StepResult } from "../step.js";
import { hasUsableText } from "./extract-text.step.js";

/**
 * The OCR'd pages that get a text layer: those that had none. A page OCRed again over its own text (`OCR_MODE`
 * redo or force) is already searchable; a second layer would double every search hit and every copied word.
 */
function layerPages(outputs: Readonly<Partial<StepDataMap>>): number[] {
  const textLayer = outputs.extract_text?.pages;
  return (outputs.ocr?.ocrPages ?? []).filter((page) => !textLayer || !hasUsableText(textLayer[page - 1] ?? ""));
}

const skip = (message: string): StepResult<"searchable_pdf"> => ({ status: "skipped", message, summary: { reason: message } });

/**
 * Writes a searchable PDF beside the processed text: the original's pages with
 * the OCR words as an invisible text layer (see `extraction/searchable-pdf/`).
 * Only documents with OCR'd pages get one. Optional: when it cannot be built
 * (e.g. an encrypted PDF, which the PDF writer cannot open) the step fails
 * with its code and the document completes without it.
 */
export const searchablePdfStep: PipelineStep<"searchable_pdf"> = {
  name: "searchable_pdf",
  optional: true,
  // Skipping only computes: its start and outcome are written together.
  deferStart: (outputs) => layerPages(outputs).length === 0,
  async run(ctx) {
    const { document: doc, outputs } = ctx;
    const ocrPages = layerPages(outputs);
    if (ocrPages.length === 0) {
      return skip(outputs.ocr?.ocrPages.length ? "Every OCR'd page had a text layer already: the original is searchable as it is." : "No page needed OCR: the original is searchable as it is.");
    }
    if (!ctx.limits.searchablePdf) return skip("Searchable PDFs are turned off (SEARCHABLE_PDF=false).");
    // Text-only models rebuilt from outputs stored before page models existed have no real word positions.
    if (!pageModelsHaveGeometry(outputs)) return skip("The stored OCR result has no word positions; reprocess from ocr to get a searchable PDF.");
    const kind = outputs.detect?.kind ?? "pdf";
    const original = await ctx.original();
    const built = await buildSearchablePdf({ original, kind, pages: currentPageModels(outputs), ocrPages });
    const key = storageKeys.searchablePdf(doc.ownerId, doc.id);
    const bytes = Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength);
    // The original's pages plus a text layer: bounded by the original's size and the text limit, with room for PDF overhead.
    const maxBytes = doc.sizeBytes * 2 + ctx.limits.maxTextChars * 64 + 1_000_000;
    await ctx.store.put(key, Readable.from([bytes]), { maxBytes, contentType: "application/pdf" });
    const ratio = doc.sizeBytes > 0 ? Math.round((bytes.length / doc.sizeBytes) * 100) / 100 : null;
    return {
      status: "succeeded",
      message: `Stored a searchable PDF (${bytes.length} bytes, text layer on ${built.textLayerPages.length} of ${built.pageCount} page(s))`,
      summary: { bytes: bytes.length, sizeRatio: ratio, textLayerPages: built.textLayerPages, words: built.words, ...(built.image ? { image: built.image } : {}) },
      data: { key, textLayerPages: built.textLayerPages, bytes: bytes.length },
    };
  },
};
