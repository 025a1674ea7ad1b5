import { Readable } from "node:stream";
import { storageKeys } from "../../storage/storage.factory.js";
import { currentPageModels, currentPages, type PipelineStep } from "../step.js";

/** Version of the result JSON layout, so consumers can tell layouts apart (3: `lineItems`). */
export const RESULT_SCHEMA_VERSION = 3;

/** Writes the processed text and the result JSON to object storage. */
export const finalizeStep: PipelineStep<"finalize"> = {
  name: "finalize",
  async run(ctx) {
    const { document: doc, outputs } = ctx;
    const pages = currentPages(outputs);
    const models = currentPageModels(outputs);
    // Pages are separated by form feeds, as pdftotext does, so offsets per page can be recovered.
    const text = pages.join("\f");
    const textKey = storageKeys.text(doc.ownerId, doc.id);
    const resultKey = storageKeys.result(doc.ownerId, doc.id);
    const result = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      documentId: doc.id,
      filename: doc.originalFilename,
      sha256: doc.sha256,
      contentType: outputs.detect?.mime ?? null,
      pageCount: pages.length,
      type: outputs.classify?.type ?? null,
      confidence: outputs.classify?.confidence ?? null,
      classification: outputs.classify ? { scores: outputs.classify.scores, cues: outputs.classify.cues } : null,
      fields: outputs.extract_fields?.fields ?? [],
      // Version 3: the line items of a receipt or invoice (description, quantity, unit price, amount, page, box).
      lineItems: outputs.extract_fields?.lineItems ?? [],
      summary: outputs.summarize?.summary ?? null,
      ocr: outputs.ocr ? { pages: outputs.ocr.ocrPages, meanConfidence: outputs.ocr.meanConfidence } : null,
      // The searchable PDF beside this result (`downloads.searchablePdf`), when the step made one.
      searchablePdf: outputs.searchable_pdf ? { textLayerPages: outputs.searchable_pdf.textLayerPages, bytes: outputs.searchable_pdf.bytes } : null,
      // Version 2: each page carries its model (blocks → lines → words with normalised boxes,
      // confidences and character spans into `text`), so fields can be re-extracted and
      // highlighted without OCR again.
      pages: pages.map((p, i) => ({ page: i + 1, text: p, model: models[i] ?? null })),
      timingsMs: ctx.timings,
      processedAt: new Date().toISOString(),
    };
    const textBytes = Buffer.from(text, "utf8");
    const resultBytes = Buffer.from(JSON.stringify(result, null, 2), "utf8");
    // Bounded by MAX_TEXT_CHARS upstream; the limit here is a backstop against runaway JSON.
    const maxBytes = ctx.limits.maxTextChars * 8 + 1_000_000;
    // Two independent objects: written side by side (one storage round trip of waiting, not two).
    await Promise.all([
      ctx.store.put(textKey, Readable.from([textBytes]), { maxBytes, contentType: "text/plain; charset=utf-8" }),
      ctx.store.put(resultKey, Readable.from([resultBytes]), { maxBytes, contentType: "application/json" }),
    ]);
    return {
      status: "succeeded",
      message: `Stored processed text (${textBytes.length} bytes) and result JSON`,
      summary: { textBytes: textBytes.length, resultBytes: resultBytes.length },
      data: { textKey, resultKey },
      document: { extractedText: text, textKey, resultKey },
    };
  },
};
