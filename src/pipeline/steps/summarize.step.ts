import { correctedReading, type PipelineStep } from "../step.js";

/** A short deterministic one-line summary from the type and fields (people's corrections applied). */
export const summarizeStep: PipelineStep<"summarize"> = {
  name: "summarize",
  deferStart: true,
  async run(ctx) {
    const summary = correctedReading(ctx).summary ?? "";
    return { status: "succeeded", message: summary, summary: { summary }, data: { summary }, document: { summary } };
  },
};
