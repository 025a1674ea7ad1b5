import { extractDocument } from "../../extraction/fields/index.js";
import { correctedReading, currentPageModels, pageModelsHaveGeometry, type PipelineStep } from "../step.js";

/** Parties, dates, amounts, identifiers and contacts, each with where it was found, and the line items. */
export const extractFieldsStep: PipelineStep<"extract_fields"> = {
  name: "extract_fields",
  deferStart: true,
  async run(ctx) {
    // The producers' page models: PDF text-layer and OCR words with their boxes and reading confidences.
    const { fields, lineItems } = extractDocument(currentPageModels(ctx.outputs), {
      // A person's type, when they corrected it, tunes the extractors as the classifier's would.
      documentType: ctx.corrections?.type?.type ?? ctx.outputs.classify?.type,
      referenceDate: ctx.document.createdAt,
      geometry: pageModelsHaveGeometry(ctx.outputs),
    });
    const names = [...new Set(fields.map((f) => f.name))];
    return {
      status: "succeeded",
      message: `${fields.length} field(s): ${names.join(", ") || "none"}; ${lineItems.length} line item(s)`,
      summary: { count: fields.length, names, lineItems: lineItems.length },
      data: { fields, lineItems },
      // The step's result is the machine's reading; the document shows people's corrections over it.
      document: { fields: correctedReading({ outputs: { ...ctx.outputs, extract_fields: { fields, lineItems } }, corrections: ctx.corrections }).fields, lineItems },
    };
  },
};
