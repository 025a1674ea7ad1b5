import { extractDocumentFields, pageFromText } from "../../extraction/fields/index.js";
import { currentPages, type PipelineStep } from "../step.js";

/** Parties, dates, amounts, identifiers and contacts, each with where it was found. */
export const extractFieldsStep: PipelineStep<"extract_fields"> = {
  name: "extract_fields",
  weight: 10,
  async run(ctx) {
    // Until the page builder feeds page models through the pipeline, pages are rebuilt from their text
    // (positions on a character grid guide the search; no box is reported for them).
    const ocr = ctx.outputs.ocr;
    const pages = currentPages(ctx.outputs).map((text, i) => {
      const page = pageFromText(text, i + 1);
      // An OCR'd page rebuilt from text has no word confidences: the page's mean OCR confidence stands in.
      if (ocr?.ocrPages.includes(i + 1) && ocr.meanConfidence !== null) return { ...page, source: "ocr" as const, confidence: ocr.meanConfidence };
      return page;
    });
    const fields = extractDocumentFields(pages, {
      documentType: ctx.outputs.classify?.type,
      referenceDate: ctx.document.createdAt,
      geometry: false,
    });
    const names = [...new Set(fields.map((f) => f.name))];
    return {
      status: "succeeded",
      message: `${fields.length} field(s): ${names.join(", ") || "none"}`,
      summary: { count: fields.length, names },
      data: { fields },
      document: { fields },
    };
  },
};
