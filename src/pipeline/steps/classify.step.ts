import { classifyDocument } from "../../extraction/classifier.js";
import { applyTypeExamples, documentSignature } from "../../extraction/learning/index.js";
import type { ResultReading } from "../../documents/result.layout.js";
import { correctedReading, currentPages, type PipelineStep } from "../step.js";

/** Document type with a confidence, the runners-up and the cues that decided it; the owner's corrected types count as cues. */
export const classifyStep: PipelineStep<"classify"> = {
  name: "classify",
  deferStart: true,
  async run(ctx) {
    const pages = currentPages(ctx.outputs);
    const embedded = ctx.outputs.extract_text?.einvoice;
    let result = classifyDocument(pages, { embeddedInvoice: embedded ? { filename: embedded.filename, kind: embedded.invoice.kind } : null });
    const examples = ctx.learning ? (await ctx.learning.typeExamples(ctx.document.ownerId)).filter((e) => e.documentId !== ctx.document.id) : [];
    if (examples.length > 0) result = applyTypeExamples(result, documentSignature(pages), examples);
    const runnersUp = result.scores.filter((s) => s.type !== result.type).slice(0, 3);
    return {
      status: "succeeded",
      message: `${result.type} (confidence ${result.confidence.toFixed(2)})`,
      summary: { type: result.type, confidence: result.confidence, runnersUp, cues: result.cues.filter((c) => c.type === result.type).map((c) => c.cue) },
      data: result,
      // The step's result is the classifier's; the document shows a person's type over it.
      document: documentType(correctedReading({ outputs: { ...ctx.outputs, classify: result }, corrections: ctx.corrections })),
    };
  },
};

function documentType(reading: ResultReading): { documentType?: string; typeConfidence?: number } {
  return reading.type === null ? {} : { documentType: reading.type, typeConfidence: reading.confidence ?? 0 };
}
