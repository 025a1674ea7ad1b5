import { classifyDocument } from "../../extraction/classifier.js";
import type { ResultReading } from "../../documents/result.layout.js";
import { correctedReading, currentPages, type PipelineStep } from "../step.js";

/** Document type with a confidence, the runners-up and the cues that decided it. */
export const classifyStep: PipelineStep<"classify"> = {
  name: "classify",
  deferStart: true,
  async run(ctx) {
    const result = classifyDocument(currentPages(ctx.outputs));
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
