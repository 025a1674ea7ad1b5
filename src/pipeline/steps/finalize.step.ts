import { Readable } from "node:stream";
import { buildResult, maxResultBytes, storeResult } from "../../documents/result.layout.js";
import { storageKeys } from "../../storage/storage.factory.js";
import { correctedReading, currentPageModels, currentPages, type PipelineStep } from "../step.js";

export { RESULT_SCHEMA_VERSION } from "../../documents/result.layout.js";

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
    // The same builder rewrites this file when a person corrects the document (documents/correction.service.ts).
    const result = buildResult(
      {
        documentId: doc.id,
        filename: doc.originalFilename,
        sha256: doc.sha256,
        contentType: outputs.detect?.mime ?? null,
        pages: pages.map((p, i) => ({ page: i + 1, text: p, model: models[i] ?? null })),
        ocr: outputs.ocr ? { pages: outputs.ocr.ocrPages, meanConfidence: outputs.ocr.meanConfidence } : null,
        classification: outputs.classify ? { scores: outputs.classify.scores, cues: outputs.classify.cues } : null,
        lineItems: outputs.extract_fields?.lineItems ?? [],
        searchablePdf: outputs.searchable_pdf ? { textLayerPages: outputs.searchable_pdf.textLayerPages, bytes: outputs.searchable_pdf.bytes } : null,
        timingsMs: ctx.timings,
        processedAt: new Date().toISOString(),
      },
      { ...correctedReading(ctx), summary: outputs.summarize?.summary ?? null },
    );
    const textBytes = Buffer.from(text, "utf8");
    // Bounded by MAX_TEXT_CHARS upstream; the limit here is a backstop against runaway JSON.
    const maxBytes = maxResultBytes(ctx.limits.maxTextChars);
    // Two independent objects: written side by side (one storage round trip of waiting, not two).
    const [, resultBytes] = await Promise.all([
      ctx.store.put(textKey, Readable.from([textBytes]), { maxBytes, contentType: "text/plain; charset=utf-8" }),
      storeResult(ctx.store, resultKey, result, maxBytes),
    ]);
    return {
      status: "succeeded",
      message: `Stored processed text (${textBytes.length} bytes) and result JSON`,
      summary: { textBytes: textBytes.length, resultBytes },
      data: { textKey, resultKey },
      document: { extractedText: text, textKey, resultKey },
    };
  },
};
