import { buildContext, extractDocument } from "../../extraction/fields/index.js";
import { applyAnchors, issuerKeys } from "../../extraction/learning/index.js";
import { boxesOnStoredPages } from "../../extraction/page/stored-frame.boxes.js";
import { correctedReading, currentPageModels, pageModelsHaveGeometry, type PipelineStep } from "../step.js";

/** Parties, dates, amounts, identifiers and contacts, each with where it was found, and the line items; then what the owner's corrections of the same issuer taught. */
export const extractFieldsStep: PipelineStep<"extract_fields"> = {
  name: "extract_fields",
  deferStart: true,
  async run(ctx) {
    // The producers' page models: PDF text-layer and OCR words with their boxes and reading confidences.
    const pages = currentPageModels(ctx.outputs);
    const options = {
      // A person's type, when they corrected it, tunes the extractors as the classifier's would.
      documentType: ctx.corrections?.type?.type ?? ctx.outputs.classify?.type,
      referenceDate: ctx.document.createdAt,
      geometry: pageModelsHaveGeometry(ctx.outputs),
      // The issuer's machine-readable invoice embedded in the PDF, when it carries one.
      einvoice: ctx.outputs.extract_text?.einvoice ?? null,
    };
    const extracted = extractDocument(pages, options);
    let fields = extracted.fields;
    const keys = ctx.learning ? issuerKeys(fields, pages.map((p) => p.text)) : [];
    if (ctx.learning && keys.length > 0) {
      // A reprocessed document is not taught by its own corrections (those stand over its reading as they are).
      const anchors = (await ctx.learning.anchorsFor(ctx.document.ownerId, keys)).filter((a) => a.sourceDocumentId !== ctx.document.id);
      fields = applyAnchors(pages, fields, anchors, keys, buildContext(pages.map((p) => p.text), options), options.geometry);
    }
    // Boxes leave on the pages as stored (what a client draws on, where a person points), also of pages read turned.
    const stored = boxesOnStoredPages(fields, extracted.lineItems, pages);
    fields = stored.fields;
    const { lineItems } = stored;
    const names = [...new Set(fields.map((f) => f.name))];
    const learned = fields.filter((f) => f.learnedFrom !== undefined).map((f) => f.name);
    return {
      status: "succeeded",
      message: `${fields.length} field(s): ${names.join(", ") || "none"}; ${lineItems.length} line item(s)${learned.length > 0 ? `; learned: ${learned.join(", ")}` : ""}`,
      summary: { count: fields.length, names, lineItems: lineItems.length, ...(keys.length > 0 ? { issuer: keys[0] } : {}), ...(learned.length > 0 ? { learned } : {}) },
      data: { fields, lineItems },
      // The step's result is the machine's reading; the document shows people's corrections over it.
      document: { fields: correctedReading({ outputs: { ...ctx.outputs, extract_fields: { fields, lineItems } }, corrections: ctx.corrections }).fields, lineItems },
    };
  },
};
