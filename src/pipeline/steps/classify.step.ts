import { classifyDocument } from "../../extraction/classifier.js";
import { currentPages, type PipelineStep } from "../step.js";

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
      document: { documentType: result.type, typeConfidence: result.confidence },
    };
  },
};
